/// 1-based mid-ranks of `x` (tied values share the mean of their ranks).
func midranks(_ x: [Double]) -> [Double] {
  let order = ascendingOrder(x)
  var ranks = [Double](repeating: 0, count: x.count)
  forEachTieRun(x, order) { run in
    let r = Double(run.lowerBound + run.upperBound + 1) / 2
    for k in run { ranks[order[k]] = r }
  }
  return ranks
}

/// AUROC with its DeLong structural components (DeLong, DeLong and Clarke-Pearson, Biometrics
/// 1988), computed by the fast mid-rank algorithm of Sun and Xu (IEEE Signal Processing Letters
/// 2014) in O(n log n).
struct DeLongComponents {
  let auc: Double
  /// V10: one per positive; V01: one per negative.
  let positiveComponents: [Double]
  let negativeComponents: [Double]

  init(scores: [Double], labels: [Bool]) {
    let pos = scores.indices.filter { labels[$0] }.map { scores[$0] }
    let neg = scores.indices.filter { !labels[$0] }.map { scores[$0] }
    let m = Double(pos.count), n = Double(neg.count)
    let all = midranks(pos + neg)
    let tx = midranks(pos), ty = midranks(neg)
    positiveComponents = pos.indices.map { (all[$0] - tx[$0]) / n }
    negativeComponents = neg.indices.map { 1 - (all[pos.count + $0] - ty[$0]) / m }
    auc = positiveComponents.reduce(0, +) / m
  }
}

private func covariance(_ a: [Double], _ b: [Double]) -> Double {
  let n = Double(a.count)
  guard n > 1 else { return .nan }
  let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
  return zip(a, b).reduce(0) { $0 + ($1.0 - ma) * ($1.1 - mb) } / (n - 1)
}

/// An AUROC with its DeLong variance and normal-approximation confidence interval.
public struct AUROCEstimate: Sendable, Equatable, Codable {
  public let auc: Double
  public let variance: Double
  /// Normal-approximation interval auc ± z·√variance, clipped to [0, 1].
  public let lower: Double
  public let upper: Double
}

/// DeLong's variance and confidence interval for one AUROC.
///
/// - Returns: nil without at least two positives and two negatives.
public func delongAUROC(scores: [Double], labels: [Bool], confidence: Double = 0.95) -> AUROCEstimate? {
  let m = labels.filter { $0 }.count, n = labels.count - m
  guard m >= 2, n >= 2 else { return nil }
  let c = DeLongComponents(scores: scores, labels: labels)
  let v =
    covariance(c.positiveComponents, c.positiveComponents) / Double(m)
    + covariance(c.negativeComponents, c.negativeComponents) / Double(n)
  let h = normalQuantile(0.5 + confidence / 2) * max(0, v).squareRoot()
  return AUROCEstimate(auc: c.auc, variance: v, lower: max(0, c.auc - h), upper: min(1, c.auc + h))
}

/// A comparison of two AUROCs.
public struct AUROCComparison: Sendable, Equatable, Codable {
  public let a: AUROCEstimate
  public let b: AUROCEstimate
  /// AUC_B − AUC_A.
  public let difference: Double
  public let standardError: Double
  /// difference / standardError.
  public let z: Double
  /// Two-sided p-value of "the AUROCs are equal".
  public let pValue: Double
  /// Normal-approximation confidence interval of the difference.
  public let lower: Double
  public let upper: Double
}

func comparison(_ a: AUROCEstimate, _ b: AUROCEstimate, variance: Double, confidence: Double) -> AUROCComparison {
  let d = b.auc - a.auc
  let se = max(0, variance).squareRoot()
  let z = se > 0 ? d / se : (d == 0 ? 0 : d.sign == .minus ? -.infinity : .infinity)
  let h = normalQuantile(0.5 + confidence / 2) * se
  return AUROCComparison(
    a: a, b: b, difference: d, standardError: se, z: z, pValue: 2 * normalCDF(-abs(z)),
    lower: d - h, upper: d + h)
}

/// DeLong's test for two correlated AUROCs: two models scored on the same rows (DeLong et al.
/// 1988; fast algorithm of Sun and Xu 2014). Var(B − A) = Var(A) + Var(B) − 2 Cov(A, B) from the
/// structural components.
///
/// - Returns: nil without at least two positives and two negatives.
public func delongTest(labels: [Bool], a: [Double], b: [Double], confidence: Double = 0.95) -> AUROCComparison? {
  precondition(a.count == labels.count && b.count == labels.count)
  let m = labels.filter { $0 }.count, n = labels.count - m
  guard m >= 2, n >= 2 else { return nil }
  let ca = DeLongComponents(scores: a, labels: labels), cb = DeLongComponents(scores: b, labels: labels)
  func s(_ x: DeLongComponents, _ y: DeLongComponents) -> Double {
    covariance(x.positiveComponents, y.positiveComponents) / Double(m)
      + covariance(x.negativeComponents, y.negativeComponents) / Double(n)
  }
  let va = s(ca, ca), vb = s(cb, cb), cab = s(ca, cb)
  let z = normalQuantile(0.5 + confidence / 2)
  func estimate(_ c: DeLongComponents, _ v: Double) -> AUROCEstimate {
    let h = z * max(0, v).squareRoot()
    return AUROCEstimate(auc: c.auc, variance: v, lower: max(0, c.auc - h), upper: min(1, c.auc + h))
  }
  return comparison(estimate(ca, va), estimate(cb, vb), variance: va + vb - 2 * cab, confidence: confidence)
}

/// Compares AUROCs of two independent cohorts (e.g. internal vs external validation):
/// Var(B − A) = Var(A) + Var(B), each from DeLong's method.
public func unpairedAUROCTest(
  labelsA: [Bool], scoresA: [Double], labelsB: [Bool], scoresB: [Double], confidence: Double = 0.95
) -> AUROCComparison? {
  guard let a = delongAUROC(scores: scoresA, labels: labelsA, confidence: confidence),
    let b = delongAUROC(scores: scoresB, labels: labelsB, confidence: confidence)
  else { return nil }
  return comparison(a, b, variance: a.variance + b.variance, confidence: confidence)
}
