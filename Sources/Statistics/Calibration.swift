import Core
import Foundation

/// Logistic recalibration (Cox, Biometrika 1958): fits logit P(y = 1) = α + β·logit(p) by
/// Newton-Raphson. β (the calibration slope) is 1 and α 0 for a perfectly calibrated model;
/// β < 1 means predictions are too extreme. Probabilities are clipped to [1e-15, 1 − 1e-15]
/// before the logit.
public struct CalibrationFit: Sendable, Equatable, Codable {
  public let intercept: Double
  public let slope: Double
  /// Calibration in the large: mean outcome − mean prediction.
  public let inTheLarge: Double
}

public func calibration(probabilities: [Double], labels: [Bool]) -> CalibrationFit? {
  let n = probabilities.count
  guard n >= 2, labels.contains(true), labels.contains(false) else { return nil }
  let x = probabilities.map { p -> Double in
    let q = min(max(p, 1e-15), 1 - 1e-15)
    return log(q / (1 - q))
  }
  let y = labels.map { $0 ? 1.0 : 0.0 }
  func logLikelihood(_ a: Double, _ b: Double) -> Double {
    var l = 0.0
    for i in 0..<n {
      let eta = a + b * x[i]
      // log σ(η) = −log(1 + e^−η), written to stay finite for large |η|.
      l += y[i] == 1 ? -softplus(-eta) : -softplus(eta)
    }
    return l
  }
  // Newton-Raphson with step halving, so the likelihood never decreases.
  var a = 0.0, b = 1.0
  var current = logLikelihood(a, b)
  for _ in 0..<200 {
    var g0 = 0.0, g1 = 0.0, h00 = 0.0, h01 = 0.0, h11 = 0.0
    for i in 0..<n {
      let mu = 1 / (1 + exp(-(a + b * x[i])))
      let w = mu * (1 - mu)
      g0 += y[i] - mu; g1 += (y[i] - mu) * x[i]
      h00 += w; h01 += w * x[i]; h11 += w * x[i] * x[i]
    }
    let det = h00 * h11 - h01 * h01
    guard det > 0, det.isFinite else { return nil }
    var da = (h11 * g0 - h01 * g1) / det, db = (h00 * g1 - h01 * g0) / det
    var step = 0
    while logLikelihood(a + da, b + db) < current - 1e-12 * abs(current), step < 60 {
      da /= 2; db /= 2; step += 1
    }
    a += da; b += db
    current = logLikelihood(a, b)
    if abs(da) < 1e-12 && abs(db) < 1e-12 { break }
  }
  guard a.isFinite, b.isFinite else { return nil }
  let meanY = y.reduce(0, +) / Double(n), meanP = probabilities.reduce(0, +) / Double(n)
  return CalibrationFit(intercept: a, slope: b, inTheLarge: meanY - meanP)
}

/// log(1 + eˣ) without overflow.
func softplus(_ x: Double) -> Double { x > 30 ? x : log1p(exp(x)) }

/// One bin of a reliability diagram.
public struct ReliabilityBin: Sendable, Equatable, Codable {
  public let count: Int
  public let meanPrediction: Double
  public let observedRate: Double
}

/// Reliability curve with `bins` quantile bins (equal counts; rows with equal predictions stay
/// together, so a bin may be larger), and the expected calibration error
/// ECE = Σ (nᵦ / n) |observedᵦ − predictedᵦ| over those bins.
public func reliability(probabilities: [Double], labels: [Bool], bins: Int = 10) -> (bins: [ReliabilityBin], ece: Double) {
  let order = probabilities.indices.sorted { probabilities[$0] < probabilities[$1] }
  let n = order.count
  guard n > 0, bins > 0 else { return ([], .nan) }
  var result: [ReliabilityBin] = []
  var start = 0
  for k in 1...bins {
    var end = min(n, Int((Double(n) * Double(k) / Double(bins)).rounded()))
    while end < n, end > 0, probabilities[order[end]] == probabilities[order[end - 1]] { end += 1 }
    guard end > start else { continue }
    let members = order[start..<end]
    let meanP = members.reduce(0) { $0 + probabilities[$1] } / Double(members.count)
    let rate = Double(members.filter { labels[$0] }.count) / Double(members.count)
    result.append(ReliabilityBin(count: members.count, meanPrediction: meanP, observedRate: rate))
    start = end
  }
  let ece = result.reduce(0) { $0 + Double($1.count) / Double(n) * abs($1.observedRate - $1.meanPrediction) }
  return (result, ece)
}

/// Isotonic recalibration: the non-decreasing step function of the prediction that best fits
/// the outcomes in least squares (pool-adjacent-violators; Barlow et al. 1972), as
/// scikit-learn's `IsotonicRegression(out_of_bounds="clip")`. Fit it on validation rows only and
/// apply it to test rows.
public struct IsotonicCalibrator: Sendable, Codable, Equatable {
  /// Knots: increasing x with their fitted values; linear interpolation between, clipped outside.
  public let x: [Double]
  public let y: [Double]

