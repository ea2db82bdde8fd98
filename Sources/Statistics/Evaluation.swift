import Core

/// Benjamini-Hochberg adjusted p-values (step-up false discovery rate control, Benjamini and
/// Hochberg 1995): p_(i) · m / i made monotone from the largest down, capped at 1. NaN stays NaN
/// and does not count towards m.
public func benjaminiHochberg(_ pValues: [Double]) -> [Double] {
  let valid = pValues.indices.filter { !pValues[$0].isNaN }.sorted { pValues[$0] < pValues[$1] }
  let m = Double(valid.count)
  var adjusted = [Double](repeating: .nan, count: pValues.count)
  var running = 1.0
  for (rank, i) in valid.enumerated().reversed() {
    running = min(running, pValues[i] * m / Double(rank + 1))
    adjusted[i] = min(1, running)
  }
  return adjusted
}

/// One-sided DeLong test of "AUROC > c": z = (AUROC − c) / √Var_DeLong, p = 1 − Φ(z). With c = 0.5
/// this is the usual test against chance; the reference studies call a condition predicted
/// "above 0.7 in a statistically significant manner" when this test rejects at c = 0.7.
public func aurocAbove(_ c: Double, estimate: AUROCEstimate) -> Double {
  guard estimate.variance > 0 else { return estimate.auc > c ? 0 : 1 }
  return normalCDF(-(estimate.auc - c) / estimate.variance.squareRoot())
}

/// Everything `ecglens evaluate` reports for one model on its test rows. Whatever is fitted or
/// chosen (the Youden threshold, the isotonic map, the tertile cuts) comes from the validation
/// rows; the test rows are only scored.
public struct Evaluation: Sendable, Codable {
  public let rows: Int
  public let patients: Int
  public let positives: Int
  public let auroc: AUROCEstimate
  public let aurocBootstrap: BootstrapInterval?
  public let averagePrecision: Double
  public let averagePrecisionBootstrap: BootstrapInterval?
  public let brier: Double
  /// Decision at the validation rows' Youden-optimal threshold (chosen without test data).
  public let atValidationYouden: ThresholdMetrics?
  /// Decision at 0.5.
  public let atHalf: ThresholdMetrics
  /// One-sided DeLong p-values of "AUROC > 0.5" and "AUROC > c".
  public let pAboveChance: Double
  public let pAboveC: Double
  public let c: Double
  /// Logistic recalibration of the raw test predictions, and of the predictions after isotonic
  /// recalibration fitted on the validation rows.
  public let calibration: CalibrationFit?
  public let calibrationAfterIsotonic: CalibrationFit?
  /// Expected calibration error over 10 quantile bins, raw and after isotonic recalibration.
  public let ece: Double
  public let eceAfterIsotonic: Double
  public let reliability: [ReliabilityBin]
  /// Low / medium / high at the validation rows' tertiles.
  public let strata: [RiskStratum]
  /// Net benefit at thresholds 0.01, 0.02 ... 0.99.
  public let decisionCurve: [NetBenefit]
}

/// Evaluates test predictions: DeLong AUROC and its interval, bootstrap intervals of AUROC and
/// average precision (unit, resamples and seed from `options`), Brier score, threshold metrics
/// at the validation Youden threshold and at 0.5, and the one-sided tests against 0.5 and `c`.
/// The DeLong variance follows the bootstrap's unit: clustered by patient (Obuchowski 1997) for
/// `.patient`, per row (DeLong 1988) for `.ecg`; the estimate names its method.
///
/// - Returns: nil without positives and negatives in at least two units (patients or rows) each.
public func evaluate(
  scores: [Double], labels: [Bool], patients: [String], validationScores: [Double], validationLabels: [Bool],
  c: Double = 0.7, options: BootstrapOptions = .init()
) -> Evaluation? {
  let clusters = options.unit == .patient ? patients : nil
  guard let d = delongAUROC(scores: scores, labels: labels, clusters: clusters, confidence: options.confidence) else { return nil }
  let ap = averagePrecision(scores: scores, labels: labels) ?? .nan
  let order = scores.indices.sorted { scores[$0] < scores[$1] }
  let aurocCI = bootstrap(clusters: patients, positive: labels, options: options) { w in
    auroc(scores: scores, labels: labels, weights: w, order: order)
  }
  let apCI = bootstrap(clusters: patients, positive: labels, options: options) { w in
    weightedAveragePrecision(scores: scores, labels: labels, weights: w, order: order)
  }
  let threshold = youdenOptimum(scores: validationScores, labels: validationLabels)?.threshold
  let isotonic = IsotonicCalibrator(probabilities: validationScores, labels: validationLabels)
  let recalibrated = isotonic.map { iso in scores.map { iso($0) } }
  let raw = reliability(probabilities: scores, labels: labels)
  let tertiles = (quantile(validationScores, 1.0 / 3), quantile(validationScores, 2.0 / 3))
  return Evaluation(
    rows: scores.count, patients: Set(patients).count, positives: labels.filter { $0 }.count,
    auroc: d, aurocBootstrap: aurocCI, averagePrecision: ap, averagePrecisionBootstrap: apCI,
    brier: brierScore(probabilities: scores, labels: labels),
    atValidationYouden: threshold.map { ThresholdMetrics(scores: scores, labels: labels, threshold: $0) },
    atHalf: ThresholdMetrics(scores: scores, labels: labels, threshold: 0.5),
    pAboveChance: aurocAbove(0.5, estimate: d), pAboveC: aurocAbove(c, estimate: d), c: c,
    calibration: calibration(probabilities: scores, labels: labels),
    calibrationAfterIsotonic: recalibrated.flatMap { calibration(probabilities: $0, labels: labels) },
    ece: raw.ece, eceAfterIsotonic: recalibrated.map { reliability(probabilities: $0, labels: labels).ece } ?? .nan,
    reliability: raw.bins,
    strata: validationScores.isEmpty ? [] : riskStrata(probabilities: scores, labels: labels, cuts: tertiles, clusters: clusters),
    decisionCurve: decisionCurve(probabilities: scores, labels: labels, thresholds: (1...99).map { Double($0) / 100 }))
}

