import Core
import Delineation
import Foundation
import Measurements
import Signals
import Synchronization
import Tables

/// How `extractFeatures` runs a batch.
public struct ExtractionOptions: Sendable {
  /// Records measured in parallel (at least 1).
  public var jobs: Int
  public var idSource: RecordIDSource
  /// Continue an interrupted run from `OUT.partial`.
  public var resume: Bool
  /// Replace an existing output and discard an interrupted run.
  public var force: Bool
  /// One row per record or per window (`FeatureWindowing`).
  public var window: FeatureWindowing
  /// How records longer than `plan.wholeRecordLimit` are cut into chunks.
  public var plan: ChunkPlan
  /// Measure only this shard's records (`BatchShard`) and write a manifest (`ShardManifest`).
  public var shard: BatchShard?
  public init(
    jobs: Int, idSource: RecordIDSource = .name, resume: Bool = false, force: Bool = false, window: FeatureWindowing = .auto,
    plan: ChunkPlan = .init(), shard: BatchShard? = nil
  ) {
    self.jobs = jobs; self.idSource = idSource; self.resume = resume; self.force = force; self.window = window; self.plan = plan
    self.shard = shard
  }
}

/// What a batch reports while it runs.
public enum ExtractionEvent: Sendable {
  /// An interrupted run was found and `records` of it are kept.
  case resumed(records: Int)
  /// A record could not be measured; the batch goes on.
  case skipped(path: String, error: String)
  /// `done` of `total` records handled (those of an interrupted run included).
  case progress(done: Int, total: Int, skipped: Int, recordsPerSecond: Double)
}

/// The outcome of a batch.
public struct ExtractionSummary: Sendable {
  /// Records measured and skipped in this run (an interrupted run's records not counted).
  public var measured: Int, skipped: Int
  /// Records this run had to handle, and records kept from an interrupted run.
  public var attempted: Int, resumed: Int
  public var seconds: Double
  public var jobs: Int
  public var files: FeatureBatchFiles
}

/// A batch's output, its records report and their in-progress names.
public struct FeatureBatchFiles: Sendable {
  /// The features CSV.
  public let out: String
  public init(out: String) { self.out = out }
  /// `OUT.records.csv`: every record with its status.
  public var report: String { (out.hasSuffix(".csv") ? String(out.dropLast(4)) : out) + ".records.csv" }
  public var partialFeatures: String { out + ".partial" }
  public var partialReport: String { report + ".partial" }
  /// The features header: `ecg_id`, the window columns (`featureWindowColumns`) when `windowed`,
  /// the feature catalogue.
  public static func featureHeader(windowed: Bool) -> String {
    csvLine(["ecg_id"] + (windowed ? featureWindowColumns : []) + featureCatalogue.map(\.name))
  }
  /// The features header of a batch of whole-record rows.
  public static var featureHeader: String { featureHeader(windowed: false) }
  public static let reportHeader =
    "path,ecg_id,status,error,sampling_rate_hz,duration_s,beats,usable_leads,lead_problems,format,derived_leads\n"

  func start(windowed: Bool) throws(FileWriteError) {
    try writeFileAtomically(Data(Self.featureHeader(windowed: windowed).utf8), to: partialFeatures)
    try writeFileAtomically(Data(Self.reportHeader.utf8), to: partialReport)
  }

