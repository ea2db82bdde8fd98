import Delineation
import Foundation
import Measurements
import Signals
import Tables

/// Where a features row's `ecg_id` comes from.
public enum RecordIDSource: String, Sendable, CaseIterable {
  /// The record name from its header (file name for other formats).
  case name
  /// The record path as discovered: keeps records whose names repeat across databases.
  case path
}

/// One record's outcome in a batch: its CSV row (nil when skipped) and its line in the records
/// report.
public struct RecordOutcome: Sendable {
  public var path: String
  public var id: String
  /// The features row, `ecg_id` first, newline-terminated; nil when the record was skipped.
  public var row: String?
  public var error: String?
  public var samplingRate = Double.nan, duration = Double.nan, beats = 0, usableLeads = 0
  public var leadProblems = ""

  /// The record's line of `OUT.records.csv` (`FeatureBatchFiles.reportHeader`).
  public var reportLine: String {
    csvLine([
      path, id, row == nil ? "error" : "ok", error ?? "", formatCell(samplingRate), formatCell(duration),
      row == nil ? "" : String(beats), row == nil ? "" : String(usableLeads), leadProblems,
    ])
  }
}

/// Reads and measures one record and formats its features row(s) (values of `featureCatalogue`
/// rounded to 4 decimals); never throws: a failure becomes the outcome's error.
///
/// - Parameters:
///   - window: nil for one row for the whole record (`measureECG`; a record longer than
///     `plan.wholeRecordLimit` is measured in chunks, `measureInChunks`), or a window length in
///     seconds for one row per window (`measureWindows`).
///   - windowColumns: whether rows carry `featureWindowColumns` (a batch with windowed records
///     has them on every row; a whole-record row then spans 0 to the record's duration).
///   - plan: how long records are cut into chunks; `jobs`: chunks or windows in parallel.
public func extractRecord(
  _ path: String, idSource: RecordIDSource = .name, window: Double? = nil, windowColumns: Bool = false, plan: ChunkPlan = .init(),
  jobs: Int = 1
) -> RecordOutcome {
  var r = RecordOutcome(path: path, id: idSource == .path ? path : URL(fileURLWithPath: path).lastPathComponent)
  do {
    let stream = try RecordStream(at: path)
    if idSource == .name { r.id = stream.header.recordName }
    let fs = stream.samplingFrequency, n = stream.frameCount
    r.samplingRate = fs
    r.duration = stream.duration
    let rates = Set(stream.header.signals.map { fs * Double($0.samplesPerFrame) })
    guard rates.count == 1 else {
      throw ExtractionError.record(path: path, reason: "signals have different sampling rates (\(rates.sorted()))")
    }
    let demographics = headerDemographics(comments: stream.header.comments)
    if let window {
      let w = try measureWindows(stream, seconds: window, id: r.id, demographics: demographics, plan: plan, jobs: jobs)
      r.beats = w.beats
      r.usableLeads = w.usableLeads
      r.leadProblems = w.leadProblems.joined(separator: "; ")
      guard w.measured > 0 else {
        throw ExtractionError.record(path: path, reason: "no window could be measured (\(w.firstError ?? "no window"))")
      }
      r.row = w.rows
      return r
    }
    let m: ECGMeasurements
    var notes: [String] = []
    if stream.isStreaming && plan.isChunked(frameCount: n, samplingRate: fs) {
      (m, notes) = try measureInChunks(stream, plan: plan, jobs: jobs)
    } else {
      let leads = try stream.wholeRecord.map { record in record.digital.indices.map { record.physical($0) } } ?? stream.physical(frames: 0..<n)
      m = try measureECG(leads: leads, descriptions: stream.header.signals.map(\.description), samplingRate: fs)
    }
    r.beats = m.rPeaks.count
    r.usableLeads = m.leads.filter { $0.problem == nil }.count
    notes += m.leads.compactMap { l in l.problem.map { "\(l.description): \($0.rawValue)" } }
    notes += m.leads.filter { $0.name == nil }.map { "\($0.description): not a standard lead (used for beat detection only)" }
    r.leadProblems = notes.joined(separator: "; ")
    let values = featureValues(m, demographics: demographics).map { formatCell(($0 * 10_000).rounded() / 10_000) }
    let window = windowColumns ? ["0", formatCell((r.duration * 1000).rounded() / 1000), "ok"] : []
    r.row = csvLine([r.id] + window + values)
  } catch let error as ExtractionError {
    if case .record(_, let reason) = error { r.error = reason } else { r.error = "\(error)" }
  } catch {
    r.error = "\(error)"
  }
  return r
}
