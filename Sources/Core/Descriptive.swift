/// Descriptive statistics shared by every module: one implementation of each.

/// Arithmetic mean; NaN when `x` is empty.
public func mean(_ x: [Double]) -> Double {
  x.isEmpty ? .nan : x.reduce(0, +) / Double(x.count)
}

/// Sample variance (denominator n − 1); NaN with fewer than two values.
public func variance(_ x: [Double]) -> Double {
  guard x.count > 1 else { return .nan }
  let m = mean(x)
  return x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)
}

/// Sample standard deviation (denominator n − 1); NaN with fewer than two values.
public func standardDeviation(_ x: [Double]) -> Double { variance(x).squareRoot() }

/// Pearson correlation of two equally long series, -1...1; 0 when either is constant.
public func pearsonCorrelation(_ a: [Double], _ b: [Double]) -> Double {
  let n = Double(a.count)
  let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
  var sab = 0.0, saa = 0.0, sbb = 0.0
  for i in a.indices {
    let da = a[i] - ma, db = b[i] - mb
    sab += da * db; saa += da * da; sbb += db * db
  }
  return saa > 0 && sbb > 0 ? sab / (saa * sbb).squareRoot() : 0
}

/// How `quantile` picks a value between order statistics.
public enum QuantileRule: Sendable {
  /// Linear interpolation between the order statistics around 0-based rank q·(n − 1)
  /// (Hyndman and Fan 1996, definition 7: numpy's and R's default).
  case linear
  /// The order statistic of 0-based rank ⌊q·n⌋ (at most n − 1): the smallest observed value with
  /// more than q·n values at or below it. No interpolation, so a cut point is always an observed
  /// value; the patient split's age strata use it.
  case observedAbove
}

/// The q-quantile (0 ≤ q ≤ 1) of `values` by `rule`; NaN when `values` is empty. NaN values must
/// be removed first.
public func quantile(_ values: [Double], _ q: Double, rule: QuantileRule = .linear) -> Double {
  quantile(sorted: values.sorted(), q, rule: rule)
}

/// `quantile` of values already sorted ascending.
public func quantile(sorted s: [Double], _ q: Double, rule: QuantileRule = .linear) -> Double {
  guard !s.isEmpty else { return .nan }
  switch rule {
  case .linear:
    let h = q * Double(s.count - 1)
    let lo = Int(h.rounded(.down)), hi = min(s.count - 1, lo + 1)
    return s[lo] + (h - Double(lo)) * (s[hi] - s[lo])
  case .observedAbove:
    return s[min(s.count - 1, Int(q * Double(s.count)))]
  }
}
