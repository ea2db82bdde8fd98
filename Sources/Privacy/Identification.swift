/// Closed-set identification rates from per-probe rank counts.
///
/// A probe whose genuine gallery entry has L impostors strictly closer and E impostors at exactly the same
/// distance is ranked uniformly at random among positions L + 1 ... L + E + 1 (ties broken at random, in
/// expectation), so P(rank <= k) = min(max((k - L) / (E + 1), 0), 1). The CMC value at rank k is the mean of this
/// probability over probes (Grother and Phillips, "Models of large population recognition performance", CVPR 2004,
/// for the CMC; the tie rule is this package's and is coded independently in Scripts/make_fixtures.py).
func hitProbability(less: Int32, equal: Int32, rank k: Int) -> Double {
  let p = Double(k - Int(less)) / Double(Int(equal) + 1)
  return min(max(p, 0), 1)
}

/// The cumulative match characteristic: element k - 1 is the identification rate at rank <= k, for k = 1 up to the
/// largest gallery size (probes of smaller galleries count as hits beyond their gallery size).
func cumulativeMatchCurve(less: [Int32], equal: [Int32], galleryCount: [Int32]) -> [Double] {
  let maxRank = Int(galleryCount.max() ?? 0)
  guard maxRank > 0, !less.isEmpty else { return [] }
  var sum = [Double](repeating: 0, count: maxRank + 2)
  // sum[k] accumulates the increments of P(rank <= k); a prefix sum then gives the curve.
  for (l, e) in zip(less, equal) {
    let start = Int(l) + 1
    let width = Int(e) + 1
    let step = 1.0 / Double(width)
    for k in start..<min(start + width, maxRank + 1) { sum[k] += step }
  }
  var cmc = [Double](repeating: 0, count: maxRank)
  var running = 0.0
  for k in 1...maxRank {
    running += sum[k]
    cmc[k - 1] = running / Double(less.count)
  }
  return cmc
}

/// The rate at rank <= k, computed directly (not from the prefix sums, so rank-1 and rank-10 are exact means).
func identificationRate(less: [Int32], equal: [Int32], rank k: Int) -> Double {
  guard !less.isEmpty else { return .nan }
  var s = 0.0
  for (l, e) in zip(less, equal) { s += hitProbability(less: l, equal: e, rank: k) }
  return s / Double(less.count)
}
