/// Which interval `evaluatePredictions` and `comparePredictions` put in `auroc_ci` and
/// `auroc_difference_ci`.
public enum PredictionInterval: String, Sendable, CaseIterable, Codable {
  /// DeLong's normal approximation: clustered by patient (Obuchowski 1997) when patients are given.
  case delong
  /// Percentile bootstrap over patients (over rows without patients).
  case bootstrap
}

/// `ecglens evaluate --predictions`: one model's AUROC and its interval. JSON keys (exactly): n_rows,
/// n_patients (null without patients), auroc, auroc_ci ([lower, upper]), method.
public struct PredictionEvaluation: Sendable, Encodable {
  public let nRows: Int
  public let nPatients: Int?
  public let auroc: Double
  public let aurocCI: [Double]
  /// The interval's method, e.g. "clustered DeLong (Obuchowski 1997)".
  public let method: String
  /// Not in the JSON: the DeLong estimate and the bootstrap interval, for the console.
  public let delong: AUROCEstimate
  public let bootstrap: BootstrapInterval?

  enum CodingKeys: String, CodingKey { case nRows = "n_rows", nPatients = "n_patients", auroc, aurocCI = "auroc_ci", method }

  /// Writes every key, n_patients as null when absent.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(nRows, forKey: .nRows)
    try c.encode(nPatients, forKey: .nPatients)
    try c.encode(auroc, forKey: .auroc)
    try c.encode(aurocCI, forKey: .aurocCI)
    try c.encode(method, forKey: .method)
  }
}

/// The method text of a bootstrap interval.
func bootstrapMethod(_ b: BootstrapInterval, seed: UInt64) -> String {
  "percentile bootstrap over \(b.unit == .patient ? "patients" : "ECGs") (\(b.resamples) resamples, seed \(seed))"
}

/// Evaluates one model's predictions on any table: the AUROC with its DeLong interval, clustered by
/// patient (Obuchowski 1997) when `patients` is given and classic (DeLong 1988) otherwise, and its
/// percentile bootstrap interval (patients resampled when given; `options` sets resamples and seed;
/// its unit is ignored). `interval` chooses which interval is `auroc_ci`.
///
/// - Throws: `StatisticsError` for mismatched lengths, non-finite scores, empty patient ids, or
///   positives or negatives in fewer than two patients (rows).
public func evaluatePredictions(
  labels: [Bool], scores: [Double], patients: [String]?, interval: PredictionInterval = .delong,
  options: BootstrapOptions = .init()
) throws(StatisticsError) -> PredictionEvaluation {
  try checkFinite(scores, field: "scores", rows: labels.count)
  try checkPatients(patients, rows: labels.count)
  guard let d = delongAUROC(scores: scores, labels: labels, clusters: patients, confidence: options.confidence) else {
    throw clusterShortage(labels: labels, patients: patients)
  }
  var o = options
  o.unit = patients == nil ? .ecg : .patient
  let boot = bootstrapAUROC(scores: scores, labels: labels, patients: patients ?? labels.indices.map(String.init), options: o)
  let useBootstrap = interval == .bootstrap && boot != nil
  return PredictionEvaluation(
    nRows: labels.count, nPatients: patients.map { _ in d.clusters }, auroc: d.auc,
    aurocCI: useBootstrap ? [boot!.percentileLower, boot!.percentileUpper] : [d.lower, d.upper],
    method: useBootstrap ? bootstrapMethod(boot!, seed: o.seed) : d.method.rawValue, delong: d, bootstrap: boot)
}

/// `ecglens compare --predictions`: a new model against a base model on the same rows. JSON keys
/// (exactly): n_rows, n_patients (null without patients), auroc_base, auroc_new, auroc_difference (new −
/// base), auroc_difference_ci ([lower, upper]), auroc_difference_p, nri_continuous, nri_continuous_p,
/// nri_categorical, nri_categorical_p (both null without thresholds), idi, idi_p, method.
public struct PredictionComparison: Sendable, Encodable {
  public let nRows: Int
  public let nPatients: Int?
  public let aurocBase: Double
  public let aurocNew: Double
  public let aurocDifference: Double
  public let aurocDifferenceCI: [Double]
  /// Two-sided p of "equal AUROCs" (paired DeLong test).
  public let aurocDifferenceP: Double
  public let nriContinuous: Double
  public let nriContinuousP: Double
  public let nriCategorical: Double?
  public let nriCategoricalP: Double?
  public let idi: Double
  public let idiP: Double
  public let method: String
  /// Not in the JSON: the full results, for the console.
  public let delong: AUROCComparison
  public let differenceBootstrap: BootstrapInterval?
  public let continuous: Reclassification
  public let categorical: Reclassification?

