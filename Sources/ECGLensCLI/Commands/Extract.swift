import ArgumentParser
import Delineation
import Foundation
import Measurements
import Signals
import Synchronization
import Tables

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
      skipped there with its error and the batch goes on. Rows stream to OUT.partial and are \
      renamed into place when the batch completes; after an interruption, --resume continues \
      from the last completed record without losing or repeating any.
      """)

  @Argument(help: "Records, folders or record lists.")
  var paths: [String]

  @Option(help: "Output CSV. The record report goes to the same name with .records.csv.")
  var out = "features.csv"

  @Option(help: "Records measured in parallel (default: every core).")
  var jobs: Int?

  enum IDSource: String, ExpressibleByArgument { case name, path }

  @Option(help: "ecg_id: the record name from its header (name), or the record path as found (path), when names repeat across databases.")
  var id = IDSource.name

  @Flag(help: "Continue an interrupted run from OUT.partial.")
  var resume = false

  @Flag(help: "Replace an existing output (and discard an interrupted run).")
  var force = false

  func run() throws {
    let records = try discoverRecords(paths)
    let files = ExtractFiles(out: out)
    let fm = FileManager.default
    if fm.fileExists(atPath: out) && !force {
      throw CLIError("\(out) already exists; pass --force to replace it")
    }
    let interrupted = fm.fileExists(atPath: files.partialFeatures) || fm.fileExists(atPath: files.partialReport)
    if interrupted && !resume && !force {
      throw CLIError("\(files.partialFeatures): an interrupted run is there; pass --resume to continue it or --force to start again")
    }
    var done: [String: String] = [:]  // path -> ecg_id of records already handled
    if resume && interrupted {
      done = try files.recover()
    } else {
      try files.start()
    }
    let todo = records.filter { done[$0] == nil }
    var seen: [String: String] = [:]  // ecg_id -> path
    for (path, id) in done where !id.isEmpty { seen[id] = path }

    let workers = max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount)
    let featureHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: files.partialFeatures))
    let reportHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: files.partialReport))
    defer { try? featureHandle.close(); try? reportHandle.close() }
    try featureHandle.seekToEnd(); try reportHandle.seekToEnd()

    let start = Date()
    let progress = ExtractProgress(total: todo.count, alreadyDone: done.count)
    var measured = 0, skipped = 0
    let chunkSize = max(8, 8 * workers)
    var index = 0
    while index < todo.count {
      let chunk = Array(todo[index..<min(todo.count, index + chunkSize)])
      let results = Mutex<[ExtractResult?]>(Array(repeating: nil, count: chunk.count))
      let next = Atomic<Int>(0)
      DispatchQueue.concurrentPerform(iterations: min(workers, chunk.count)) { _ in
        while true {
          let k = next.add(1, ordering: .relaxed).oldValue
          guard k < chunk.count else { return }
          let r = extractRecord(chunk[k], idFromPath: id == .path)
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
          warn("error: \(r.path): skipped: \(r.error ?? "unknown error")")
        }
        reportText += r.reportLine
      }
      // Features first: a record is done once its report line is written, so an interruption
      // between the two writes repeats that record on --resume and drops its orphan row.
      try featureHandle.write(contentsOf: Data(featureText.utf8))
      try reportHandle.write(contentsOf: Data(reportText.utf8))
      index += chunk.count
      progress.update(done: index, skipped: skipped, since: start)
    }
    progress.finish()
    try featureHandle.close(); try reportHandle.close()
    try files.complete()
    let seconds = Date().timeIntervalSince(start)
    warn(String(format: "extract: %d records measured, %d skipped in %.1f s (%.0f records/s, %d jobs) -> %@; report %@",
      measured, skipped, seconds, Double(todo.count) / max(seconds, 1e-9), workers, out, files.report))
    if measured == 0 && !todo.isEmpty && done.isEmpty { throw ExitCode(1) }
  }
}

/// The output, its record report and their in-progress names.
struct ExtractFiles {
  let out: String
  var report: String { (out.hasSuffix(".csv") ? String(out.dropLast(4)) : out) + ".records.csv" }
  var partialFeatures: String { out + ".partial" }
  var partialReport: String { report + ".partial" }
  static var featureHeader: String { (["ecg_id"] + featureCatalogue.map(\.name)).joined(separator: ",") + "\n" }
  static let reportHeader = "path,ecg_id,status,error,sampling_rate_hz,duration_s,beats,usable_leads,lead_problems\n"

  func start() throws {
    try writeFileAtomically(Data(Self.featureHeader.utf8), to: partialFeatures)
    try writeFileAtomically(Data(Self.reportHeader.utf8), to: partialReport)
  }

  /// Reads what an interrupted run completed (path -> ecg_id, "" for skipped records) and
  /// rewrites the partial outputs to exactly those records.
  func recover() throws -> [String: String] {
    func completeLines(_ path: String, header: String) throws -> [Substring] {
      guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        throw CLIError("\(path): cannot read the interrupted run; pass --force to start again")
      }
      let complete = text.hasSuffix("\n") ? Substring(text) : text[..<(text.lastIndex(of: "\n") ?? text.startIndex)]
      var lines = complete.split(separator: "\n", omittingEmptySubsequences: false)
      if lines.last == "" { lines.removeLast() }
      guard lines.first.map({ $0 + "\n" == header }) == true else {
        throw CLIError("\(path): not an ecglens extract file of this version (header differs); pass --force to start again")
      }
      return Array(lines.dropFirst())
    }
    let reportLines = try completeLines(partialReport, header: Self.reportHeader)
    var done: [String: String] = [:]
    var kept = Self.reportHeader
    let table = try parseCSV(Data((Self.reportHeader + reportLines.map { $0 + "\n" }.joined()).utf8), file: partialReport,
      options: CSVReadOptions(textColumns: ["path", "ecg_id", "status", "error", "lead_problems"]))
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
    warn("extract: resuming after \(done.count) records")
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

/// One record's outcome: its CSV row (nil when skipped) and its report line.
struct ExtractResult: Sendable {
  var path: String
  var id: String
  var row: String?
  var error: String?
  var samplingRate = Double.nan, duration = Double.nan, beats = 0, usableLeads = 0
  var leadProblems = ""

  var reportLine: String {
    [quoteCell(path), quoteCell(id), row == nil ? "error" : "ok", quoteCell(error ?? ""),
     formatCell(samplingRate), formatCell(duration), row == nil ? "" : String(beats), row == nil ? "" : String(usableLeads),
     quoteCell(leadProblems)].joined(separator: ",") + "\n"
  }
}

/// Reads and measures one record; never throws (failures become the result's error).
func extractRecord(_ path: String, idFromPath: Bool = false) -> ExtractResult {
  var r = ExtractResult(path: path, id: idFromPath ? path : URL(fileURLWithPath: path).lastPathComponent)
  do {
    let record = try readRecord(at: path)
    if !idFromPath { r.id = record.name }
    r.samplingRate = record.samplingFrequency
    r.duration = record.duration
    let rates = Set(record.header.signals.indices.map { record.samplingFrequency(ofSignal: $0) })
    guard rates.count == 1 else { throw CLIError("signals have different sampling rates (\(rates.sorted()))") }
    let leads = record.digital.indices.map { record.physical($0) }
    let m = try measureECG(leads: leads, descriptions: record.signalNames, samplingRate: record.samplingFrequency)
    r.beats = m.rPeaks.count
    r.usableLeads = m.leads.filter { $0.problem == nil }.count
    var notes = m.leads.compactMap { l in l.problem.map { "\(l.description): \($0.rawValue)" } }
    notes += m.leads.filter { $0.name == nil }.map { "\($0.description): not a standard lead (used for beat detection only)" }
    r.leadProblems = notes.joined(separator: "; ")
    let values = featureValues(m, demographics: headerDemographics(comments: record.header.comments))
    r.row = quoteCell(r.id) + "," + values.map { formatCell(($0 * 10_000).rounded() / 10_000) }.joined(separator: ",") + "\n"
  } catch {
    r.error = "\(error)"
  }
  return r
}

/// Progress on a terminal (standard error), at most every half second.
final class ExtractProgress {
  let total: Int, alreadyDone: Int
  let enabled = isatty(2) == 1
  var last = Date.distantPast
  init(total: Int, alreadyDone: Int) { self.total = total; self.alreadyDone = alreadyDone }
  func update(done: Int, skipped: Int, since start: Date) {
    guard enabled, Date().timeIntervalSince(last) > 0.5 || done == total else { return }
    last = Date()
    let rate = Double(done) / max(Date().timeIntervalSince(start), 1e-9)
    let eta = rate > 0 ? Double(total - done) / rate : 0
    FileHandle.standardError.write(Data(String(format: "\rextract: %d/%d records, %.0f/s, %d skipped, %.0f s left   ",
      done + alreadyDone, total + alreadyDone, rate, skipped, eta).utf8))
  }
  func finish() { if enabled { FileHandle.standardError.write(Data("\n".utf8)) } }
}
