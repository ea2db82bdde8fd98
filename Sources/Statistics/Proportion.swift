import Foundation

/// A proportion (events / rows) with its confidence interval.
public struct ProportionInterval: Sendable, Equatable, Codable {
  public let estimate: Double
  public let lower: Double
  public let upper: Double
  /// The sample size the Wilson interval used: the rows, or with patients the effective sample size
  /// p(1 − p) / Var_clustered (rows divided by the design effect).
  public let effectiveSize: Double
  /// "Wilson" or "Wilson, clustered (design effect)".
  public let method: String
}

/// Wilson score interval of `events / rows` (Wilson, JASA 22:209, 1927). With `clusters` (the patient of
/// each counted row) the sample size is the effective one, n / design effect (Kish 1965), where the
/// design effect compares the ratio estimator's cluster-robust variance C/(C − 1) · Σ_c ((y_c − p·n_c)/N)²
/// with the binomial p(1 − p)/N; when p is 0 or 1 the effective size is the number of patients. So
/// repeating every row of a patient leaves the interval unchanged.
///
/// - Parameters:
///   - outcomes: true for an event, one per counted row.
///   - clusters: the patient of each row, or nil for independent rows.
/// - Returns: nil without rows.
public func proportionInterval(outcomes: [Bool], clusters: [String]? = nil, confidence: Double = 0.95) -> ProportionInterval? {
  precondition((clusters?.count ?? outcomes.count) == outcomes.count)
  guard !outcomes.isEmpty else { return nil }
  let n = Double(outcomes.count), events = Double(outcomes.filter { $0 }.count)
  let p = events / n
  var size = n
  if let clusters {
    let index = ClusterIndex(ids: clusters, labels: outcomes)
    if p == 0 || p == 1 || index.count < 2 {
      size = Double(index.count)
    } else {
      var squares = 0.0
      for c in 0..<index.count {
        let r = (Double(index.positivesIn[c]) - p * Double(index.positivesIn[c] + index.negativesIn[c])) / n
        squares += r * r
      }
      let variance = Double(index.count) / Double(index.count - 1) * squares
      size = variance > 0 ? p * (1 - p) / variance : Double(index.count)
    }
  }
  let z = normalQuantile(0.5 + confidence / 2), z2 = z * z
  let centre = (p + z2 / (2 * size)) / (1 + z2 / size)
  let half = z / (1 + z2 / size) * (p * (1 - p) / size + z2 / (4 * size * size)).squareRoot()
  return ProportionInterval(
    estimate: p, lower: max(0, centre - half), upper: min(1, centre + half), effectiveSize: size,
    method: clusters == nil ? "Wilson" : "Wilson, clustered (design effect)")
}
