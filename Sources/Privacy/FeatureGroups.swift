/// The wave group of a feature, from its name in the feature catalogue (docs/feature-catalogue.md,
/// `ecglens features`) or in the harmonised machine-measurement schema (`Tables.MeasurementSchema`,
/// what `ecglens ingest` writes), for attributing identification to waves as TransECG attributes
/// it with attention shares (the groups: P wave, PR, QRS, ST-T, QT, rhythm, axes,
/// amplitudes).
///
/// | group | names |
/// |---|---|
/// | demographics | age_years, sex_male |
/// | rhythm | heart_rate_bpm, rr_ms, rr_sd_ms, rr_rmssd_ms, rr_irregularity, rr_interval |
/// | P wave | p_wave_fraction, p_ms, p_onset(_ms), p_end(_ms), p_rr |
/// | PR | pr_ms, pr_qt |
/// | QRS | qrs_ms, qrs_onset(_ms), qrs_end(_ms), machine_qrs_ms, qrs_rr, {lead}_r_prime |
/// | QT | qt_ms, qtc_*, machine_qt_ms, machine_qtc_ms, t_end(_ms), qt_rr, p_t_ms |
/// | ST-T | qrs_t_ms (QRS end to T end), {lead}_st60_mv, {lead}_t_amp_mv |
/// | axes | p/qrs/t axes (both conventions), qrs_t_angle_deg, p_qrs/qrs_t/p_t_axis_deg |
/// | amplitudes | {lead}_p/q/r/s_amp_mv, sokolow_lyon_mv, cornell_mv |
/// | signal quality | {lead}_quality |
///
/// Any other name goes to "other".
public func featureGroup(of name: String) -> String {
  let n = name.lowercased()
  if let group = exactGroups[n] { return group }
  if n.hasPrefix("qtc_") { return "QT" }
  let suffixes: [(String, String)] = [
    ("_st60_mv", "ST-T"), ("_t_amp_mv", "ST-T"), ("_p_amp_mv", "amplitudes"), ("_q_amp_mv", "amplitudes"),
    ("_r_amp_mv", "amplitudes"), ("_s_amp_mv", "amplitudes"), ("_r_prime", "QRS"), ("_quality", "signal quality"),
  ]
  for (suffix, group) in suffixes where n.hasSuffix(suffix) { return group }
  return "other"
}

private let exactGroups: [String: String] = {
  var map: [String: String] = [:]
  let table: [(String, [String])] = [
    ("demographics", ["age_years", "sex_male"]),
    ("rhythm", ["heart_rate_bpm", "rr_ms", "rr_sd_ms", "rr_rmssd_ms", "rr_irregularity", "rr_interval"]),
    ("P wave", ["p_wave_fraction", "p_ms", "p_onset", "p_end", "p_onset_ms", "p_end_ms", "p_rr"]),
    ("PR", ["pr_ms", "pr_qt"]),
    ("QRS", ["qrs_ms", "qrs_onset", "qrs_end", "qrs_onset_ms", "qrs_end_ms", "machine_qrs_ms", "qrs_rr"]),
    ("QT", ["qt_ms", "t_end", "t_end_ms", "machine_qt_ms", "machine_qtc_ms", "qt_rr", "p_t_ms"]),
    ("ST-T", ["qrs_t_ms"]),
    (
      "axes",
      [
        "p_axis_deg", "qrs_axis_deg", "t_axis_deg", "qrs_t_angle_deg", "p_axis", "qrs_axis", "t_axis",
        "p_qrs_axis_deg", "qrs_t_axis_deg", "p_t_axis_deg",
      ]
    ),
    ("amplitudes", ["sokolow_lyon_mv", "cornell_mv"]),
  ]
  for (group, names) in table { for name in names { map[name] = group } }
  return map
}()

/// Column indices of `featureNames` grouped by `featureGroup(of:)`, for `featureGroupAttribution`.
public func defaultFeatureGroups(featureNames: [String]) -> [String: [Int]] {
  var groups: [String: [Int]] = [:]
  for (i, name) in featureNames.enumerated() { groups[featureGroup(of: name), default: []].append(i) }
  return groups
}