  /// Reads what an interrupted run completed (path -> ecg_id, "" for skipped records) and
  /// rewrites the partial outputs to exactly those records. Lines are CSV records (`csvRecords`):
  /// a quoted line break in a record name or an error is not the end of a line.
  func recover(windowed: Bool) throws -> [String: String] {
    func completeRecords(_ path: String, header: String) throws -> [Substring] {
      guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        throw ExtractionError.outputInTheWay(path: path, reason: "cannot be read to resume; pass --force to start again")
      }
      let records = csvRecords(Substring(text))
      guard records.first.map({ $0 + "\n" == header }) == true else {
        throw ExtractionError.outputInTheWay(
          path: path, reason: "is not an ecglens extract file of this version and layout (header differs); pass --force to start again")
      }
      return Array(records.dropFirst())
    }
    let reportRecords = try completeRecords(partialReport, header: Self.reportHeader).filter { csvCells($0).count >= 3 }
    var done: [String: String] = [:]
    var okIDs = Set<String>()
    for record in reportRecords {
      let cells = csvCells(record)
      done[cells[0]] = cells[2] == "ok" ? cells[1] : ""
      if cells[2] == "ok" { okIDs.insert(cells[1]) }
    }
    let header = Self.featureHeader(windowed: windowed)
    var features = header
    var written = Set<String>(), writtenIDs = Set<String>()
    for record in try completeRecords(partialFeatures, header: header) {
      let cells = csvCells(record)
      // A record's row, or a window's (ecg_id and start), is kept once.
      let key = windowed && cells.count > 1 ? cells[0] + "\u{0}" + cells[1] : cells[0]
      if okIDs.contains(cells[0]) && !written.contains(key) {
        features += record + "\n"
        written.insert(key); writtenIDs.insert(cells[0])
      }
    }
    // Records reported ok whose rows were lost are measured again.
    for (path, id) in done where !id.isEmpty && !writtenIDs.contains(id) { done[path] = nil }
    var kept = Self.reportHeader
    for record in reportRecords where done[csvCells(record)[0]] != nil { kept += record + "\n" }
    try writeFileAtomically(Data(features.utf8), to: partialFeatures)
    try writeFileAtomically(Data(kept.utf8), to: partialReport)
    return done
  }

  /// Renames the partial files into place (the report first, so a present OUT means a complete run).
  func complete() throws {
    let fm = FileManager.default
    for (from, to) in [(partialReport, report), (partialFeatures, out)] {
      if fm.fileExists(atPath: to) { try fm.removeItem(atPath: to) }
      try fm.moveItem(atPath: from, toPath: to)
    }
    try? fm.removeItem(atPath: partialInputs)
  }
}

/// The error of a record whose name an earlier record of the batch already has.
func duplicateRecordMessage(id: String, previous: String) -> String {
  "duplicate record name \(id) (also \(previous)); skipped (--id path keeps both)"
}

/// Each record's window length (s), or nil for a whole-record row (`FeatureWindowing`): with
/// `.auto` from the duration in its header (a record whose header cannot be read gets nil and
/// fails later with its error). The headers are read on `jobs` threads.
func recordWindows(_ records: [String], _ windowing: FeatureWindowing, jobs: Int) -> [String: Double?] {
  @Sendable func window(_ path: String) -> Double? {
    switch windowing {
    case .whole: return nil
    case .seconds(let s): return s
    case .auto:
      var duration: Double? = nil
      if let h = try? readHeader(at: path) {
        if let count = h.sampleCount { duration = Double(count) / h.samplingFrequency } else { duration = (try? RecordStream(at: path))?.duration }
      }
      return duration.flatMap { windowing.window(forDuration: $0) }
    }
  }
  var found = [Double?](repeating: nil, count: records.count)
  if case .auto = windowing, jobs > 1, records.count > 1 {
    let results = Mutex(found)
    let perWorker = (records.count + jobs - 1) / jobs
    DispatchQueue.concurrentPerform(iterations: jobs) { w in
      let range = min(records.count, w * perWorker)..<min(records.count, (w + 1) * perWorker)
      let part = range.map { window(records[$0]) }
      results.withLock { $0.replaceSubrange(range, with: part) }
    }
    found = results.withLock { $0 }
  } else {
    found = records.map(window)
  }
  var out: [String: Double?] = [:]
  for (path, w) in zip(records, found) { out[path] = .some(w) }
  return out
}

