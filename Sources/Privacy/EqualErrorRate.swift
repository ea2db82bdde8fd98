/// The equal error rate of the same-person decision "distance <= t means the same patient".
///
/// Exact rule (the one Scripts/make_fixtures.py codes independently): at every distinct value t of the pooled
/// genuine and impostor distances, FAR(t) = #{impostor <= t} / #impostors and FRR(t) = #{genuine > t} / #genuine;
/// together with the start point (FAR 0, FRR 1) these are the operating points, in increasing t. Let j be the first
/// point with FAR >= FRR and i the one before it. The EER is where the straight segment from point i to point j
/// crosses FAR = FRR: with D = FAR - FRR and a = -D_i / (D_j - D_i), EER = FAR_i + a (FAR_j - FAR_i) (= FAR_j when
/// D_j = 0). The threshold is interpolated the same way (t_j when i is the start point). Distances are compared
/// exactly, so ties between genuine and impostor distances form one operating point.
public struct EqualErrorRate: Sendable, Equatable {
  /// The equal error rate, 0...1.
  public let rate: Double
  /// The distance threshold at the crossing (in the unit of the distances: standardised units).
  public let threshold: Double
  /// Number of genuine comparisons.
  public let genuineCount: Int
  /// Number of impostor comparisons.
  public let impostorCount: Int
}

/// Exact EER from complete lists of genuine and impostor distances (sorting both); nil when either is empty.
public func equalErrorRate(genuine: [Double], impostor: [Double]) -> EqualErrorRate? {
  sweepEqualErrorRate(
    sortedGenuine: genuine.sorted(), windowImpostors: impostor.sorted(), impostorsBelow: 0,
    impostorTotal: impostor.count, lower: -.infinity, upper: .infinity)
}

/// Index of the first element > value in a sorted array.
func upperBound(_ sorted: [Double], _ value: Double) -> Int {
  var lo = 0
  var hi = sorted.count
  while lo < hi {
    let mid = (lo + hi) / 2
    if sorted[mid] <= value { lo = mid + 1 } else { hi = mid }
  }
  return lo
}

/// Index of the first element >= value in a sorted array.
func lowerBound(_ sorted: [Double], _ value: Double) -> Int {
  var lo = 0
  var hi = sorted.count
  while lo < hi {
    let mid = (lo + hi) / 2
    if sorted[mid] < value { lo = mid + 1 } else { hi = mid }
  }
  return lo
}

/// The exact sweep restricted to the window [lower, upper]: `windowImpostors` are all impostor distances in the
/// window (sorted), `impostorsBelow` counts those below it. Returns nil when the crossing is not bracketed by two
/// operating points inside the window (the caller then widens it); with lower = -inf and upper = +inf it always
/// succeeds for non-empty inputs.
func sweepEqualErrorRate(
  sortedGenuine gen: [Double], windowImpostors imp: [Double], impostorsBelow: Int, impostorTotal: Int,
  lower: Double, upper: Double
) -> EqualErrorRate? {
  guard !gen.isEmpty, impostorTotal > 0 else { return nil }
  let nG = Double(gen.count)
  let nI = Double(impostorTotal)
  var prev: (far: Double, frr: Double, t: Double)? = lower == -.infinity ? (0, 1, -.infinity) : nil
  var gi = lowerBound(gen, lower)  // genuine <= current value counted up to gi
  var ii = 0
  let gEnd = upperBound(gen, upper)
  while gi < gEnd || ii < imp.count {
    let v = min(gi < gEnd ? gen[gi] : .infinity, ii < imp.count ? imp[ii] : .infinity)
    while gi < gEnd, gen[gi] == v { gi += 1 }
    while ii < imp.count, imp[ii] == v { ii += 1 }
    let far = Double(impostorsBelow + ii) / nI
    let frr = (nG - Double(gi)) / nG
    let d = far - frr
    if d >= 0 {
      guard let p = prev else { return nil }
      if d == 0 {
        return EqualErrorRate(rate: far, threshold: v, genuineCount: gen.count, impostorCount: impostorTotal)
      }
      let dPrev = p.far - p.frr
      let a = -dPrev / (d - dPrev)
      let rate = p.far + a * (far - p.far)
      let threshold = p.t == -.infinity ? v : p.t + a * (v - p.t)
      return EqualErrorRate(rate: rate, threshold: threshold, genuineCount: gen.count, impostorCount: impostorTotal)
    }
    prev = (far, frr, v)
  }
  return nil
}
