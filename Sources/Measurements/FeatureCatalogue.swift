import Signals
import Foundation

/// How a value compares with the adult reference range of its feature.
public enum RangeAssessment: String, Sendable {
  case normal, borderline, abnormal
}

/// One feature ECGLens extracts: its column name, unit, definition, where it is measured and,
/// when the literature gives one, the adult reference range with its source. The catalogue is
/// the single place these are stated; `ecglens extract` writes its columns in this order and
/// grounded explanations cite its ranges.
public struct FeatureDefinition: Sendable, Equatable {
  public var name: String
  /// "ms", "mV", "deg", "bpm", "years", "ratio", "0/1" or "mV ms".
  public var unit: String
  public var definition: String
  /// The lead it is measured on (nil: global, from all usable leads).
  public var lead: String?
  /// The wave or segment it describes: "P", "QRS", "T", "ST", "rhythm", "demographics", "quality".
  public var wave: String
  /// Adult normal range, and the wider range still called borderline.
  public var normal: ClosedRange<Double>?
  public var borderline: ClosedRange<Double>?
  /// Where the range comes from.
  public var source: String?

  /// Normal, borderline or abnormal against the reference range; nil without a range or value.
  public func assess(_ value: Double) -> RangeAssessment? {
    guard let normal, value.isFinite else { return nil }
    if normal.contains(value) { return .normal }
    if let borderline, borderline.contains(value) { return .borderline }
    return .abnormal
  }
}

private let aha2009 = "AHA/ACCF/HRS ECG standardization recommendations (Surawicz, Hancock, Rautaharju et al., Circulation 2009)"

