import ArgumentParser
import Delineation
import Extraction

/// `ecglens validate p-presence --db MITDB`.
struct ValidatePPresence: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "p-presence",
    abstract: "P waves found per rhythm of a database's rhythm annotations (MIT-BIH .atr): present in sinus rhythm, absent in AF and flutter.",
    discussion: """
      Every record is delineated in windows of --window-seconds (each with 1 s of signal on \
      either side) with the chosen leads, as a 10 s ECG is. Each normal or bundle-branch-block \
      reference beat (N, L, R) takes the rhythm in force at it (aux text "(N", "(AFIB", "(AFL", \
      "(SBR" ...) and has a P wave when the detected beat within 150 ms has a global P wave. \
      A window counts for a rhythm that holds all through it, and has P when at least half of \
      its counted beats do. Sinus rhythms (N, SBR, B, T, BII, PREX) should have P, atrial \
      fibrillation and flutter (AFIB, AFL) not.
      """)

  @Option(help: "Database folder with .atr rhythm annotations (e.g. ../shared/data/mitdb).")
  var db: String

  @Option(help: "Leads to delineate with: all, or comma-separated names.")
  var leads = "all"

  @Option(help: "Resample every record to this rate (Hz) before delineating.")
  var rate: Double?

  @Option(help: "Window length in seconds.")
  var windowSeconds = 10.0

  @Option(help: "Override a delineation constant, NAME=VALUE (repeatable; for tuning runs).")
  var param: [String] = []

  @Option(name: [.short, .long], help: "Also write the table as CSV (a file, written atomically).")
  var out: String?

  @Option(help: "Also write each record's counts per rhythm as CSV (atomically).")
  var perRecord: String?

  func run() throws {
    var options = PPresenceOptions()
    for p in param where !options.parameters.set(p) { throw CLIError("--param \(p): unknown constant or value") }
    options.leads = leads
    options.rate = rate
    options.windowSeconds = windowSeconds
    let result = try validatePPresence(database: db, options: options)
    Console.out(result.table)
    if let out { try emit(result.csv, to: out) }
    if let perRecord { try emit(result.perRecordCSV, to: perRecord) }
    try reportFailures(result.failures, scored: result.records)
  }
}
