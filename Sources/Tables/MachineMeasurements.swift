import Foundation

/// The harmonised ECG measurement schema. Every source (MIMIC-IV-ECG machine measurements,
/// GE MUSE exports, ECGLens's own extraction) is mapped to these columns, units in the names:
///
/// | column | unit | meaning |
/// |---|---|---|
/// | `ecg_id`, `patient_id` | text | identifiers (kept as text: never rounded) |
/// | `rr_ms` | ms | RR interval (MUSE: 60000 / ventricular rate) |
/// | `p_onset_ms`, `p_end_ms`, `qrs_onset_ms`, `qrs_end_ms`, `t_end_ms` | ms | fiducials in the machine's median-beat window |
/// | `p_axis_deg`, `qrs_axis_deg`, `t_axis_deg` | degrees | frontal axes |
/// | `pr_ms` = qrs_onset - p_onset, `p_ms` = p_end - p_onset, `qrs_ms` = qrs_end - qrs_onset, `qt_ms` = t_end - qrs_onset | ms | intervals |
/// | `qtc_bazett_ms` = QT / sqrt(RR / 1 s), `qtc_fridericia_ms` = QT / cbrt(RR / 1 s) | ms | corrected QT, recomputed the same way for every source |
/// | `qrs_t_ms` = t_end - qrs_end, `p_t_ms` = t_end - p_onset | ms | extended intervals |
/// | `p_rr`, `qrs_rr`, `qt_rr`, `pr_qt` | ratio | interval ratios |
/// | `p_qrs_axis_deg`, `qrs_t_axis_deg`, `p_t_axis_deg` | degrees, 0...180 | absolute circular axis differences |
/// | `machine_qtc_ms` | ms | the machine's own QTc, when it reports one |
///
/// The base and extended feature sets follow the MIMIC-IV-ECG / ECG-View II studies that
/// ECGLens reproduces (features: sex, age, RR, PR, QRS, QT, QTc, P/QRS/T axes; extended set
/// adds the derived columns).
public enum MeasurementSchema {
  public static let fiducials = ["p_onset_ms", "p_end_ms", "qrs_onset_ms", "qrs_end_ms", "t_end_ms"]
  public static let axes = ["p_axis_deg", "qrs_axis_deg", "t_axis_deg"]
  /// The base feature set of the reference studies (plus `age_years`, `sex_male` when known).
  public static let baseFeatures = [
    "rr_ms", "pr_ms", "qrs_ms", "qt_ms", "qtc_bazett_ms", "p_axis_deg", "qrs_axis_deg", "t_axis_deg",
  ]
  /// The extended set: base plus durations, ratios and axis differences.
  public static let extendedFeatures =
    baseFeatures + [
      "p_ms", "qrs_t_ms", "p_t_ms", "p_rr", "qrs_rr", "qt_rr", "pr_qt",
      "p_qrs_axis_deg", "qrs_t_axis_deg", "p_t_axis_deg",
    ]
}

