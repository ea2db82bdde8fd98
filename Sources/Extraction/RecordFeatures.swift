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
    [
      quoteCell(path), quoteCell(id), row == nil ? "error" : "ok", quoteCell(error ?? ""),
      formatCell(samplingRate), formatCell(duration), row == nil ? "" : String(beats), row == nil ? "" : String(usableLeads),
      quoteCell(leadProblems), quoteCell(format), quoteCell(derivedLeads),
    ].joined(separator: ",") + "\n"
  }
}

/// Reads and measures one record (`measureECG`) and formats its features row (values of
/// `featureCatalogue` rounded to 4 decimals); never throws: a failure becomes the outcome's error.
///
/// The record is read by `Signals.readRecording(at:)`, so any format ECGLens reads (WFDB, GE MUSE,
/// Philips, HL7 aECG, SCP-ECG, DICOM, EDF) gives the same row; signals are in mV (WFDB header
/// units converted), and limb leads a recording lacks are derived from I and II
/// (`completingTwelveLeads`; an 8-lead MUSE export) and named in the outcome's `derivedLeads`.
public func extractRecord(_ path: String, idSource: RecordIDSource = .name) -> RecordOutcome {
  var r = RecordOutcome(path: path, id: idSource == .path ? path : URL(fileURLWithPath: path).lastPathComponent)
  do {
    let ecg = completingTwelveLeads(try readRecording(at: path))
    if idSource == .name { r.id = ecg.name }
    r.format = ecg.format.rawValue
    r.derivedLeads = ecg.leads.filter(\.derived).map(\.name).joined(separator: " ")
    r.samplingRate = ecg.samplingRate
    r.duration = ecg.duration
    let m = try measureECG(leads: ecg.leads.map(\.samples), descriptions: ecg.leads.map(\.name), samplingRate: ecg.samplingRate)
    r.beats = m.rPeaks.count
    r.usableLeads = m.leads.filter { $0.problem == nil }.count
    var notes = m.leads.compactMap { l in l.problem.map { "\(l.description): \($0.rawValue)" } }
    notes += m.leads.filter { $0.name == nil }.map { "\($0.description): not a standard lead (used for beat detection only)" }
    r.leadProblems = notes.joined(separator: "; ")
    let demographics = HeaderDemographics(age: ecg.demographics.ageYears, sexMale: ecg.demographics.sexMale)
    let values = featureValues(m, demographics: demographics)
    r.row = quoteCell(r.id) + "," + values.map { formatCell(($0 * 10_000).rounded() / 10_000) }.joined(separator: ",") + "\n"
  } catch let error as ExtractionError {
    if case .record(_, let reason) = error { r.error = reason } else { r.error = "\(error)" }
  } catch {
    r.error = "\(error)"
  }
  return r
}