/// A paired comparison of two models on the same test rows (`ecglens compare`).
public struct PairedComparison: Sendable, Codable {
  public let rows: Int
  public let positives: Int
  /// DeLong's test of AUROC_new − AUROC_base (clustered by patient unless the unit is `.ecg`).
  public let delong: AUROCComparison
  /// Bootstrap interval of the AUROC difference (same resampling as `options`).
  public let differenceBootstrap: BootstrapInterval?
  /// Continuous (category-free) NRI and IDI (cluster-robust or Pencina standard errors, as the
  /// unit), with bootstrap intervals of each.
  public let continuous: Reclassification
  public let nriBootstrap: BootstrapInterval?
  public let idiBootstrap: BootstrapInterval?
  /// Categorical NRI at the given thresholds, when some were given.
  public let categorical: Reclassification?
  /// Risk strata of each model at the same cut points.
  public let strataBase: [RiskStratum]
  public let strataNew: [RiskStratum]
}

/// Compares a new model with a base model on the same rows: DeLong, NRI, IDI and risk strata,
/// with patient-clustered bootstrap intervals (or per-ECG, per `options`). With the patient unit the
/// DeLong test is Obuchowski's clustered one and NRI/IDI have cluster-robust standard errors; with
/// `.ecg` the classic DeLong and Pencina forms.
///
/// - Parameters:
///   - thresholds: risk-category cut points for the categorical NRI and the strata (two values
///     give low / medium / high); when empty the strata use the base model's tertiles on
///     `validationBase`.
public func comparePaired(
  labels: [Bool], base: [Double], new: [Double], patients: [String], thresholds: [Double] = [],
  validationBase: [Double] = [], options: BootstrapOptions = .init()
) -> PairedComparison? {
  let clusters = options.unit == .patient ? patients : nil
  guard let d = delongTest(labels: labels, a: base, b: new, clusters: clusters, confidence: options.confidence),
    let continuous = reclassification(labels: labels, base: base, new: new, clusters: clusters)
  else { return nil }
  let orderBase = base.indices.sorted { base[$0] < base[$1] }, orderNew = new.indices.sorted { new[$0] < new[$1] }
  let diff = bootstrap(clusters: patients, positive: labels, options: options) { w in
    guard let a = auroc(scores: base, labels: labels, weights: w, order: orderBase),
      let b = auroc(scores: new, labels: labels, weights: w, order: orderNew)
    else { return nil }
    return b - a
  }
  let nri = bootstrap(clusters: patients, positive: labels, options: options) { w in
    reclassification(labels: labels, base: base, new: new, weights: w)?.nri
  }
  let idi = bootstrap(clusters: patients, positive: labels, options: options) { w in
    reclassification(labels: labels, base: base, new: new, weights: w)?.idi
  }
  let cuts: (Double, Double)? =
    thresholds.count == 2
    ? (thresholds.min()!, thresholds.max()!)
    : validationBase.isEmpty ? nil : (quantile(validationBase, 1.0 / 3), quantile(validationBase, 2.0 / 3))
  return PairedComparison(
    rows: labels.count, positives: labels.filter { $0 }.count, delong: d, differenceBootstrap: diff,
    continuous: continuous, nriBootstrap: nri, idiBootstrap: idi,
    categorical: thresholds.isEmpty
      ? nil : reclassification(labels: labels, base: base, new: new, thresholds: thresholds, clusters: clusters),
    strataBase: cuts.map { riskStrata(probabilities: base, labels: labels, cuts: $0, clusters: clusters) } ?? [],
    strataNew: cuts.map { riskStrata(probabilities: new, labels: labels, cuts: $0, clusters: clusters) } ?? [])
}

/// Standardised mean difference of a feature between two cohorts (Austin, Statistics in
/// Medicine 2009): (mean_B − mean_A) / √((var_A + var_B) / 2), NaN values left out. |SMD| > 0.1 is
/// the usual flag for a covariate shift worth a look.
public func standardizedMeanDifference(
  _ a: [Double], _ b: [Double]
) -> (smd: Double, meanA: Double, meanB: Double, missingA: Double, missingB: Double) {
  func moments(_ x: [Double]) -> (mean: Double, variance: Double, missing: Double) {
    let v = x.filter { !$0.isNaN }
    guard v.count > 1 else { return (.nan, .nan, x.isEmpty ? .nan : Double(x.count - v.count) / Double(x.count)) }
    return (mean(v), variance(v), Double(x.count - v.count) / Double(x.count))
  }
  let ma = moments(a), mb = moments(b)
  let pooled = ((ma.variance + mb.variance) / 2).squareRoot()
  return (pooled > 0 ? (mb.mean - ma.mean) / pooled : .nan, ma.mean, mb.mean, ma.missing, mb.missing)
}
