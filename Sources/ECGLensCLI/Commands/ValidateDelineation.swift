import ArgumentParser
import Delineation
import Extraction

/// `ecglens validate delineation --db LUDB`.
struct ValidateDelineation: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "delineation",
    abstract: "Per-lead delineation vs LUDB's manual annotations: Se, PPV, error mean and SD per fiducial.",
    discussion: """
      Every lead of every record is scored against its annotation file (RECORD.i, .ii ...). A \
      detection matches a reference of the same fiducial one-to-one within --window-ms; only \
      detections inside the lead's annotated span (first to last annotation) count as false \
      positives, because LUDB leaves the first and last beats unannotated (a detection up to \
      the window outside the span may still match an annotation at its edge). A P wave reported absent \
      where none is annotated (atrial fibrillation) is correct: it adds neither a miss nor an \
      extra. Errors (detected - reference, ms) are over matched pairs; CSE 2SD tolerances are \
      shown where CSE gives one. A few LUDB waves are annotated without an onset or offset; \
      the detected onset or offset of such a wave is not scored. With --leads, only those leads \
      are delineated (resampled with --rate) and the global fiducials are scored against every \
      lead's annotation file.
      """)

  @Option(help: "LUDB folder.")
  var db: String

  @Option(help: "Match window in ms.")
  var windowMs = 150.0

  @Option(name: [.short, .long], help: "Also write the table as CSV (a file, written atomically).")
  var out: String?

  @Option(help: "Override a delineation constant, NAME=VALUE (repeatable; for tuning runs).")
  var param: [String] = []

  @Flag var mode: LeadFiducials = .guided

  @Option(
    help: "Resample every record to this rate (Hz) before delineating, and score at the record's rate: checks that no constant is tied to one rate.")
  var rate: Double?

  @Option(
    help: "Score these fiducials (CSV in the `ecglens delineate` format) instead of running ECGLens, so other tools are scored by the same rules.")
  var detections: String?

  @Option(
    help:
      "Delineate with these leads only (e.g. ii,v5; all), and score the record's global fiducials against every lead's annotation file."
  )
  var leads: String?

  @Option(help: "Score only the records numbered FIRST-LAST (e.g. 101-200).")
  var records: String?

  @Option(help: "Also write each record's counts and errors per fiducial, all leads pooled, as CSV (atomically): which records lose most.")
  var perRecord: String?

  func run() throws {
    var options = DelineationValidationOptions()
    for p in param where !options.parameters.set(p) { throw CLIError("--param \(p): unknown constant or value") }
    options.windowMs = windowMs
    options.mode = mode
    options.rate = rate
    options.detections = try detections.map(readDelineationTable)
    options.leads = leads
    if let records {
      let bounds = records.split(separator: "-").compactMap { Int($0) }
      guard bounds.count == 2, bounds[0] <= bounds[1] else { throw CLIError("--records \(records): expected FIRST-LAST, e.g. 101-200") }
      options.recordRange = bounds[0]...bounds[1]
    }
    let result = try validateDelineation(database: db, options: options)
    Console.out(result.table)
    if let out { try emit(result.csv, to: out) }
    if let perRecord { try emit(result.perRecordCSV, to: perRecord) }
    try reportFailures(result.failures, scored: result.records)
  }
}
