import Foundation

/// Physiological bounds of the harmonised measurement columns (`MeasurementSchema`): a machine
/// value outside them is a measurement failure (a negative PR from a P onset after the P end, an
/// RR of 0.6 ms, an age of −1), not an extreme patient, and becomes missing. The bounds are wide on
/// purpose: the most extreme values reported in adults and children (PR up to 800 ms in
/// first-degree AV block, QT up to 900 ms in long-QT syndromes with bradycardia, RR 200-3000 ms
/// for 20-300 bpm) stay in.
public enum PlausibleRange {
  /// Column -> the closed range of plausible values (units in the column name).
  public static let bounds: [String: ClosedRange<Double>] = [
    "rr_ms": 200...3000,
    "pr_ms": 40...800, "p_ms": 20...300, "qrs_ms": 40...300, "qt_ms": 150...900,
    "qtc_bazett_ms": 150...1000, "qtc_fridericia_ms": 150...1000, "machine_qtc_ms": 150...1000,
    "machine_qrs_ms": 40...300, "machine_qt_ms": 150...900,
    "qrs_t_ms": 0...800, "p_t_ms": 100...1500,
    "p_onset_ms": 0...5000, "p_end_ms": 0...5000, "qrs_onset_ms": 0...5000, "qrs_end_ms": 0...5000, "t_end_ms": 0...5000,
    "p_axis_deg": -180...360, "qrs_axis_deg": -180...360, "t_axis_deg": -180...360,
    "age_years": 0...130, "sex_male": 0...1,
  ]
}

/// Sets every value of a bounded column (`PlausibleRange.bounds`) that is outside its bounds or not
/// finite to NaN, and counts them per column (columns with none are left out). Columns the table
/// lacks are skipped.
public func removeImplausibleValues(_ table: inout DataTable) throws(TablesError) -> [String: Int] {
  var removed: [String: Int] = [:]
  for (name, range) in PlausibleRange.bounds {
    guard let i = table.index(of: name), case .numeric(var v) = table.columns[i] else { continue }
    var count = 0
    for k in v.indices where !v[k].isNaN && (!v[k].isFinite || !range.contains(v[k])) {
      v[k] = .nan
      count += 1
    }
    if count > 0 {
      removed[name] = count
      try table.set(name, .numeric(v))
    }
  }
  return removed
}

/// A machine-measurement table mapped to the harmonised schema, with what the mapping had to
/// set missing and what it found wrong with the identifiers.
public struct HarmonizedTable: Sendable {
  public var table: DataTable
  /// Column -> values set missing as physiologically implausible (`removeImplausibleValues`).
  public var implausible: [String: Int]
  /// Problems with `ecg_id`: empty ids and ids that repeat, with their first rows (1-based, the
  /// header being row 1).
  public var idProblems: [String]
}

/// Empty and repeated values of an id column, each with up to five example rows.
func idProblems(_ ids: [String], column: String) -> [String] {
  var empty: [Int] = [], seen: [String: Int] = [:], repeated: [String] = []
  for (k, id) in ids.enumerated() {
    let trimmed = id.trimmingCharacters(in: .whitespaces)
    if trimmed.isEmpty || ["nan", "na", "null"].contains(trimmed.lowercased()) { empty.append(k + 2); continue }
    if let first = seen[id] { repeated.append("\"\(id)\" on rows \(first + 2) and \(k + 2)") } else { seen[id] = k }
  }
  var out: [String] = []
  if !empty.isEmpty {
    out.append(
      "\(empty.count) row(s) with an empty or NaN \(column) (rows \(empty.prefix(5).map(String.init).joined(separator: ", "))\(empty.count > 5 ? ", ..." : ""))"
    )
  }
  if !repeated.isEmpty {
    out.append("\(repeated.count) repeated \(column) value(s) (\(repeated.prefix(5).joined(separator: "; "))\(repeated.count > 5 ? "; ..." : ""))")
  }
  return out
}