/// Global features, in column order.
public let globalFeatureCatalogue: [FeatureDefinition] = [
  .init(name: "age_years", unit: "years", definition: "Age from the record header", wave: "demographics"),
  .init(name: "sex_male", unit: "0/1", definition: "Sex from the record header: 1 male, 0 female", wave: "demographics"),
  .init(
    name: "heart_rate_bpm", unit: "bpm", definition: "Ventricular rate, 60000 / mean RR", wave: "rhythm",
    normal: 60...100, borderline: 50...110, source: aha2009),
  .init(
    name: "rr_ms", unit: "ms", definition: "Mean RR interval", wave: "rhythm", normal: 600...1000, borderline: 545...1200,
    source: aha2009 + " (60-100 bpm)"),
  .init(name: "rr_sd_ms", unit: "ms", definition: "Standard deviation of the RR intervals", wave: "rhythm"),
  .init(name: "rr_rmssd_ms", unit: "ms", definition: "Root mean square of successive RR differences", wave: "rhythm"),
  .init(
    name: "rr_irregularity", unit: "ratio",
    definition: "Median absolute successive RR difference / median RR; near 0 in sinus rhythm, above 0.1 in most atrial fibrillation", wave: "rhythm"),
  .init(
    name: "p_wave_fraction", unit: "ratio", definition: "Fraction of beats with a P wave (global)", wave: "P", normal: 0.9...1, borderline: 0.5...1,
    source: "ECGLens convention: every beat of sinus rhythm has a P wave"),
  .init(
    name: "pr_ms", unit: "ms", definition: "PR interval: global P onset to global QRS onset, median over beats", wave: "P", normal: 120...200,
    borderline: 110...220, source: aha2009),
  .init(
    name: "p_ms", unit: "ms", definition: "P-wave duration: global P onset to P offset, median over beats", wave: "P", normal: 60...120,
    borderline: 50...130, source: aha2009 + " (left atrial abnormality above 120 ms)"),
  .init(
    name: "qrs_ms", unit: "ms", definition: "QRS duration: global QRS onset to QRS offset, median over beats", wave: "QRS", normal: 70...110,
    borderline: 60...120, source: aha2009 + " (incomplete bundle-branch block 110-119 ms, complete from 120 ms)"),
  .init(name: "qt_ms", unit: "ms", definition: "QT interval: global QRS onset to global T offset, median over beats", wave: "T"),
  .init(
    name: "qtc_bazett_ms", unit: "ms", definition: "QT / sqrt(RR in s) (Bazett 1920)", wave: "T", normal: 350...450, borderline: 340...470,
    source: aha2009 + " (prolonged from 450 ms in men, 460 ms in women)"),
  .init(
    name: "qtc_fridericia_ms", unit: "ms", definition: "QT / cbrt(RR in s) (Fridericia 1920)", wave: "T", normal: 350...450, borderline: 340...470,
    source: aha2009),
  .init(
    name: "qtc_framingham_ms", unit: "ms", definition: "QT + 154 (1 - RR in s) (Sagie et al. 1992)", wave: "T", normal: 350...450,
    borderline: 340...470, source: aha2009),
  .init(
    name: "qtc_hodges_ms", unit: "ms", definition: "QT + 1.75 (heart rate - 60) (Hodges et al. 1983)", wave: "T", normal: 350...450,
    borderline: 340...470, source: aha2009),
  .init(
    name: "p_axis_deg", unit: "deg", definition: "Frontal P axis from the limb leads' net P areas (Einthoven least squares)", wave: "P",
    normal: 0...75, borderline: -15...90, source: aha2009),
  .init(
    name: "qrs_axis_deg", unit: "deg", definition: "Frontal QRS axis from the limb leads' net QRS areas (Einthoven least squares)", wave: "QRS",
    normal: -30...90, borderline: -45...100, source: aha2009 + " (left axis deviation beyond -30, right beyond +90)"),
  .init(
    name: "t_axis_deg", unit: "deg", definition: "Frontal T axis from the limb leads' net areas from the J point to T offset", wave: "T",
    normal: -10...100, borderline: -30...120, source: "Rautaharju et al., Circulation 2009 (frontal T axis in healthy adults)"),
  .init(
    name: "qrs_t_angle_deg", unit: "deg", definition: "Frontal QRS-T angle: |QRS axis - T axis| folded to 0-180", wave: "T", normal: 0...45,
    borderline: 0...90, source: "Zhang et al., Circulation 2007 (frontal QRS-T angle; abnormal above 90)"),
  .init(
    name: "sokolow_lyon_mv", unit: "mV", definition: "S in V1 + larger R of V5, V6", wave: "QRS", normal: 0...3.5,
    source: "Sokolow and Lyon, Am Heart J 1949 (LVH from 3.5 mV)"),
  .init(
    name: "cornell_mv", unit: "mV", definition: "R in aVL + S in V3", wave: "QRS", normal: 0...2.0, borderline: 0...2.8,
    source: "Casale et al., Circulation 1987 (LVH above 2.8 mV in men, 2.0 in women)"),
  .init(name: "rr_interval", unit: "ms", definition: "MIMIC-IV-ECG equivalent: mean RR", wave: "rhythm"),
  .init(
    name: "p_onset", unit: "ms",
    definition: "MIMIC-IV-ECG equivalent: representative P onset from the origin (40 ms before P onset; 200 ms before QRS onset without P)", wave: "P"
  ),
  .init(name: "p_end", unit: "ms", definition: "MIMIC-IV-ECG equivalent: representative P offset from the same origin", wave: "P"),
  .init(name: "qrs_onset", unit: "ms", definition: "MIMIC-IV-ECG equivalent: representative QRS onset from the same origin", wave: "QRS"),
  .init(name: "qrs_end", unit: "ms", definition: "MIMIC-IV-ECG equivalent: representative QRS offset from the same origin", wave: "QRS"),
  .init(name: "t_end", unit: "ms", definition: "MIMIC-IV-ECG equivalent: representative T offset from the same origin", wave: "T"),
  .init(name: "p_axis", unit: "deg", definition: "MIMIC-IV-ECG equivalent: P axis in the carts' -90...270 convention", wave: "P"),
  .init(name: "qrs_axis", unit: "deg", definition: "MIMIC-IV-ECG equivalent: QRS axis in the carts' -90...270 convention", wave: "QRS"),
  .init(name: "t_axis", unit: "deg", definition: "MIMIC-IV-ECG equivalent: T axis in the carts' -90...270 convention", wave: "T"),
]

