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
      A record that cannot be read is reported on standard error and skipped (exit status 1). \
      A record longer than an hour (a Holter recording) is read and detected in 5-minute chunks \
      that overlap by 20 s and are joined at a beat both chunks found, so time grows linearly \
      with its length and memory stays bounded (on MIT-BIH cut into 2-minute chunks, 89 of 109,908 \
      beats differ from one pass over the record); a \
      chunk that gives no beats (a flat stretch) is named in a warning.
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

  @Flag(
    help: ArgumentHelp(
      "Add columns readable (1/0) and reason: the signal quality of the 10 s window each beat is in.",
      discussion: "Orphanidou et al. 2015 with Li et al. 2008's kurtosis on the detection lead; a beat "
        + "with readable 0 was found in a stretch that cannot be trusted (noise, no peaked QRS)."))
  var quality = false

  @Option(
    help: ArgumentHelp(
      "Override a QRS detector constant, NAME=VALUE (repeatable).",
      discussion: "For noisy ambulatory recordings, noiseFractionSlope=3 and noiseRatioKnee=0.03 raise the "
        + "threshold with in-band noise: fewer false beats, a few more missed ones (see the noise-stress "
        + "table in docs/validation)."))
  var param: [String] = []

  @OptionGroup var parallelism: JobsOption

  func run() throws {
    var detector = QRSDetectorParameters()
    for p in param where !detector.set(p) { throw CLIError("--param \(p): unknown constant or value") }
    var csv = csvLine(["record", "sample"] + (quality ? ["readable", "reason"] : []))
    var done = 0, failures = 0
    for path in try discoverRecords(records) {
      do {
        let beats = try detectRecordBeats(
          at: path, lead: lead, allLeads: allLeads, jobs: parallelism.jobs, quality: quality, detector: detector)
        for w in beats.warnings { warn("warning: \(w)") }
        let states = beats.quality.map { qualityOfBeats(beats.rPeaks, windows: $0) }
        for (k, p) in beats.rPeaks.enumerated() {
          let state = states.map { s in s[k].map { [$0.readable ? "1" : "0", $0.reason?.rawValue ?? ""] } ?? ["0", ""] }
          csv += csvLine([beats.name, String(p)] + (state ?? []))
        }
        if let wfdbDir {
          let channel = UInt8(clamping: beats.lead)
          let set = AnnotationSet(annotations: beats.rPeaks.map { Annotation(sample: $0, code: .normal, channel: channel) })
          try writeAnnotationFile(set, to: wfdbDir + "/" + beats.name + "." + annotator)
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
