import ArgumentParser
import Delineation
import Extraction

/// `ecglens validate measurements --db LUDB`.
struct ValidateMeasurements: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "measurements",
    abstract: "Global PR, QRS and QT vs references from LUDB's manual annotations: mean difference and SD.",
    discussion: """
      The reference of a record is the median, over every annotated beat of every lead, of the \
      interval the cardiologists' fiducials give in that lead: PR = QRS onset - onset of the P \
      wave before it, QRS = QRS offset - onset, QT = offset of the T wave after it - QRS onset \
      (a wave without the needed onset or offset is left out). The measurement is ECGLens's \
      global interval (`ecglens extract`). A record counts for an interval when both have it; \
      records where only one side has a P wave are counted separately.
      """)

  @Option(help: "LUDB folder.")
  var db: String

  @Option(name: [.short, .long], help: "Also write per-record values as CSV (a file, written atomically).")
  var out: String?

  func run() throws {
    let result = try validateMeasurements(database: db)
    Console.out(result.table)
    if let out { try emit(result.perRecordCSV, to: out) }
    try reportFailures(result.failures, scored: result.records)
  }
}