/// Per-lead features; `{lead}` is replaced by each standard lead name.
public let leadFeatureTemplates: [FeatureDefinition] = [
  .init(name: "{lead}_p_amp_mv", unit: "mV", definition: "Signed P amplitude on the median beat, from the level before P onset", wave: "P"),
  .init(name: "{lead}_q_amp_mv", unit: "mV", definition: "Q amplitude (negative deflection before R; 0 when none)", wave: "QRS"),
  .init(name: "{lead}_r_amp_mv", unit: "mV", definition: "R amplitude (largest positive QRS deflection; 0 when none)", wave: "QRS"),
  .init(name: "{lead}_s_amp_mv", unit: "mV", definition: "S amplitude (largest negative deflection after R; 0 when none)", wave: "QRS"),
  .init(name: "{lead}_t_amp_mv", unit: "mV", definition: "Signed T amplitude at the global T peak", wave: "T"),
  .init(
    name: "{lead}_st60_mv", unit: "mV", definition: "ST level 60 ms after the J point, from the QRS-onset level", wave: "ST", normal: -0.05...0.1,
    borderline: -0.1...0.2,
    source:
      "Thygesen et al., Fourth Universal Definition of Myocardial Infarction, Circulation 2018 (elevation from 0.1 mV in most leads, depression from 0.05 mV)"
  ),
  .init(name: "{lead}_r_prime", unit: "0/1", definition: "1 when a second positive deflection (R') follows the S wave", wave: "QRS"),
  .init(
    name: "{lead}_quality", unit: "ratio", definition: "Template-matching quality: mean correlation of beats with the median beat, -1 to 1",
    wave: "quality", normal: 0.9...1, borderline: 0.7...1,
    source: "Orphanidou et al., IEEE J Biomed Health Inform 2015 (template-matching signal quality)"),
]

/// Every feature in `ecglens extract` column order: the global ones, then the per-lead ones
/// for each of the twelve standard leads.
public let featureCatalogue: [FeatureDefinition] =
  globalFeatureCatalogue
  + standardLeads.flatMap { lead in
    leadFeatureTemplates.map { t in
      var d = t
      d.name = t.name.replacingOccurrences(of: "{lead}", with: lead)
      d.lead = lead
      return d
    }
  }

/// The catalogue entry of a feature column, if it has one.
public func featureDefinition(named name: String) -> FeatureDefinition? {
  featureCatalogue.first { $0.name == name }
}

/// The values of `featureCatalogue`, in its order, for one measured ECG (NaN = not measured).
public func featureValues(_ m: ECGMeasurements, demographics d: HeaderDemographics) -> [Double] {
  let mimic = m.machineEquivalents
  var v: [Double] = [
    d.age ?? .nan, d.sexMale.map(Double.init) ?? .nan,
    m.heartRate, m.rrMean, m.rrSD, m.rrRMSSD, m.rrIrregularity, m.pWaveFraction,
    m.pr, m.pDuration, m.qrs, m.qt,
    m.qtc(.bazett), m.qtc(.fridericia), m.qtc(.framingham), m.qtc(.hodges),
    m.pAxis, m.qrsAxis, m.tAxis, m.qrsTAngle, m.sokolowLyon, m.cornell,
    m.rrMean, mimic.pOnset, mimic.pEnd, mimic.qrsOnset, mimic.qrsEnd, mimic.tEnd,
    cartAxisConvention(m.pAxis), cartAxisConvention(m.qrsAxis), cartAxisConvention(m.tAxis),
  ]
  for lead in standardLeads {
    guard let l = m.lead(lead), l.problem == nil else {
      v += [Double](repeating: .nan, count: leadFeatureTemplates.count)
      continue
    }
    v += [
      l.pAmplitude, l.qAmplitude, l.rAmplitude, l.sAmplitude, l.tAmplitude, l.st60,
      l.rPrime.map { $0 ? 1 : 0 } ?? .nan, l.quality,
    ]
  }
  return v
}
