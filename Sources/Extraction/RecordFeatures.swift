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
    [
      quoteCell(path), quoteCell(id), row == nil ? "error" : "ok", quoteCell(error ?? ""),
      formatCell(samplingRate), formatCell(duration), row == nil ? "" : String(beats), row == nil ? "" : String(usableLeads),
      quoteCell(leadProblems),
    ].joined(separator: ",") + "\n"
  }
}

/// Reads and measures one record (`measureECG`) and formats its features row (values of
/// `featureCatalogue` rounded to 4 decimals); never throws: a failure becomes the outcome's error.
public func extractRecord(_ path: String, idSource: RecordIDSource = .name) -> RecordOutcome {
  var r = RecordOutcome(path: path, id: idSource == .path ? path : URL(fileURLWithPath: path).lastPathComponent)
  do {
    let record = try readRecord(at: path)
    if idSource == .name { r.id = record.name }
    r.samplingRate = record.samplingFrequency
    r.duration = record.duration
    let rates = Set(record.header.signals.indices.map { record.samplingFrequency(ofSignal: $0) })
    guard rates.count == 1 else {
      throw ExtractionError.record(path: path, reason: "signals have different sampling rates (\(rates.sorted()))")
    }
    let leads = record.digital.indices.map { record.physical($0) }
    let m = try measureECG(leads: leads, descriptions: record.signalNames, samplingRate: record.samplingFrequency)
    r.beats = m.rPeaks.count
    r.usableLeads = m.leads.filter { $0.problem == nil }.count
    var notes = m.leads.compactMap { l in l.problem.map { "\(l.description): \($0.rawValue)" } }
    notes += m.leads.filter { $0.name == nil }.map { "\($0.description): not a standard lead (used for beat detection only)" }
    r.leadProblems = notes.joined(separator: "; ")
    let values = featureValues(m, demographics: headerDemographics(comments: record.header.comments))
    r.row = quoteCell(r.id) + "," + values.map { formatCell(($0 * 10_000).rounded() / 10_000) }.joined(separator: ",") + "\n"
  } catch let error as ExtractionError {
    if case .record(_, let reason) = error { r.error = reason } else { r.error = "\(error)" }
  } catch {
    r.error = "\(error)"
  }
  return r
}