  public init?(probabilities: [Double], labels: [Bool]) {
    guard !probabilities.isEmpty, probabilities.count == labels.count else { return nil }
    let order = probabilities.indices.sorted { probabilities[$0] < probabilities[$1] }
    // Tied x values are merged first (their mean outcome, weight = count), as scikit-learn does.
    var xs: [Double] = [], sums: [Double] = [], weights: [Double] = []
    for i in order {
      let v = probabilities[i], t = labels[i] ? 1.0 : 0.0
      if let last = xs.last, last == v {
        sums[sums.count - 1] += t; weights[weights.count - 1] += 1
      } else {
        xs.append(v); sums.append(t); weights.append(1)
      }
    }
    // Pool adjacent violators over blocks.
    var blockValue: [Double] = [], blockWeight: [Double] = [], blockEnd: [Int] = []
    for i in xs.indices {
      blockValue.append(sums[i] / weights[i]); blockWeight.append(weights[i]); blockEnd.append(i)
      while blockValue.count > 1 && blockValue[blockValue.count - 2] > blockValue[blockValue.count - 1] {
        let w = blockWeight[blockWeight.count - 2] + blockWeight[blockWeight.count - 1]
        let v =
          (blockValue[blockValue.count - 2] * blockWeight[blockWeight.count - 2]
            + blockValue[blockValue.count - 1] * blockWeight[blockWeight.count - 1]) / w
        blockValue.removeLast(); blockWeight.removeLast()
        let end = blockEnd.removeLast()
        blockValue[blockValue.count - 1] = v; blockWeight[blockWeight.count - 1] = w
        blockEnd[blockEnd.count - 1] = end
      }
    }
    var fitted = [Double](repeating: 0, count: xs.count)
    var start = 0
    for (b, end) in blockEnd.enumerated() {
      for i in start...end { fitted[i] = blockValue[b] }
      start = end + 1
    }
    x = xs
    y = fitted
  }

  /// Recalibrated probability.
  public func callAsFunction(_ p: Double) -> Double {
    if p <= x[0] { return y[0] }
    if p >= x[x.count - 1] { return y[y.count - 1] }
    var lo = 0, hi = x.count - 1
    while hi - lo > 1 {
      let mid = (lo + hi) / 2
      if x[mid] <= p { lo = mid } else { hi = mid }
    }
    let t = (p - x[lo]) / (x[hi] - x[lo])
    return y[lo] + t * (y[hi] - y[lo])
  }
}

/// Decision-curve analysis (Vickers and Elkin, Medical Decision Making 2006): net benefit
/// NB(t) = TP/n − FP/n · t/(1 − t) of treating rows with probability ≥ t, with the treat-all
/// reference (prevalence − (1 − prevalence) · t/(1 − t)); treat-none is 0.
public struct NetBenefit: Sendable, Equatable, Codable {
  public let threshold: Double
  public let model: Double
  public let treatAll: Double
}

public func decisionCurve(probabilities: [Double], labels: [Bool], thresholds: [Double]) -> [NetBenefit] {
  let n = Double(labels.count)
  let prevalence = Double(labels.filter { $0 }.count) / n
  return thresholds.filter { $0 > 0 && $0 < 1 }.map { t in
    let m = ThresholdMetrics(scores: probabilities, labels: labels, threshold: t)
    let odds = t / (1 - t)
    return NetBenefit(
      threshold: t, model: Double(m.truePositives) / n - Double(m.falsePositives) / n * odds,
      treatAll: prevalence - (1 - prevalence) * odds)
  }
}

/// One risk stratum.
public struct RiskStratum: Sendable, Equatable, Codable {
  public let name: String
  /// Probabilities in [lower, upper) (the last stratum includes its upper bound).
  public let lower: Double
  public let upper: Double
  public let count: Int
  public let events: Int
  /// Patients with a row in the stratum (the rows, without patients).
  public let patients: Int
  /// Event rate inside the stratum (the stratum's PPV when it is called positive) with its Wilson
  /// interval, clustered by patient when patients were given (`proportionInterval`); nil when empty.
  public let eventRateInterval: ProportionInterval?
  /// Event rate inside the stratum: the stratum's PPV when it is called positive.
  public var eventRate: Double { count == 0 ? .nan : Double(events) / Double(count) }
  /// Non-event rate: the stratum's NPV when it is called negative.
  public var nonEventRate: Double { count == 0 ? .nan : Double(count - events) / Double(count) }
  /// Interval of the non-event rate (NPV): 1 − the event rate's interval.
  public var nonEventRateInterval: (lower: Double, upper: Double)? {
    eventRateInterval.map { (1 - $0.upper, 1 - $0.lower) }
  }
}

/// Low / medium / high strata at the given two cut points (for tertiles pass the validation
/// rows' 1/3 and 2/3 quantiles so the test rows do not choose their own cuts), each with its event
/// rate's interval (clustered by `clusters` when given).
public func riskStrata(
  probabilities: [Double], labels: [Bool], cuts: (Double, Double), clusters: [String]? = nil, confidence: Double = 0.95
) -> [RiskStratum] {
  let bounds: [(name: String, lower: Double, upper: Double)] = [("low", 0, cuts.0), ("medium", cuts.0, cuts.1), ("high", cuts.1, 1)]
  return bounds.map { b in
    let isHigh = b.name == "high"
    let members = probabilities.indices.filter { (i: Int) -> Bool in
      let p = probabilities[i]
      return p >= b.lower && (isHigh ? p <= b.upper : p < b.upper)
    }
    let memberClusters = clusters.map { c in members.map { c[$0] } }
    return RiskStratum(
      name: b.name, lower: b.lower, upper: b.upper, count: members.count, events: members.filter { labels[$0] }.count,
      patients: memberClusters.map { Set($0).count } ?? members.count,
      eventRateInterval: proportionInterval(outcomes: members.map { labels[$0] }, clusters: memberClusters, confidence: confidence))
  }
}
