import Core
import Foundation
import Measurements
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
  public init(jobs: Int, idSource: RecordIDSource = .name, resume: Bool = false, force: Bool = false) {
    self.jobs = jobs; self.idSource = idSource; self.resume = resume; self.force = force
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
  public static var featureHeader: String { (["ecg_id"] + featureCatalogue.map(\.name)).joined(separator: ",") + "\n" }
  public static let reportHeader =
    "path,ecg_id,status,error,sampling_rate_hz,duration_s,beats,usable_leads,lead_problems,format,derived_leads\n"

  func start() throws(FileWriteError) {
    try writeFileAtomically(Data(Self.featureHeader.utf8), to: partialFeatures)
    try writeFileAtomically(Data(Self.reportHeader.utf8), to: partialReport)
  }

  /// Reads what an interrupted run completed (path -> ecg_id, "" for skipped records) and
  /// rewrites the partial outputs to exactly those records.
  func recover() throws -> [String: String] {
    func completeLines(_ path: String, header: String) throws -> [Substring] {
      guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        throw ExtractionError.outputInTheWay(path: path, reason: "cannot be read to resume; pass --force to start again")
      }
      let complete = text.hasSuffix("\n") ? Substring(text) : text[..<(text.lastIndex(of: "\n") ?? text.startIndex)]
      var lines = complete.split(separator: "\n", omittingEmptySubsequences: false)
      if lines.last == "" { lines.removeLast() }
      guard lines.first.map({ $0 + "\n" == header }) == true else {
        throw ExtractionError.outputInTheWay(
          path: path, reason: "is not an ecglens extract file of this version (header differs); pass --force to start again")
      }
      return Array(lines.dropFirst())
    }
    let reportLines = try completeLines(partialReport, header: Self.reportHeader)
    var done: [String: String] = [:]
    var kept = Self.reportHeader
    let table = try parseCSV(
      Data((Self.reportHeader + reportLines.map { $0 + "\n" }.joined()).utf8), file: partialReport,
      options: CSVReadOptions(textColumns: ["path", "ecg_id", "status", "error", "lead_problems", "format", "derived_leads"]))
    let paths = try table.text("path"), ids = try table.text("ecg_id"), status = try table.text("status")
    for k in paths.indices {
      done[paths[k]] = status[k] == "ok" ? ids[k] : ""
      kept += reportLines[k] + "\n"
    }
    let okIDs = Set(zip(ids, status).filter { $0.1 == "ok" }.map(\.0))
    let featureLines = try completeLines(partialFeatures, header: Self.featureHeader)
    var features = Self.featureHeader
    var written = Set<String>()
    for line in featureLines {
      let id = String(line.prefix { $0 != "," })
      if okIDs.contains(id) && !written.contains(id) { features += line + "\n"; written.insert(id) }
    }
    // Records reported ok whose row was lost are measured again.
    for (path, id) in done where !id.isEmpty && !written.contains(id) { done[path] = nil }
    if done.count != paths.count {
      kept = Self.reportHeader
      for (k, line) in reportLines.enumerated() where done[paths[k]] != nil { kept += line + "\n" }
    }
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
  }
}

/// Measures every record (`extractRecord`) into one features CSV: rows stream to `OUT.partial`
/// and every record's status to `OUT.records.csv.partial`; both are renamed into place when the
/// batch completes. Records run in parallel in chunks, so memory does not grow with the batch.
/// A record that cannot be measured is reported (`events`) and listed with its error; the batch
/// goes on. With `options.resume`, an interrupted run continues from its last completed record
/// (a half-written line is dropped), so no record is lost or written twice.
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
  var done: [String: String] = [:]  // path -> ecg_id of records already handled
  if options.resume && interrupted {
    done = try files.recover()
    events(.resumed(records: done.count))
  } else {
    try files.start()
  }
  let todo = records.filter { done[$0] == nil }
  var seen: [String: String] = [:]  // ecg_id -> path
  for (path, id) in done where !id.isEmpty { seen[id] = path }

  let workers = max(1, options.jobs)
  let featureHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: files.partialFeatures))
  let reportHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: files.partialReport))
  defer { try? featureHandle.close(); try? reportHandle.close() }
  try featureHandle.seekToEnd(); try reportHandle.seekToEnd()

  let start = Date()
  var measured = 0, skipped = 0
  let chunkSize = max(8, 8 * workers)
  var index = 0
  while index < todo.count {
    let chunk = Array(todo[index..<min(todo.count, index + chunkSize)])
    let results = Mutex<[RecordOutcome?]>(Array(repeating: nil, count: chunk.count))
    let next = Atomic<Int>(0)
    let idSource = options.idSource
    DispatchQueue.concurrentPerform(iterations: min(workers, chunk.count)) { _ in
      while true {
        let k = next.add(1, ordering: .relaxed).oldValue
        guard k < chunk.count else { return }
        let r = extractRecord(chunk[k], idSource: idSource)
        results.withLock { $0[k] = r }
      }
    }
    var featureText = "", reportText = ""
    for var r in results.withLock({ $0 }).map({ $0! }) {
      if r.error == nil, let previous = seen[r.id] {
        r.error = "duplicate record name \(r.id) (also \(previous)); skipped (--id path keeps both)"
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
  return ExtractionSummary(
    measured: measured, skipped: skipped, attempted: todo.count, resumed: done.count,
    seconds: Date().timeIntervalSince(start), jobs: workers, files: files)
}
