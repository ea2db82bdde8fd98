import Core
import DSP
import Foundation
import Signals
import Synchronization

/// How ``embedRecordings(_:encoder:output:options:onEvent:)`` runs a batch.
public struct EmbeddingBatchOptions: Sendable {
  /// Records read, prepared and run in parallel (at least 1); give the encoder's session 1 intra-op
  /// thread when this is above 1.
  public var jobs: Int
  /// ECGs per encoder run (also capped by the sidecar's `max_batch`).
  public var batchSize: Int
  /// Zero-pad records shorter than the encoder's window (`samples / sampling_rate_hz` seconds) instead
  /// of skipping them.
  public var pad: Bool
  /// Replace an existing output.
  public var force: Bool

  public init(jobs: Int, batchSize: Int = 16, pad: Bool = false, force: Bool = false) {
    self.jobs = max(1, jobs)
    self.batchSize = max(1, batchSize)
    self.pad = pad
    self.force = force
  }
}

/// What a batch reports while it runs.
public enum EmbeddingEvent: Sendable {
  /// A record could not be embedded (unreadable, a lead missing, too short ...); the batch goes on.
  case skipped(path: String, reason: String)
  /// `done` of `total` records handled.
  case progress(done: Int, total: Int, skipped: Int, recordsPerSecond: Double)
}

/// The outcome of a batch.
public struct EmbeddingSummary: Sendable {
  public var embedded: Int
  public var skipped: Int
  public var seconds: Double
  public var jobs: Int
  /// The embeddings CSV and its record report (`OUT.records.csv`).
  public var output: String
  public var report: String
}

/// Why a batch could not run at all.
public struct EmbeddingBatchError: Error, Equatable, Sendable, CustomStringConvertible {
  public let file: String
  public let problem: String
  public init(file: String, problem: String) { self.file = file; self.problem = problem }
  public var description: String { "\(file): \(problem)" }
}

/// Embeds every recording with `encoder` and writes one row per record: `ecg_id` (the recording's name,
/// as `ecglens extract` writes it) and `emb_0 ... emb_{D-1}` (D: the sidecar's `embedding_size`).
///
/// Each recording is read with `readRecording(at:)` (any supported format), prepared as its sidecar says
/// (``EncoderInput/prepare(leadNames:samples:samplingRateHz:sidecar:resample:)``, resampling with DSP's
/// polyphase `resample`) and run in batches of `options.batchSize`, `options.jobs` batches at a time.
/// A recording that cannot meet the sidecar's needs (unreadable, a lead missing, shorter than the
/// window unless `pad`, an `ecg_id` already seen) is skipped with its reason and the batch goes on.
/// Rows stream to `OUT.partial` in input order and are renamed into place when the batch completes;
/// `OUT.records.csv` lists every record with its status (`embedded` or `skipped`) and reason.
/// `onEvent` is called on the calling thread, after each chunk.
/// - Throws: ``EmbeddingBatchError`` when the output exists (without `force`) or cannot be written, or
///   the encoder fails on a whole batch (its error names the model).
public func embedRecordings(
  _ paths: [String], encoder: ECGEncoder, output: String, options: EmbeddingBatchOptions,
  onEvent: (EmbeddingEvent) -> Void = { _ in }
) throws -> EmbeddingSummary {
  let files = EmbeddingFiles(output: output, size: encoder.sidecar.embeddingSize)
  try files.start(force: options.force)
  let started = Date()
  let perRun = max(1, min(options.batchSize, encoder.sidecar.maxBatch ?? Int.max))
  let chunkSize = perRun * options.jobs
  var seen: [String: String] = [:]
  var embedded = 0
  var skipped = 0
  var index = 0
  while index < paths.count {
    let chunk = Array(paths[index..<min(paths.count, index + chunkSize)])
    let outcomes = try embedChunk(chunk, encoder: encoder, perRun: perRun, jobs: options.jobs, pad: options.pad)
    var rows = ""
    var report = ""
    for (path, outcome) in zip(chunk, outcomes) {
      switch outcome {
      case .embedded(let id, let values):
        if let first = seen[id] {
          let reason = "ecg_id \(id) already embedded from \(first)"
          skipped += 1
          report += EmbeddingFiles.reportLine(path: path, id: id, status: "skipped", reason: reason)
          onEvent(.skipped(path: path, reason: reason))
          continue
        }
        seen[id] = path
        embedded += 1
        rows += EmbeddingFiles.row(id: id, values: values)
        report += EmbeddingFiles.reportLine(path: path, id: id, status: "embedded", reason: "")
      case .skipped(let id, let reason):
        skipped += 1
        report += EmbeddingFiles.reportLine(path: path, id: id, status: "skipped", reason: reason)
        onEvent(.skipped(path: path, reason: reason))
      }
    }
    try files.append(rows: rows, report: report)
    index += chunk.count
    let elapsed = Date().timeIntervalSince(started)
    onEvent(.progress(done: index, total: paths.count, skipped: skipped, recordsPerSecond: Double(index) / max(elapsed, 1e-9)))
  }
  try files.finish()
  return EmbeddingSummary(
    embedded: embedded, skipped: skipped, seconds: Date().timeIntervalSince(started), jobs: options.jobs,
    output: files.output, report: files.report)
}

