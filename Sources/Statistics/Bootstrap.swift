import Core
import Foundation

/// How to resample.
public struct BootstrapOptions: Sendable, Codable, Equatable {
  /// What is drawn with replacement.
  public enum Unit: String, Sendable, Codable, CaseIterable {
    /// Patients (cluster bootstrap): a drawn patient brings all of their ECGs. The default,
    /// because ECGs of one patient are correlated and resampling them singly understates the
    /// variance.
    case patient
    /// Single ECGs, as most published scripts do.
    case ecg
  }
  public var resamples = 1000
  public var unit = Unit.patient
  /// Draw units with a positive and units without one separately, keeping their counts.
  public var stratified = false
  public var confidence = 0.95
  public var seed: UInt64 = 0
  public init() {}
}

/// A bootstrap confidence interval.
public struct BootstrapInterval: Sendable, Equatable, Codable {
  public let estimate: Double
  /// Percentile interval (Efron and Tibshirani 1993, ch. 13).
  public let percentileLower: Double
  public let percentileUpper: Double
  /// Bias-corrected and accelerated interval (Efron 1987); acceleration from the jackknife over
  /// the resampling units.
  public let bcaLower: Double
  public let bcaUpper: Double
  /// Resamples kept, and resamples drawn again because they held a single class (the statistic
  /// is undefined there; redrawing conditions on both classes being present, as discarding
  /// them does in the literature, while keeping the requested count).
  public let resamples: Int
  public let redrawn: Int
  public let unit: BootstrapOptions.Unit
}

/// Resampling units of each row: patient ids, or one unit per row.
func units(_ clusters: [String], _ unit: BootstrapOptions.Unit) -> (of: [Int], count: Int) {
  if unit == .ecg { return (Array(clusters.indices), clusters.count) }
  var index: [String: Int] = [:]
  let of = clusters.map { c in
    if let i = index[c] { return i }
    index[c] = index.count
    return index.count - 1
  }
  return (of, index.count)
}

/// Bootstrap confidence intervals for a statistic computed from row weights.
///
/// Each resample draws units (patients or ECGs) with replacement; a row's weight is the number
/// of times its unit was drawn, so the statistic sees the resample without copying data.
/// Resamples are generated in fixed blocks of 50, each from its own SplitMix64 stream seeded by
/// `seed` and the block number, so results are identical for any number of cores.
///
/// - Parameters:
///   - clusters: the patient of each row (ignored for `.ecg`).
///   - positive: whether each row is a positive (for stratification).
///   - statistic: returns nil when a resample cannot be scored (one class).
public func bootstrap(
  clusters: [String], positive: [Bool], options: BootstrapOptions = .init(),
  statistic: @Sendable (_ weights: [Double]?) -> Double?
) -> BootstrapInterval? {
  guard let estimate = statistic(nil) else { return nil }
  let (unitOf, unitCount) = units(clusters, options.unit)
  var unitPositive = [Bool](repeating: false, count: unitCount)
  for (row, u) in unitOf.enumerated() where positive[row] { unitPositive[u] = true }
  let strata: [[Int]] =
    options.stratified
    ? [unitPositive.indices.filter { unitPositive[$0] }, unitPositive.indices.filter { !unitPositive[$0] }]
    : [Array(0..<unitCount)]
  let blockSize = 50
  let blocks = (options.resamples + blockSize - 1) / blockSize
  struct Block { var values: [Double] = []; var redrawn = 0 }
  let results = UnsafeMutableBufferPointer<Block>.allocate(capacity: blocks)
  results.initialize(repeating: Block())
  defer { results.deallocate() }
  nonisolated(unsafe) let out = results
  DispatchQueue.concurrentPerform(iterations: blocks) { b in
    var rng = SplitMix64(seed: options.seed &+ 0x9E37_79B9 &* UInt64(b + 1))
    var block = Block()
    var counts = [Double](repeating: 0, count: unitCount)
    var weights = [Double](repeating: 0, count: unitOf.count)
    let wanted = min(blockSize, options.resamples - b * blockSize)
    var attempts = 0
    while block.values.count < wanted {
      attempts += 1
      if attempts > wanted * 100 { break }  // hopeless: almost every resample has one class
      for i in counts.indices { counts[i] = 0 }
      for stratum in strata where !stratum.isEmpty {
        for _ in 0..<stratum.count { counts[stratum[Int(rng.next() % UInt64(stratum.count))]] += 1 }
      }
      for (row, u) in unitOf.enumerated() { weights[row] = counts[u] }
      if let v = statistic(weights) { block.values.append(v) } else { block.redrawn += 1 }
    }
    out[b] = block
  }
  var values = results.flatMap(\.values)
  let redrawn = results.reduce(0) { $0 + $1.redrawn }
  guard !values.isEmpty else { return nil }
  values.sort()
  let alpha = 1 - options.confidence
  func quantile(_ q: Double) -> Double { Core.quantile(sorted: values, q) }
  // BCa: bias from the share of resamples below the estimate, acceleration from the
  // leave-one-unit-out jackknife.
  let below = Double(values.filter { $0 < estimate }.count) + 0.5 * Double(values.filter { $0 == estimate }.count)
  let share = min(max(below / Double(values.count), 1e-6), 1 - 1e-6)
  let z0 = normalQuantile(share)
  var jack: [Double] = []
  jack.reserveCapacity(unitCount)
  var weights = [Double](repeating: 1, count: unitOf.count)
  var rowsOf = [[Int]](repeating: [], count: unitCount)
  for (row, u) in unitOf.enumerated() { rowsOf[u].append(row) }
  for u in 0..<unitCount {
    for r in rowsOf[u] { weights[r] = 0 }
    if let v = statistic(weights) { jack.append(v) }
    for r in rowsOf[u] { weights[r] = 1 }
  }
  var a = 0.0
  if jack.count > 1 {
    let mean = jack.reduce(0, +) / Double(jack.count)
    let s2 = jack.reduce(0) { $0 + (mean - $1) * (mean - $1) }
    let s3 = jack.reduce(0) { $0 + (mean - $1) * (mean - $1) * (mean - $1) }
    if s2 > 0 { a = s3 / (6 * pow(s2, 1.5)) }
  }
  func adjusted(_ q: Double) -> Double {
    let zq = normalQuantile(q)
    return normalCDF(z0 + (z0 + zq) / (1 - a * (z0 + zq)))
  }
  return BootstrapInterval(
    estimate: estimate, percentileLower: quantile(alpha / 2), percentileUpper: quantile(1 - alpha / 2),
    bcaLower: quantile(adjusted(alpha / 2)), bcaUpper: quantile(adjusted(1 - alpha / 2)),
    resamples: values.count, redrawn: redrawn, unit: options.unit)
}

/// Bootstrap confidence interval of the AUROC; see `bootstrap`.
public func bootstrapAUROC(
  scores: [Double], labels: [Bool], patients: [String], options: BootstrapOptions = .init()
) -> BootstrapInterval? {
  let order = scores.indices.sorted { scores[$0] < scores[$1] }
  return bootstrap(clusters: patients, positive: labels, options: options) { weights in
    auroc(scores: scores, labels: labels, weights: weights, order: order)
  }
}
