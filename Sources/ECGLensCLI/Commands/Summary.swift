import ArgumentParser
import Extraction

/// `ecglens summary RECORD...`: what is in a record and its beats, at a glance.
struct Summary: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Read records, detect beats and print a summary (scored against .atr when present).")

  @Argument(help: "Records, folders or record lists.")
  var records: [String]

  @Option(help: "Lead to use: a signal name or a 0-based index. Default: the first.")
  var lead: String?

  @Option(help: "Reference annotator to score against when its file exists.")
  var annotator = "atr"

  func run() throws {
    var done = 0, failures = 0
    for path in try discoverRecords(records) {
      do {
        Console.out(try summarizeRecord(path, lead: lead, annotator: annotator))
        done += 1
      } catch {
        failures += 1
        warn("error: \(path): skipped: \(error)")
      }
    }
    try finishBatch(succeeded: done, skipped: failures)
  }
}
