import Core

/// Mitigation transforms for a feature matrix before sharing (rows x columns, NaN = missing, kept as NaN).
/// Statistical disclosure control terms as in Hundepool et al., "Statistical Disclosure Control", Wiley 2012,
/// ch. 3 (global recoding, top and bottom coding, noise addition).

/// Checks that every row has `width` values.
private func checkShape(
  _ values: [[Double]], width: Int, field: String, source: String
)
  throws(PrivacyError)
{
  for (r, row) in values.enumerated() where row.count != width {
    throw .shapeMismatch(table: source, field: field, problem: "row \(r) has \(row.count) values, expected \(width)")
  }
}

/// Coarsening (global recoding): each value of column c is rounded to the nearest multiple of `steps[c]` (in the
/// column's unit, e.g. 10 ms); a nil step leaves the column unchanged.
public func coarsen(
  _ values: [[Double]], steps: [Double?], source: String = "feature matrix"
) throws(PrivacyError) -> [[Double]] {
  try checkShape(values, width: steps.count, field: "steps", source: source)
  for (c, step) in steps.enumerated() {
    if let step, !(step > 0 && step.isFinite) {
      throw .invalidArgument(table: source, field: "step of column \(c)", problem: "step \(step) is not > 0")
    }
  }
  return values.map { row in
    zip(row, steps).map { v, step in
      guard let step, !v.isNaN else { return v }
      return (v / step).rounded() * step
    }
  }
}

/// Top and bottom coding: in each column of `columns` (default all), values below the column's `lower` quantile
/// are set to it and values above its `upper` quantile are set to it (type-7 quantiles of the present values).
public func topBottomCode(
  _ values: [[Double]], lower: Double, upper: Double, columns: [Int]? = nil, source: String = "feature matrix"
) throws(PrivacyError) -> [[Double]] {
  guard (0...1).contains(lower), (0...1).contains(upper), lower <= upper else {
    throw .invalidArgument(table: source, field: "quantiles", problem: "need 0 <= lower <= upper <= 1, got \(lower) and \(upper)")
  }
  let width = values.first?.count ?? 0
  try checkShape(values, width: width, field: "rows", source: source)
  var out = values
  for c in columns ?? Array(0..<width) {
    guard c >= 0, c < width else {
      throw .invalidArgument(table: source, field: "columns", problem: "column \(c) is outside 0..<\(width)")
    }
    let column = values.map { $0[c] }.filter { !$0.isNaN }
    let lo = quantile(column, lower)
    let hi = quantile(column, upper)
    for r in out.indices where !out[r][c].isNaN { out[r][c] = min(max(out[r][c], lo), hi) }
  }
  return out
}

/// Additive Gaussian noise: each present value of column c gets N(0, (fraction x SD_c)^2) noise, SD_c being the
/// column's sample standard deviation over present values (column unit). Noise is drawn row by row, column by
/// column, from one `SplitMix64(seed:)`, so the result is reproducible.
public func addGaussianNoise(
  _ values: [[Double]], fractionOfSD fraction: Double, seed: UInt64, columns: [Int]? = nil,
  source: String = "feature matrix"
) throws(PrivacyError) -> [[Double]] {
  guard fraction >= 0, fraction.isFinite else {
    throw .invalidArgument(table: source, field: "fractionOfSD", problem: "\(fraction) is not >= 0")
  }
  let width = values.first?.count ?? 0
  try checkShape(values, width: width, field: "rows", source: source)
  let chosen = columns ?? Array(0..<width)
  if let bad = chosen.first(where: { $0 < 0 || $0 >= width }) {
    throw .invalidArgument(table: source, field: "columns", problem: "column \(bad) is outside 0..<\(width)")
  }
  var sd = [Double](repeating: 0, count: width)
  for c in chosen { sd[c] = standardDeviation(values.map { $0[c] }.filter { !$0.isNaN }) }
  let noisy = Set(chosen)
  var rng = SplitMix64(seed: seed)
  return values.map { row in
    (0..<width).map { c in
      guard noisy.contains(c), !row[c].isNaN else { return row[c] }
      return row[c] + fraction * (sd[c].isNaN ? 0 : sd[c]) * rng.standardNormal()
    }
  }
}