/// Measures every record (`extractRecord`) into one features CSV: rows stream to `OUT.partial`
/// and every record's status to `OUT.records.csv.partial`; both are renamed into place when the
/// batch completes. Records run in parallel in chunks, so memory does not grow with the batch.
/// A record that cannot be measured is reported (`events`) and listed with its error; the batch
/// goes on. Records get one row each, or one per window (`options.window`, `FeatureWindowing`):
/// when any record of the batch is windowed, every row has the window columns
/// (`featureWindowColumns`), a whole-record row spanning 0 to the record's duration. Records
/// longer than `options.plan.wholeRecordLimit` are read and measured chunk by chunk. With
/// `options.resume`, an interrupted run continues from its last completed record (a half-written
/// line is dropped), so no record is lost or written twice.
///
/// - Throws: `ExtractionError.outputInTheWay` when the output exists (without `force`) or an
///   interrupted run is there (without `resume` or `force`); file errors.
public func extractFeatures(
  records: [String], output: String, options: ExtractionOptions, events: (ExtractionEvent) -> Void = { _ in }
) throws -> ExtractionSummary {
  let files = FeatureBatchFiles(out: output)
  let fm = FileManager.default
  if fm.fileExists(atPath: output) && !options.force {
    throw ExtractionError.outputInTheWay(path: output, reason: "already exists; pass --force to replace it")
  }
  let interrupted = fm.fileExists(atPath: files.partialFeatures) || fm.fileExists(atPath: files.partialReport)
  if interrupted && !options.resume && !options.force {
    throw ExtractionError.outputInTheWay(
      path: files.partialFeatures, reason: "holds an interrupted run; pass --resume to continue it or --force to start again")
  }
  // Each record's window (nil: one row); the file has window columns when any record is windowed.
  let windows = recordWindows(records, options.window, jobs: max(1, options.jobs))
  let windowed = windows.values.contains { $0 != nil }
  var done: [String: String] = [:]  // path -> ecg_id of records already handled
  let inputs = BatchInputs(records: records, options: options)
  // A shard measures its own records; the windows and the inputs are the whole batch's.
  let positions = records.indices.filter { options.shard?.owns(records[$0], idSource: options.idSource) ?? true }
  if options.shard != nil { try? fm.removeItem(atPath: files.manifest) }
  if options.resume && interrupted {
    try files.checkInputs(inputs)
    done = try files.recover(windowed: windowed)
    events(.resumed(records: done.count))
  } else {
    try files.start(windowed: windowed)
    try files.recordInputs(inputs)
  }
  let todo = positions.map { records[$0] }.filter { done[$0] == nil }
  var seen: [String: String] = [:]  // ecg_id -> path
  for (path, id) in done where !id.isEmpty { seen[id] = path }

  let workers = max(1, options.jobs)
  let featureHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: files.partialFeatures))
  let reportHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: files.partialReport))
  defer { try? featureHandle.close(); try? reportHandle.close() }
  try featureHandle.seekToEnd(); try reportHandle.seekToEnd()

  let start = Date()
  var measured = 0, skipped = 0
  // Large chunks keep the workers busy past records of unequal cost (each chunk ends with a
  // wait for its slowest record); rows are small, so memory stays low.
  let chunkSize = max(8, 64 * workers)
  var index = 0
  while index < todo.count {
    let chunk = Array(todo[index..<min(todo.count, index + chunkSize)])
    let results = Mutex<[RecordOutcome?]>(Array(repeating: nil, count: chunk.count))
    let next = Atomic<Int>(0)
    let idSource = options.idSource, plan = options.plan
    // A batch of fewer records than workers gives each record's chunks or windows the rest.
    let inner = max(1, workers / min(workers, chunk.count))
    DispatchQueue.concurrentPerform(iterations: min(workers, chunk.count)) { _ in
      while true {
        let k = next.add(1, ordering: .relaxed).oldValue
        guard k < chunk.count else { return }
        let r = extractRecord(
          chunk[k], idSource: idSource, window: windows[chunk[k]] ?? nil, windowColumns: windowed, plan: plan, jobs: inner)
        results.withLock { $0[k] = r }
      }
    }
    var featureText = "", reportText = ""
    for var r in results.withLock({ $0 }).map({ $0! }) {
      if r.error == nil, let previous = seen[r.id] {
        r.error = duplicateRecordMessage(id: r.id, previous: previous)
        r.row = nil
      }
      if let row = r.row {
        featureText += row
        seen[r.id] = r.path
        measured += 1
      } else {
        skipped += 1
        events(.skipped(path: r.path, error: r.error ?? "unknown error"))
      }
      reportText += r.reportLine
    }
    // Features first: a record is done once its report line is written, so an interruption
    // between the two writes repeats that record on resume and drops its orphan row.
    try featureHandle.write(contentsOf: Data(featureText.utf8))
    try reportHandle.write(contentsOf: Data(reportText.utf8))
    index += chunk.count
    events(
      .progress(
        done: index + done.count, total: todo.count + done.count, skipped: skipped,
        recordsPerSecond: Double(index) / max(Date().timeIntervalSince(start), 1e-9)))
  }
  try featureHandle.close(); try reportHandle.close()
  try files.complete()
  if let shard = options.shard {
    var whole = options
    whole.shard = nil
    try files.writeManifest(shard: shard, batch: BatchInputs(records: records, options: whole), windowed: windowed, positions: positions)
  }
  return ExtractionSummary(
    measured: measured, skipped: skipped, attempted: todo.count, resumed: done.count,
    seconds: Date().timeIntervalSince(start), jobs: workers, files: files)
}