  enum CodingKeys: String, CodingKey {
    case nRows = "n_rows", nPatients = "n_patients", aurocBase = "auroc_base", aurocNew = "auroc_new"
    case aurocDifference = "auroc_difference", aurocDifferenceCI = "auroc_difference_ci"
    case aurocDifferenceP = "auroc_difference_p", nriContinuous = "nri_continuous"
    case nriContinuousP = "nri_continuous_p", nriCategorical = "nri_categorical"
    case nriCategoricalP = "nri_categorical_p", idi, idiP = "idi_p", method
  }

  /// Writes every key; absent optionals as null.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(nRows, forKey: .nRows)
    try c.encode(nPatients, forKey: .nPatients)
    try c.encode(aurocBase, forKey: .aurocBase)
    try c.encode(aurocNew, forKey: .aurocNew)
    try c.encode(aurocDifference, forKey: .aurocDifference)
    try c.encode(aurocDifferenceCI, forKey: .aurocDifferenceCI)
    try c.encode(aurocDifferenceP, forKey: .aurocDifferenceP)
    try c.encode(nriContinuous, forKey: .nriContinuous)
    try c.encode(nriContinuousP, forKey: .nriContinuousP)
    try c.encode(nriCategorical, forKey: .nriCategorical)
    try c.encode(nriCategoricalP, forKey: .nriCategoricalP)
    try c.encode(idi, forKey: .idi)
    try c.encode(idiP, forKey: .idiP)
    try c.encode(method, forKey: .method)
  }
}

/// Compares a new model with a base model on any predictions table: the paired DeLong test (clustered,
/// Obuchowski 1997, with patients; DeLong 1988 without), continuous NRI and IDI and, with `thresholds`,
/// the categorical NRI, with cluster-robust (patients) or Pencina (2008) standard errors
/// (`reclassification`). The difference's percentile bootstrap interval resamples patients (rows
/// without patients); `interval` chooses which interval is `auroc_difference_ci`. p-values always come
/// from the DeLong test and the NRI/IDI standard errors.
///
/// - Parameter thresholds: risk cut points for the categorical NRI (probabilities); nil or empty: none.
/// - Throws: `StatisticsError` as `evaluatePredictions`, and without an event, a non-event and two
///   clusters for NRI/IDI.
public func comparePredictions(
  labels: [Bool], base: [Double], new: [Double], patients: [String]?, thresholds: [Double]?,
  interval: PredictionInterval = .delong, options: BootstrapOptions = .init()
) throws(StatisticsError) -> PredictionComparison {
  try checkFinite(base, field: "base", rows: labels.count)
  try checkFinite(new, field: "new", rows: labels.count)
  if let thresholds { try checkFinite(thresholds, field: "thresholds", rows: thresholds.count) }
  try checkPatients(patients, rows: labels.count)
  guard let d = delongTest(labels: labels, a: base, b: new, clusters: patients, confidence: options.confidence) else {
    throw clusterShortage(labels: labels, patients: patients)
  }
  let cuts = (thresholds?.isEmpty ?? true) ? nil : thresholds
  guard let continuous = reclassification(labels: labels, base: base, new: new, clusters: patients) else {
    let events = labels.filter { $0 }.count
    throw .tooFewForReclassification(events: events, nonEvents: labels.count - events, clusters: d.a.clusters)
  }
  let categorical = cuts.flatMap { reclassification(labels: labels, base: base, new: new, thresholds: $0, clusters: patients) }
  var o = options
  o.unit = patients == nil ? .ecg : .patient
  let orderBase = ascendingOrder(base), orderNew = ascendingOrder(new)
  let boot = bootstrap(clusters: patients ?? labels.indices.map(String.init), positive: labels, options: o) { w in
    guard let a = auroc(scores: base, labels: labels, weights: w, order: orderBase),
      let b = auroc(scores: new, labels: labels, weights: w, order: orderNew)
    else { return nil }
    return b - a
  }
  let useBootstrap = interval == .bootstrap && boot != nil
  let aurocMethod = useBootstrap ? bootstrapMethod(boot!, seed: o.seed) + "; p: " + d.method.rawValue : d.method.rawValue
  return PredictionComparison(
    nRows: labels.count, nPatients: patients.map { _ in d.a.clusters }, aurocBase: d.a.auc, aurocNew: d.b.auc,
    aurocDifference: d.difference,
    aurocDifferenceCI: useBootstrap ? [boot!.percentileLower, boot!.percentileUpper] : [d.lower, d.upper],
    aurocDifferenceP: d.pValue, nriContinuous: continuous.nri, nriContinuousP: continuous.nriPValue,
    nriCategorical: categorical?.nri, nriCategoricalP: categorical?.nriPValue, idi: continuous.idi,
    idiP: continuous.idiPValue, method: "AUROC: \(aurocMethod); NRI, IDI: \(continuous.method.rawValue) standard errors",
    delong: d, differenceBootstrap: boot, continuous: continuous, categorical: categorical)
}