/// Maps MIMIC-IV-ECG `machine_measurements.csv` columns to the schema.
///
/// Sentinels become NaN: 29999 and 32767 anywhere, axes outside [-360, 360] degrees, times
/// outside [0, 5000] ms (the module's documented "not measured" values). `subject_id` becomes
/// `patient_id`, `study_id` becomes `ecg_id`; other text columns (`ecg_time`, `report_0` ...)
/// are kept under their own names.
///
/// Physiologically implausible values become missing and are counted (`removeImplausibleValues`),
/// before and after the intervals are derived.
///
/// - Throws: `TablesError.unknownColumn` when a required column is missing.
public func harmonizeMIMICMachineMeasurements(_ table: DataTable) throws(TablesError) -> HarmonizedTable {
  var out = DataTable(rowCount: table.rowCount)
  try out.append("ecg_id", .text(try table.text("study_id")))
  try out.append("patient_id", .text(try table.text("subject_id")))
  func clean(_ name: String, range: ClosedRange<Double>) throws(TablesError) -> [Double] {
    try table.numeric(name).map { v in
      (v == 29999 || v == 32767 || !range.contains(v)) ? .nan : v
    }
  }
  try out.append("rr_ms", .numeric(try clean("rr_interval", range: 0...5000)))
  for (source, target) in zip(["p_onset", "p_end", "qrs_onset", "qrs_end", "t_end"], MeasurementSchema.fiducials) {
    try out.append(target, .numeric(try clean(source, range: 0...5000)))
  }
  for (source, target) in zip(["p_axis", "qrs_axis", "t_axis"], MeasurementSchema.axes) {
    try out.append(target, .numeric(try clean(source, range: -360...360)))
  }
  let used: Set<String> = [
    "study_id", "subject_id", "rr_interval", "p_onset", "p_end", "qrs_onset", "qrs_end", "t_end",
    "p_axis", "qrs_axis", "t_axis",
  ]
  for (name, column) in zip(table.names, table.columns) where !used.contains(name) {
    try out.append(name, column)
  }
  return try finishHarmonizing(out)
}

/// Gates the measured columns, derives the intervals from what is left, gates those, and checks
/// the ids.
func finishHarmonizing(_ mapped: DataTable) throws(TablesError) -> HarmonizedTable {
  var table = mapped
  var removed = try removeImplausibleValues(&table)
  table = try deriveIntervals(table)
  for (k, v) in try removeImplausibleValues(&table) { removed[k, default: 0] += v }
  // Ratios and QTc are recomputed from the gated intervals.
  table = try deriveIntervals(table, fromIntervals: true)
  return HarmonizedTable(table: table, implausible: removed, idProblems: idProblems(try table.text("ecg_id"), column: "ecg_id"))
}

/// Maps GE MUSE measurements as published with the Chapman-Shaoxing database
/// (`Diagnostics.csv`) to the schema.
///
/// VentricularRate (bpm) gives `rr_ms` = 60000 / rate; QOnset, QOffset and TOffset are samples
/// at 500 Hz in the median beat (x 2 ms); RAxis and TAxis are the QRS and T axes; QTCorrected
/// is kept as `machine_qtc_ms`. MUSE reports no P-wave fiducials or axis here, so PR, P
/// duration and the P axis are NaN. `FileName` is both `ecg_id` and `patient_id` (one ECG per
/// patient). PatientAge becomes `age_years`, Gender `sex_male` (1 male, 0 female, NaN other);
/// Rhythm and Beat are kept as text. Implausible values become missing, as for MIMIC-IV-ECG.
public func harmonizeMUSEChapman(_ table: DataTable) throws(TablesError) -> HarmonizedTable {
  var out = DataTable(rowCount: table.rowCount)
  let ids = try table.text("FileName")
  try out.append("ecg_id", .text(ids))
  try out.append("patient_id", .text(ids))
  try out.append("age_years", .numeric(try table.numeric("PatientAge")))
  try out.append("sex_male", .numeric(try table.text("Gender").map { $0 == "MALE" ? 1 : $0 == "FEMALE" ? 0 : .nan }))
  let rate = try table.numeric("VentricularRate")
  try out.append("rr_ms", .numeric(rate.map { $0 > 0 ? 60_000 / $0 : .nan }))
  let nan = [Double](repeating: .nan, count: table.rowCount)
  try out.append("p_onset_ms", .numeric(nan))
  try out.append("p_end_ms", .numeric(nan))
  try out.append("qrs_onset_ms", .numeric(try table.numeric("QOnset").map { $0 * 2 }))
  try out.append("qrs_end_ms", .numeric(try table.numeric("QOffset").map { $0 * 2 }))
  try out.append("t_end_ms", .numeric(try table.numeric("TOffset").map { $0 * 2 }))
  try out.append("p_axis_deg", .numeric(nan))
  try out.append("qrs_axis_deg", .numeric(try table.numeric("RAxis")))
  try out.append("t_axis_deg", .numeric(try table.numeric("TAxis")))
  try out.append("machine_qtc_ms", .numeric(try table.numeric("QTCorrected")))
  try out.append("machine_qrs_ms", .numeric(try table.numeric("QRSDuration")))
  try out.append("machine_qt_ms", .numeric(try table.numeric("QTInterval")))
  try out.append("rhythm", .text(try table.text("Rhythm")))
  try out.append("beat", .text(try table.text("Beat")))
  return try finishHarmonizing(out)
}

