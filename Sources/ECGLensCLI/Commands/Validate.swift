import ArgumentParser
import Delineation
import Extraction

/// `ecglens validate ...`: score algorithms against expert reference annotations.
struct Validate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Score ECGLens against reference databases.",
    subcommands: [ValidateRPeaks.self, ValidateDelineation.self, ValidateMeasurements.self, ValidatePPresence.self])
}

/// Prints each record a validation could not score and ends with status 1 if there was one.
func reportFailures(_ failures: [(path: String, error: String)], scored: Int) throws {
  for f in failures { warn("error: \(f.path): skipped: \(f.error)") }
  try finishBatch(succeeded: scored, skipped: failures.count)
}

/// `ecglens validate rpeaks --db PATH`: AAMI EC57 beat-by-beat comparison on a database.
struct ValidateRPeaks: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rpeaks",
    abstract: "R-peak detection vs the reference beat annotations (AAMI EC57 style).",
    discussion: """
      Every record of the database (its RECORDS file, else every .hea) is read whole; \
      detections are matched one-to-one to beat-type annotations (WFDB isqrs codes) within \
      the window; the table gives per-record and gross Se, +P and F1, and the timing error. \
      A record whose annotations cannot be read is named and the exit status is 1.
      """)

  @Option(help: "Database folder (e.g. ../shared/data/mitdb).")
  var db: String

  @Option(help: "Lead name or 0-based index (default: the first signal, MLII in MIT-BIH).")
  var lead: String?

  @Option(help: "Reference annotator (file extension).")
  var annotator = "atr"

  @Option(help: "Match window in ms.")
  var windowMs = 150.0

  @Flag(
    help:
      "Score only detections inside the annotated span (first to last reference beat, +/- the window), for databases such as LUDB that leave the edge beats unannotated."
  )
  var annotatedSpan = false

  @Option(
    help:
      "Score these detections (CSV `record,sample`, as `ecglens beats` writes) instead of running the ECGLens detector, so other tools are scored by the same rules."
  )
  var detections: String?

  @Option(name: [.short, .long], help: "Also write the per-record table as CSV (a file, written atomically).")
  var out: String?

  func run() throws {
    var options = RPeakValidationOptions()
    options.lead = lead
    options.annotator = annotator
    options.windowMs = windowMs
    options.annotatedSpan = annotatedSpan
    options.detections = try detections.map(readBeatTable)
    let result = try validateRPeaks(database: db, options: options)
    Console.out(result.table)
    if let out { try emit(result.csv, to: out) }
    try reportFailures(result.failures, scored: result.rows.count)
  }
}

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
