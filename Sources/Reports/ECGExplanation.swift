import Signals
import Boosting
import Delineation
import Foundation
import Measurements
import Modelling
import Tables

/// One feature's part in one prediction: its measured value tied to the catalogue (unit,
/// definition, lead, wave, adult range) and its SHAP contribution (log-odds).
public struct FeatureEvidence: Sendable, Codable, Equatable {
  /// The model's feature name.
  public var feature: String
  /// The measurement that supplied it (the same name, or the waveform measurement standing in
  /// for a machine measurement, e.g. `qrs_ms` for `machine_qrs_ms`); nil when not measured.
  public var measuredAs: String?
  public var value: Double
  public var unit: String
  public var definition: String
  /// The lead it was measured on; nil for a global measurement across leads.
  public var lead: String?
  public var wave: String
  /// normal, borderline or abnormal against the catalogue's adult range (nil without one).
  public var assessment: String?
  public var normalRange: String?
  public var source: String?
  /// SHAP contribution to the log-odds (TreeSHAP, XGBoost `pred_contribs`).
  public var shap: Double
}

/// Why a model predicts what it predicts for one ECG.
public struct TargetExplanation: Sendable, Codable, Equatable {
  public var target: String
  public var variant: String
  public var probability: Double
  /// The model's expected log-odds (SHAP base value); base + the contributions = the log-odds.
  public var baseLogOdds: Double
  /// Every feature of the model, largest |SHAP| first.
  public var evidence: [FeatureEvidence]
  /// Model features this ECG could not supply (treated as missing by the trees).
  public var unmeasured: [String]
  public var testAUROC: Double?
}

/// A value a model can use, and which measurement it came from.
public struct SuppliedValue: Sendable {
  public var value: Double
  public var measuredAs: String
  public init(value: Double, measuredAs: String) { self.value = value; self.measuredAs = measuredAs }
}

/// Everything the waveform measurements can supply, by feature name: every catalogue column,
/// plus the harmonised machine-measurement columns of `MeasurementSchema` (ingested MIMIC-IV-ECG
/// and MUSE tables), so studies trained on machine measurements can be applied and explained:
/// `p_onset_ms` ... `t_end_ms` from the MIMIC-equivalent fiducials, `machine_qrs_ms`,
/// `machine_qt_ms` and `machine_qtc_ms` from QRS, QT and Bazett's QTc, and the derived ratios and
/// axis differences from the measured intervals and axes.
public func suppliedValues(_ m: ECGMeasurements, demographics: HeaderDemographics) -> [String: SuppliedValue] {
  var out: [String: SuppliedValue] = [:]
  var plain: [String: Double] = [:]
  for (d, v) in zip(featureCatalogue, featureValues(m, demographics: demographics)) where !v.isNaN {
    out[d.name] = SuppliedValue(value: v, measuredAs: d.name)
    plain[d.name] = v
  }
  for e in machineMeasurementEquivalents {
    let v = e.value(from: plain)
    if v.isFinite { out[e.name] = SuppliedValue(value: v, measuredAs: e.formula) }
  }
  return out
}

/// Explains one study model's prediction for one ECG: the probability, and each feature's
/// measured value, catalogue context and SHAP contribution. Features the ECG cannot supply are
/// passed to the trees as missing and listed.
public func explainPrediction(
  entry: StudyEntry, booster: Booster, values: [String: SuppliedValue]
) throws(ModellingError) -> TargetExplanation {
  let names = booster.featureNames
  let row = names.map { values[$0]?.value ?? .nan }
  let contributions: [Float], probability: [Float]
  do {
    let matrix = try DMatrix(FeatureMatrix(columns: row.map { [$0] }, featureNames: names))
    contributions = try booster.contributions(matrix)
    probability = try booster.probabilities(matrix)
  } catch {
    throw .boosting(target: entry.target, variant: entry.variant.rawValue, message: error.description)
  }
  var evidence: [FeatureEvidence] = []
  for (k, name) in names.enumerated() {
    let supplied = values[name]
    let d = supplied.flatMap { featureDefinition(named: $0.measuredAs) } ?? featureDefinition(named: name)
    var e = FeatureEvidence(
      feature: name, measuredAs: supplied?.measuredAs, value: supplied?.value ?? .nan,
      unit: d?.unit ?? "", definition: d?.definition ?? "Derived: \(supplied?.measuredAs ?? name)", lead: d?.lead,
      wave: d?.wave ?? "", shap: Double(contributions[k]))
    if let d, let v = supplied?.value {
      e.assessment = d.assess(v)?.rawValue
      e.normalRange = d.normal.map { "\(formatNumber($0.lowerBound)) to \(formatNumber($0.upperBound)) \(d.unit)" }
      e.source = d.source
    }
    evidence.append(e)
  }
  evidence.sort { abs($0.shap) > abs($1.shap) }
  return TargetExplanation(
    target: entry.target, variant: entry.variant.rawValue, probability: Double(probability[0]),
    baseLogOdds: Double(contributions[names.count]), evidence: evidence,
    unmeasured: names.filter { values[$0] == nil }, testAUROC: entry.testAUROC)
}

func formatNumber(_ v: Double) -> String {
  if v == v.rounded() && abs(v) < 1e6 { return String(Int(v)) }
  return abs(v) >= 10 ? String(format: "%.1f", v) : String(format: "%.3g", v)
}

/// A human name for a feature: the catalogue definition's first clause, else the column name.
func featureLabel(_ e: FeatureEvidence) -> String {
  e.definition.components(separatedBy: ":").first ?? e.feature
}

/// Sentences for the `top` strongest features, each traceable to a measurement: value and unit,
/// its assessment against the adult range and the range's source, where it was measured, and
/// the direction and size of its contribution.
public func explanationSentences(_ x: TargetExplanation, top: Int) -> [String] {
  var out = [String(format: "%@ (%@ model): probability %.2f.", x.target, x.variant, x.probability)]
  for e in x.evidence.prefix(top) {
    let direction = e.shap >= 0 ? "raises" : "lowers"
    let strength = String(format: "%@ the log-odds by %.2f", direction, abs(e.shap))
    guard let measured = e.measuredAs, e.value.isFinite else {
      out.append("\(e.feature) was not measured on this ECG; as a missing value it \(strength).")
      continue
    }
    var s = "\(e.feature) = \(formatNumber(e.value))\(e.unit.isEmpty || e.unit == "ratio" || e.unit == "0/1" ? "" : " " + e.unit)"
    if let a = e.assessment, let r = e.normalRange {
      s += " is \(a) (adult normal \(r); \(e.source ?? "catalogue"))"
    }
    if measured != e.feature { s += ", measured as \(measured)" }
    s += e.lead.map { ", on lead \($0.uppercased())" } ?? (e.wave == "demographics" ? "" : ", across all usable leads")
    s += ": \(strength)."
    out.append(s)
  }
  if !x.unmeasured.isEmpty {
    out.append("Not measurable on this ECG (passed to the model as missing): \(x.unmeasured.joined(separator: ", ")).")
  }
  return out
}

/// Reads explanation JSON as `ecglens explain --json` writes it (NaN and infinities as the
/// strings "nan", "inf", "-inf").
public func explanationDecoder() -> JSONDecoder {
  let d = JSONDecoder()
  d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
  return d
}
