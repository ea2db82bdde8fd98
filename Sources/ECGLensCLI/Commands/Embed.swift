import ArgumentParser
import Embeddings
import Extraction
import Foundation

/// `ecglens embed PATH... --model MODEL.onnx [--out embeddings.csv] [--jobs N] [--batch N] [--pad]`.
struct Embed: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a pretrained ECG encoder (ONNX) on every ECG: one embedding row per record.",
    discussion: """
      PATH is a record in any format ECGLens reads, a folder (searched recursively) or a record list. \
      MODEL.onnx comes with a sidecar, MODEL.json (or --sidecar), stating the leads and their order, \
      the sampling rate, the number of samples, the scaling, the pooling and the embedding size D; each \
      record is prepared exactly so (leads selected by name, polyphase resampling, centre or start crop) \
      and the output has columns ecg_id (the record name, as extract writes it) and emb_0 ... emb_{D-1}. \
      A record that cannot meet the sidecar's needs (unreadable, a lead missing, shorter than the \
      window unless --pad) is skipped and listed in OUT.records.csv with its reason; the batch goes on \
      (exit status 1). Rows stream to OUT.partial and are renamed into place when the batch completes. \
      ONNX Runtime is loaded at run time: ECGLENS_ONNXRUNTIME (a file or folder), else the onnxruntime \
      Python package (pip install onnxruntime; ECGLENS_PYTHON names the interpreter), else the system \
      loader. See docs/embeddings.md for exporting an encoder and writing its sidecar.
      """)

  @Argument(help: "Records, files, folders or record lists.")
  var paths: [String]

  @Option(name: .long, help: "The encoder (.onnx).")
  var model: String

  @Option(name: .long, help: "Its sidecar (default: MODEL with .json).")
  var sidecar: String?

  @Option(name: [.short, .long], help: "Output CSV (a file). The record report goes to the same name with .records.csv.")
  var out = "embeddings.csv"

  @OptionGroup var parallelism: JobsOption

  @Option(help: "ECGs per encoder run (1 to 4096; the sidecar's max_batch caps it).")
  var batch = 16

  @Flag(help: "Zero-pad records shorter than the encoder's window instead of skipping them.")
  var pad = false

  @Flag(help: "Replace an existing output.")
  var force = false

  func validate() throws {
    guard (1...4096).contains(batch) else { throw CLIError("--batch \(batch): must be between 1 and 4096") }
    guard FileManager.default.fileExists(atPath: model) else { throw CLIError("--model \(model): no such file") }
  }

  func run() throws {
    let records: [String]
    let encoder: ECGEncoder
    do {
      records = try discoverRecords(paths)
      // Records run in parallel (--jobs), each encoder run on one thread.
      encoder = try ECGEncoder(
        modelPath: model, sidecarPath: sidecar, runtime: OnnxRuntime(), options: OnnxSessionOptions(intraOpThreads: 1))
    } catch let error as OnnxRuntimeError {
      throw CLIError("\(error)", status: .failed)
    } catch {
      throw CLIError("\(error)")
    }
    let progress = Progress(label: "embed")
    let summary = try embedRecordings(
      records, encoder: encoder, output: out,
      options: EmbeddingBatchOptions(jobs: parallelism.jobs, batchSize: batch, pad: pad, force: force)
    ) { event in
      switch event {
      case .skipped(let path, let reason): progress.note("error: \(path): skipped: \(reason)")
      case .progress(let done, let total, let skipped, let rate):
        progress.update(
          String(
            format: "%d/%d records, %.1f/s, %d skipped, %.0f s left", done, total, rate, skipped,
            rate > 0 ? Double(total - done) / rate : 0))
      }
    }
    progress.finish()
    warn(
      String(
        format: "embed: %d records embedded (D = %d), %d skipped in %.1f s (%.1f records/s, %d jobs) -> %@; report %@",
        summary.embedded, encoder.sidecar.embeddingSize, summary.skipped, summary.seconds,
        Double(summary.embedded + summary.skipped) / max(summary.seconds, 1e-9), summary.jobs, out, summary.report))
    try finishBatch(succeeded: summary.embedded, skipped: summary.skipped)
  }
}