/// Adds the derived interval, QTc, ratio and axis-difference columns of `MeasurementSchema`
/// from `rr_ms`, the fiducials and the axes (replacing them if present). NaN propagates. With
/// `fromIntervals`, the intervals already in the table (`pr_ms`, `p_ms`, `qrs_ms`, `qt_ms`,
/// `qrs_t_ms`, `p_t_ms`) are kept and only QTc, the ratios and the axis differences are computed
/// from them.
public func deriveIntervals(_ input: DataTable, fromIntervals: Bool = false) throws(TablesError) -> DataTable {
  var t = input
  let rr = try t.numeric("rr_ms")
  let n = t.rowCount
  func col(_ f: (Int) -> Double) -> Column { .numeric((0..<n).map(f)) }
  var pOn: [Double] = [], pEnd: [Double] = [], qOn: [Double] = [], qEnd: [Double] = [], tEnd: [Double] = []
  if !fromIntervals {
    pOn = try t.numeric("p_onset_ms"); pEnd = try t.numeric("p_end_ms")
    qOn = try t.numeric("qrs_onset_ms"); qEnd = try t.numeric("qrs_end_ms"); tEnd = try t.numeric("t_end_ms")
    try t.set("pr_ms", col { qOn[$0] - pOn[$0] })
    try t.set("p_ms", col { pEnd[$0] - pOn[$0] })
    try t.set("qrs_ms", col { qEnd[$0] - qOn[$0] })
    try t.set("qt_ms", col { tEnd[$0] - qOn[$0] })
  }
  let pr = try t.numeric("pr_ms"), p = try t.numeric("p_ms"), qrs = try t.numeric("qrs_ms"), qt = try t.numeric("qt_ms")
  try t.set("qtc_bazett_ms", col { rr[$0] > 0 ? qt[$0] / (rr[$0] / 1000).squareRoot() : .nan })
  try t.set("qtc_fridericia_ms", col { rr[$0] > 0 ? qt[$0] / Foundation.cbrt(rr[$0] / 1000) : .nan })
  if !fromIntervals {
    try t.set("qrs_t_ms", col { tEnd[$0] - qEnd[$0] })
    try t.set("p_t_ms", col { tEnd[$0] - pOn[$0] })
  }
  try t.set("p_rr", col { p[$0] / rr[$0] })
  try t.set("qrs_rr", col { qrs[$0] / rr[$0] })
  try t.set("qt_rr", col { qt[$0] / rr[$0] })
  try t.set("pr_qt", col { pr[$0] / qt[$0] })
  let pa = try t.numeric("p_axis_deg"), q = try t.numeric("qrs_axis_deg"), a = try t.numeric("t_axis_deg")
  try t.set("p_qrs_axis_deg", col { axisDifference(pa[$0], q[$0]) })
  try t.set("qrs_t_axis_deg", col { axisDifference(q[$0], a[$0]) })
  try t.set("p_t_axis_deg", col { axisDifference(pa[$0], a[$0]) })
  return t
}

/// The absolute angle between two axes, in degrees, 0...180 (so 170 and -170 are 20 apart).
public func axisDifference(_ a: Double, _ b: Double) -> Double {
  let d = abs(a - b).truncatingRemainder(dividingBy: 360)
  return d > 180 ? 360 - d : d
}
