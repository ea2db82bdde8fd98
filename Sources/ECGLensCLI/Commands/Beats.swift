import ArgumentParser
import Delineation
import Extraction
import Signals
import Tables

/// `ecglens beats RECORD... [--lead NAME|INDEX] [--out FILE]`: R peaks as CSV.
struct Beats: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Detect R peaks and write `record,sample` CSV (0-based samples at the record's rate).",
    discussion: """
      A record that cannot be read is reported on standard error and skipped (exit status 1).
      """)

  @Argument(help: "Records, folders or record lists.")
  var records: [String]

  @Option(help: "Lead to use: a signal name (MLII, ii, V1 ...) or a 0-based index. Default: the first.")
  var lead: String?

  @Flag(help: "Fuse all leads of the record for detection (R peaks placed on --lead).")
  var allLeads = false

  @Option(name: [.short, .long], help: "Output CSV (a file, written atomically; - for standard output).")
  var out = "-"

  @Option(help: "Also save each record's beats as a WFDB annotation file DIR/RECORD.ANNOTATOR (code N, channel = the lead).")
  var wfdbDir: String?

  @Option(help: "Annotator (file extension) for --wfdb-dir.")
  var annotator = "qrs"

  @Option(help: "Override a QRS detector constant, NAME=VALUE (repeatable; for tuning runs).")
  var param: [String] = []

  @Flag(help: "Add columns readable (1/0) and reason: the signal quality of the 10 s window each beat is in.")
  var quality = false

  func run() throws {
    var parameters = QRSDetectorParameters()
    for p in param where !parameters.set(p) { throw CLIError("--param \(p): unknown constant or value") }
    var csv = quality ? "record,sample,readable,reason\n" : "record,sample\n"
    var done = 0, failures = 0
    for path in try discoverRecords(records) {
      do {
        let record = try readRecord(at: path)
        let index = try leadIndex(lead, in: record, path: path)
        var leads = [record.physical(index)]
        if allLeads { leads += record.digital.indices.filter { $0 != index }.map { record.physical($0) } }
        let peaks = try detectBeats(inLeads: leads, samplingRate: record.samplingFrequency(ofSignal: index), parameters: parameters)
        for w in record.warnings { warn("warning: \(w)") }
        let fs = record.samplingFrequency(ofSignal: index)
        let windows = quality ? signalQuality(leads[0], beats: peaks, samplingRate: fs) : []
        let states = quality ? qualityOfBeats(peaks, windows: windows) : []
        for (k, p) in peaks.enumerated() {
          let state = quality ? "," + (states[k]?.reason.map { "0,\(quoteCell($0.rawValue))" } ?? "1,") : ""
          csv += "\(quoteCell(record.name)),\(p)\(state)\n"
        }
        if let wfdbDir {
          let set = AnnotationSet(annotations: peaks.map { Annotation(sample: $0, code: .normal, channel: UInt8(clamping: index)) })
          try writeAnnotationFile(set, to: wfdbDir + "/" + record.name + "." + annotator)
        }
        done += 1
      } catch {
        failures += 1
        warn("error: \(path): skipped: \(error)")
      }
    }
    try emit(csv, to: out)
    try finishBatch(succeeded: done, skipped: failures)
  }
}
