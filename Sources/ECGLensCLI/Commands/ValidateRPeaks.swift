import ArgumentParser
import Delineation
import Extraction

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
