import ArgumentParser
import Extraction
import Foundation

/// `ecglens extract PATH... [--out features.csv] [--jobs N] [--resume]`.
struct Extract: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Measure every ECG: one row of intervals, axes, amplitudes, rhythm and quality per record.",
    discussion: """
      PATH is a WFDB record, a folder (searched recursively) or a record list (one record per \
      line, relative to the list, like PhysioNet's RECORDS). Each record is read, screened \
      (missing, flat, saturated leads), beat-detected on all usable leads, delineated on every \
      lead and measured; columns are ecg_id (the record name) and the feature catalogue \
      (`ecglens features`), empty where a value could not be measured. Beside the output, \
      OUT.records.csv lists every record with its status: a record that cannot be measured is \
      skipped there with its error and the batch goes on (exit status 1). Rows stream to \
      OUT.partial and are renamed into place when the batch completes; after an interruption, \
      --resume continues from the last completed record without losing or repeating any.

      Windows (--window): a record of up to 60 s gives one row; a longer one (a Holter \
      recording, a 30-min MIT-BIH record) gives one row per 10 s window by default, so long \
      recordings feed the same models as 10 s ECGs. --window SECONDS cuts every record into \
      windows of that length; --window whole gives one row per record whatever its length. When \
      any record of the batch is windowed, every row starts with ecg_id, window_start_s, \
      window_end_s (seconds from the record's start) and window_status: "ok", or why the \
      window has no values (fewer than two beats, no usable lead, a last window shorter than \
      the others); such a window keeps its row, with empty values. Each window is measured as \
      a record of that length would be, with the beats detected on the whole record. A record \
      longer than an hour is read and processed in 5-minute chunks that overlap by 20 s (the \
      leads scaled per chunk: 0.7 % of beats differ from one pass over it): time grows linearly with its length and memory stays \
      bounded; its whole-record row (--window whole) takes each lead's median beat from at most \
      10,000 evenly spaced beats, and judges lead screening and the P-wave checks per chunk.

      Shards (--shard I/N, I from 1 to N): measure only the records of shard I, chosen by a \
      stable hash of each record's file name (its path with --id path), never by its position, \
      so adding records moves no other record. Every shard is given the same PATHs; beside OUT \
      it writes OUT.manifest.json (the batch's inputs fingerprint, options, row counts and \
      SHA-256 of both files), and `ecglens merge` joins the N parts into the single run's files.
      """)

  @Argument(help: "Records, folders or record lists.")
  var paths: [String]

  @Option(name: [.short, .long], help: "Output CSV (a file). The record report goes to the same name with .records.csv.")
  var out = "features.csv"

  @OptionGroup var parallelism: JobsOption

  @Option(help: "ecg_id: the record name from its header (name), or the record path as found (path), when names repeat across databases.")
  var id = RecordIDSource.name

  @Option(help: "Rows: auto (one per record up to 60 s, one per 10 s window beyond), whole (one per record), or SECONDS (one per window).")
  var window = WindowOption.auto

  @Option(help: "Measure only shard I of N (1 <= I <= N) and write OUT.manifest.json for `ecglens merge`.")
  var shard: ShardOption?

  @Flag(help: "Continue an interrupted run from OUT.partial.")
  var resume = false

  @Flag(help: "Replace an existing output (and discard an interrupted run).")
  var force = false

  func run() throws {
    let records = try discoverRecords(paths)
    let progress = Progress(label: "extract")
    let summary = try extractFeatures(
      records: records, output: out,
      options: ExtractionOptions(
        jobs: parallelism.jobs, idSource: id, resume: resume, force: force, window: window.windowing,
        shard: shard?.shard)
    ) { event in
      switch event {
      case .resumed(let n): progress.note("extract: resuming after \(n) records")
      case .skipped(let path, let error): progress.note("error: \(path): skipped: \(error)")
      case .progress(let done, let total, let skipped, let rate):
        progress.update(
          String(
            format: "%d/%d records, %.0f/s, %d skipped, %.0f s left", done, total, rate, skipped,
            rate > 0 ? Double(total - done) / rate : 0))
      }
    }
    progress.finish()
    warn(
      String(
        format: "extract: %d records measured, %d skipped in %.1f s (%.0f records/s, %d jobs) -> %@; report %@",
        summary.measured, summary.skipped, summary.seconds, Double(summary.attempted) / max(summary.seconds, 1e-9), summary.jobs,
        out, summary.files.report))
    if let shard { warn("extract: shard \(shard.shard) -> manifest \(summary.files.manifest)") }
    try finishBatch(succeeded: summary.measured + summary.resumed, skipped: summary.skipped)
  }
}

extension RecordIDSource: ExpressibleByArgument {}

/// `--window auto|whole|SECONDS`.
struct WindowOption: ExpressibleByArgument {
  var windowing: FeatureWindowing
  static let auto = WindowOption(windowing: .auto)
  init(windowing: FeatureWindowing) { self.windowing = windowing }
  init?(argument: String) {
    switch argument {
    case "auto": windowing = .auto
    case "whole": windowing = .whole
    default:
      guard let s = Double(argument), s.isFinite, s >= 1 else { return nil }
      windowing = .seconds(s)
    }
  }
  var defaultValueDescription: String { "auto" }
}

/// `--shard I/N`.
struct ShardOption: ExpressibleByArgument {
  var shard: BatchShard
  init?(argument: String) {
    guard let s = BatchShard(text: argument) else { return nil }
    shard = s
  }
}
