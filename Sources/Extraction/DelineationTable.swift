import Delineation
import Measurements
import Tables

/// The columns of a delineation table (`ecglens delineate`): one row per beat and lead, 0-based
/// samples at the record's rate, an empty cell where a wave is absent.
public let delineationTableHeader = "record,lead," + Fiducial.allCases.map(\.rawValue).joined(separator: ",")

/// One delineation table row (record and lead quoted where they need it), newline-terminated.
public func delineationRow(record: String, lead: String, _ b: BeatFiducials) -> String {
  quoteCell(record) + "," + quoteCell(lead) + ","
    + Fiducial.allCases.map { f in f.value(in: b).map(String.init) ?? "" }.joined(separator: ",") + "\n"
}

/// The columns of the absence report (`ecglens delineate --absences`): one row per global beat
/// whose P wave or T offset is reported absent, with the reason (`AbsenceReason` raw values),
/// the leads delineated at the beat and those that showed the wave. The delineation table keeps
/// its columns; this report says why a cell of its `global` rows is empty.
public let absenceTableHeader = "record,r_peak,wave,reason,leads,leads_showing"

/// The absence report rows of one record (record quoted where it needs it), newline-terminated.
public func absenceRows(record: String, global: [BeatFiducials], assessment: [WaveAssessment]) -> String {
  var out = ""
  for (b, a) in zip(global, assessment) {
    if let reason = a.pAbsence { out += quoteCell(record) + ",\(b.rPeak),p,\(reason.rawValue),\(a.leads),\(a.pLeads)\n" }
    if let reason = a.tOffsetAbsence { out += quoteCell(record) + ",\(b.rPeak),t_off,\(reason.rawValue),\(a.leads),\(a.tLeads)\n" }
  }
  return out
}

/// Reads a delineation table (`delineationTableHeader`, as `ecglens delineate` writes it, or
/// another tool's output in that format): record -> lead -> beats. Rows without an R peak are
/// skipped.
///
/// - Throws: `TablesError` naming the file, the column and the row of a cell that is not a
///   whole sample index; `ExtractionError.invalid` for a wrong header.
public func readDelineationTable(_ path: String) throws -> [String: [String: [BeatFiducials]]] {
  let t = try readCSV(at: path, options: CSVReadOptions(textColumns: ["record", "lead"], missingMarkers: []))
  guard t.names == delineationTableHeader.split(separator: ",").map(String.init) else {
    throw ExtractionError.invalid(file: path, reason: "header must be \(delineationTableHeader)")
  }
  let records = try t.text("record"), leads = try t.text("lead")
  let values = try Fiducial.allCases.map { f in try sampleIndices(t, f.rawValue, path) }
  var out: [String: [String: [BeatFiducials]]] = [:]
  for row in 0..<t.rowCount {
    guard let r = values[4][row] else { continue }
    var b = BeatFiducials(rPeak: r)
    b.pOnset = values[0][row]; b.pPeak = values[1][row]; b.pOffset = values[2][row]
    b.qrsOnset = values[3][row]; b.qrsOffset = values[5][row]; b.tPeak = values[6][row]; b.tOffset = values[7][row]
    out[records[row], default: [:]][leads[row], default: []].append(b)
  }
  return out
}

/// Reads a beat table (`record,sample`, as `ecglens beats` writes it): record -> samples.
public func readBeatTable(_ path: String) throws -> [String: [Int]] {
  let t = try readCSV(at: path, options: CSVReadOptions(textColumns: ["record"], missingMarkers: []))
  guard t.names == ["record", "sample"] else { throw ExtractionError.invalid(file: path, reason: "header must be record,sample") }
  let records = try t.text("record"), samples = try sampleIndices(t, "sample", path)
  var out: [String: [Int]] = [:]
  for row in 0..<t.rowCount {
    guard let s = samples[row] else { throw ExtractionError.invalid(file: path, reason: "row \(row + 2): empty sample") }
    out[records[row], default: []].append(s)
  }
  return out
}

/// A column of whole sample indices (nil for an empty cell).
private func sampleIndices(_ t: DataTable, _ name: String, _ path: String) throws -> [Int?] {
  try t.numeric(name).enumerated().map { row, v in
    if v.isNaN { return nil }
    guard v == v.rounded(), abs(v) < 1e15 else {
      throw ExtractionError.invalid(file: path, reason: "column \"\(name)\", row \(row + 2): \(v) is not a sample index")
    }
    return Int(v)
  }
}