/// What became of one recording.
enum EmbeddingOutcome: Sendable {
  case embedded(id: String, values: [Float])
  case skipped(id: String, reason: String)
}

/// Reads, prepares and embeds one chunk: `jobs` workers, each taking `perRun` recordings at a time.
func embedChunk(_ chunk: [String], encoder: ECGEncoder, perRun: Int, jobs: Int, pad: Bool) throws -> [EmbeddingOutcome] {
  let results = Mutex<[EmbeddingOutcome?]>(Array(repeating: nil, count: chunk.count))
  let failure = Mutex<(any Error)?>(nil)
  let runs = (chunk.count + perRun - 1) / perRun
  DispatchQueue.concurrentPerform(iterations: min(jobs, runs)) { worker in
    for run in stride(from: worker, to: runs, by: jobs) {
      let range = (run * perRun)..<min(chunk.count, (run + 1) * perRun)
      var ready: [(index: Int, id: String, ecg: PreparedECG)] = []
      for k in range {
        switch prepareRecording(chunk[k], sidecar: encoder.sidecar, pad: pad) {
        case .success(let (id, ecg)): ready.append((k, id, ecg))
        case .failure(let skip): results.withLock { $0[k] = .skipped(id: skip.id, reason: skip.reason) }
        }
      }
      guard !ready.isEmpty else { continue }
      do {
        let embeddings = try encoder.embed(ready.map(\.ecg), batchSize: perRun)
        results.withLock { out in
          for (item, values) in zip(ready, embeddings) { out[item.index] = .embedded(id: item.id, values: values) }
        }
      } catch {
        failure.withLock { $0 = $0 ?? error }
      }
    }
  }
  if let error = failure.withLock({ $0 }) { throw error }
  return results.withLock { $0.map { $0! } }
}

/// A recording that cannot be prepared: its id (empty when unreadable) and why.
struct PreparationSkip: Error {
  let id: String
  let reason: String
}

/// Reads one recording and prepares it for the encoder, or says why it cannot be.
func prepareRecording(_ path: String, sidecar: EncoderSidecar, pad: Bool) -> Result<(String, PreparedECG), PreparationSkip> {
  let recording: ECGRecording
  do {
    recording = try readRecording(at: path)
  } catch {
    return .failure(PreparationSkip(id: "", reason: "unreadable: \(error)"))
  }
  let id = recording.name
  let length = recording.leads.first?.samples.count ?? 0
  let seconds = Double(length) / recording.samplingRate
  let window = Double(sidecar.samples) / sidecar.samplingRateHz
  // Half a sample of the encoder's rate of tolerance: 5000 samples at 500 Hz fill 2500 at 250 Hz.
  if !pad && seconds + 0.5 / sidecar.samplingRateHz < window {
    let text = String(format: "too short: %.2f s, the encoder needs %.2f s (--pad zero-pads)", seconds, window)
    return .failure(PreparationSkip(id: id, reason: text))
  }
  do {
    let ecg = try EncoderInput.prepare(
      leadNames: recording.leads.map(\.name), samples: recording.leads.map(\.samples),
      samplingRateHz: recording.samplingRate, sidecar: sidecar, resample: polyphaseResampler)
    return .success((id, ecg))
  } catch {
    return .failure(PreparationSkip(id: id, reason: "\(error)"))
  }
}

/// DSP's polyphase `resample` (SciPy `resample_poly`, Kaiser window) as an ``ECGResampler``.
public let polyphaseResampler: ECGResampler = { samples, from, to in
  try resample(samples, from: from, to: to)
}
