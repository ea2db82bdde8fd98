import Foundation

/// Finishes a machine-measurement table whose intervals the machine states itself (an ECG cart's
/// PR, P, QRS and QT in a GE MUSE, Philips SierraECG, HL7 aECG, SCP-ECG or DICOM file), instead
/// of deriving them from fiducials as `harmonizeMIMICMachineMeasurements` does.
///
/// `mapped` holds `ecg_id`, `rr_ms` (ms), `pr_ms`, `p_ms`, `qrs_ms`, `qt_ms` (ms) and the three
/// axes (`p_axis_deg`, `qrs_axis_deg`, `t_axis_deg`, degrees), plus any other columns (kept).
/// Implausible values become missing (`removeImplausibleValues`, counted); then, from what is
/// left, `qrs_t_ms` = QT - QRS (the T end minus the QRS end) and `p_t_ms` = PR + QT (the T end
/// minus the P onset), QTc by Bazett and Fridericia, the ratios and the axis differences
/// (`deriveIntervals(_:fromIntervals:)`), gated again. The stated intervals are never replaced.
///
/// - Throws: `TablesError.unknownColumn` when a required column is missing.
public func harmonizeStatedIntervals(_ mapped: DataTable) throws(TablesError) -> HarmonizedTable {
  var table = mapped
  var removed = try removeImplausibleValues(&table)
  let pr = try table.numeric("pr_ms"), qrs = try table.numeric("qrs_ms"), qt = try table.numeric("qt_ms")
  try table.set("qrs_t_ms", .numeric(zip(qt, qrs).map { $0 - $1 }))
  try table.set("p_t_ms", .numeric(zip(pr, qt).map { $0 + $1 }))
  table = try deriveIntervals(table, fromIntervals: true)
  for (k, v) in try removeImplausibleValues(&table) { removed[k, default: 0] += v }
  table = try deriveIntervals(table, fromIntervals: true)
  return HarmonizedTable(table: table, implausible: removed, idProblems: idProblems(try table.text("ecg_id"), column: "ecg_id"))
}
