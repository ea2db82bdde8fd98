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
  /// The format read (`RecordingFormat` raw value: wfdb, ge-muse, ...); empty when unreadable.
  public var format = ""
  /// Leads derived from I and II, space-separated (empty when all were stored).
  public var derivedLeads = ""

  /// The record's line of `OUT.records.csv` (`FeatureBatchFiles.reportHeader`).
  public var reportLine: String {
    csvLine([
      path, id, row == nil ? "error" : "ok", error ?? "", formatCell(samplingRate), formatCell(duration),
      row == nil ? "" : String(beats), row == nil ? "" : String(usableLeads), leadProblems, format, derivedLeads,
    ])
  }
}

/// Reads and measures one record and formats its features row(s) (values of `featureCatalogue`
/// rounded to 4 decimals); never throws: a failure becomes the outcome's error.
///
/// A record's whole-record row is read by `Signals.readRecording(at:)`, so any format ECGLens
/// reads (WFDB, GE MUSE, Philips, HL7 aECG, SCP-ECG, DICOM, EDF) gives the same row; signals are in
/// mV (WFDB header units converted), and limb leads a recording lacks are derived from I and II
/// (`completingTwelveLeads`; an 8-lead MUSE export) and named in the outcome's `derivedLeads`.
/// A WFDB record longer than `plan.wholeRecordLimit` (a Holter recording) is read through a
/// `RecordStream` and measured in chunks (`measureInChunks`), and windows (`measureWindows`) are
/// read through a `RecordStream` too: both need a WFDB record, and derive no leads.
///
/// - Parameters:
///   - window: nil for one row for the whole record, or a window length in seconds for one row
///     per window.
///   - windowColumns: whether rows carry `featureWindowColumns` (a batch with windowed records
///     has them on every row; a whole-record row then spans 0 to the record's duration).
///   - plan: how long records are cut into chunks; `jobs`: chunks or windows in parallel.
public func extractRecord(
  _ path: String, idSource: RecordIDSource = .name, window: Double? = nil, windowColumns: Bool = false, plan: ChunkPlan = .init(),
  jobs: Int = 1
) -> RecordOutcome {
  var r = RecordOutcome(path: path, id: idSource == .path ? path : URL(fileURLWithPath: path).lastPathComponent)
  do {
    let format = recogniseRecording(at: path)
    let stream = format == .wfdb ? try RecordStream(at: path) : nil
    let m: ECGMeasurements
    var notes: [String] = []
    let demographics: HeaderDemographics
    if let stream, window != nil || (stream.isStreaming && plan.isChunked(frameCount: stream.frameCount, samplingRate: stream.samplingFrequency)) {
      if idSource == .name { r.id = stream.header.recordName }
      r.format = RecordingFormat.wfdb.rawValue
      let fs = stream.samplingFrequency
      r.samplingRate = fs
      r.duration = stream.duration
      let rates = Set(stream.header.signals.map { fs * Double($0.samplesPerFrame) })
      guard rates.count == 1 else {
        throw ExtractionError.record(path: path, reason: "signals have different sampling rates (\(rates.sorted()))")
      }
      demographics = headerDemographics(comments: stream.header.comments)
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
      (m, notes) = try measureInChunks(stream, plan: plan, jobs: jobs)
    } else {
      if window != nil {
        throw ExtractionError.record(
          path: path, reason: "windows (--window) need a WFDB record; this is \(format?.rawValue ?? "no format ECGLens reads")")
      }
      let ecg = completingTwelveLeads(try readRecording(at: path))
      if idSource == .name { r.id = ecg.name }
      r.format = ecg.format.rawValue
      r.derivedLeads = ecg.leads.filter(\.derived).map(\.name).joined(separator: " ")
      r.samplingRate = ecg.samplingRate
      r.duration = ecg.duration
      demographics = HeaderDemographics(age: ecg.demographics.ageYears, sexMale: ecg.demographics.sexMale)
      m = try measureECG(leads: ecg.leads.map(\.samples), descriptions: ecg.leads.map(\.name), samplingRate: ecg.samplingRate)
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
