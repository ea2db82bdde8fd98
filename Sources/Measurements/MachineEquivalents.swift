/// A column of the harmonised machine-measurement schema (`Tables.MeasurementSchema`: what
/// `ecglens ingest` makes of MIMIC-IV-ECG and GE MUSE tables) computed from catalogue columns,
/// so models trained on machine measurements can be applied to, validated on and explained
/// with ECGLens's own waveform measurements.
public struct MachineEquivalent: Sendable {
  /// The schema column.
  public let name: String
  /// The catalogue columns it is computed from.
  public let sources: [String]
  /// How, in words ("t_end - qrs_end"); the source name itself for a plain copy.
  public let formula: String
  let compute: @Sendable ([Double]) -> Double

  /// The value from `values` (catalogue name -> value); NaN when a source is missing or NaN.
  public func value(from values: [String: Double]) -> Double {
    let inputs = sources.map { values[$0] ?? .nan }
    guard !inputs.contains(where: \.isNaN) else { return .nan }
    return compute(inputs)
  }
}

/// Every harmonised machine-measurement column ECGLens can supply. The machine's own
/// `machine_qrs_ms`, `machine_qt_ms` and `machine_qtc_ms` are supplied by ECGLens's QRS, QT and
/// Bazett QTc: the same quantities measured by a different algorithm, which an external
/// validation or an explanation must say.
public let machineMeasurementEquivalents: [MachineEquivalent] = {
  func copy(_ name: String, _ source: String) -> MachineEquivalent {
    MachineEquivalent(name: name, sources: [source], formula: source) { $0[0] }
  }
  return [
    copy("p_onset_ms", "p_onset"), copy("p_end_ms", "p_end"), copy("qrs_onset_ms", "qrs_onset"),
    copy("qrs_end_ms", "qrs_end"), copy("t_end_ms", "t_end"),
    copy("machine_qrs_ms", "qrs_ms"), copy("machine_qt_ms", "qt_ms"), copy("machine_qtc_ms", "qtc_bazett_ms"),
    copy("qrs_t_axis_deg", "qrs_t_angle_deg"),
    MachineEquivalent(name: "qrs_t_ms", sources: ["t_end", "qrs_end"], formula: "t_end - qrs_end") { $0[0] - $0[1] },
    MachineEquivalent(name: "p_t_ms", sources: ["t_end", "p_onset"], formula: "t_end - p_onset") { $0[0] - $0[1] },
    MachineEquivalent(name: "p_rr", sources: ["p_ms", "rr_ms"], formula: "p_ms / rr_ms") { $0[0] / $0[1] },
    MachineEquivalent(name: "qrs_rr", sources: ["qrs_ms", "rr_ms"], formula: "qrs_ms / rr_ms") { $0[0] / $0[1] },
    MachineEquivalent(name: "qt_rr", sources: ["qt_ms", "rr_ms"], formula: "qt_ms / rr_ms") { $0[0] / $0[1] },
    MachineEquivalent(name: "pr_qt", sources: ["pr_ms", "qt_ms"], formula: "pr_ms / qt_ms") { $0[0] / $0[1] },
    MachineEquivalent(name: "p_qrs_axis_deg", sources: ["p_axis_deg", "qrs_axis_deg"], formula: "|p_axis_deg - qrs_axis_deg|") {
      qrsTAngle(qrsAxis: $0[0], tAxis: $0[1])
    },
    MachineEquivalent(name: "p_t_axis_deg", sources: ["p_axis_deg", "t_axis_deg"], formula: "|p_axis_deg - t_axis_deg|") {
      qrsTAngle(qrsAxis: $0[0], tAxis: $0[1])
    },
  ]
}()
