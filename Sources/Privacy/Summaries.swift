import Core

/// Median and interquartile range of a sample (type-7 quantiles, `Core.quantile`), in the unit of
/// the sample.
public struct MedianIQR: Sendable, Equatable {
  /// The median (type-7 quantile 0.5).
  public let median: Double
  /// Quantiles 0.25 and 0.75; the IQR is their difference.
  public let lowerQuartile: Double
  public let upperQuartile: Double
  /// Number of non-NaN values summarised.
  public let count: Int

  /// Summarises `values`, ignoring NaNs.
  public init(_ values: [Double]) {
    let sorted = values.filter { !$0.isNaN }.sorted()
    median = quantile(sorted: sorted, 0.5)
    lowerQuartile = quantile(sorted: sorted, 0.25)
    upperQuartile = quantile(sorted: sorted, 0.75)
    count = sorted.count
  }
}

/// A two-sided percentile interval from bootstrap replicates (Efron and Tibshirani 1993, ch. 13).
public struct PercentileInterval: Sendable, Equatable {
  /// Type-7 quantiles (1 - level) / 2 and 1 - (1 - level) / 2 of the replicates.
  public let lower: Double
  public let upper: Double
  /// Central coverage, e.g. 0.95.
  public let level: Double

  /// The interval of `replicates` (NaNs ignored) at central coverage `level`.
  public init(replicates: [Double], level: Double) {
    let sorted = replicates.filter { !$0.isNaN }.sorted()
    lower = quantile(sorted: sorted, (1 - level) / 2)
    upper = quantile(sorted: sorted, 1 - (1 - level) / 2)
    self.level = level
  }
}

/// Sample standard deviation of `values` (n - 1), 0 for a single value (a spread over one draw),
/// NaN when empty: `Core.standardDeviation` with the one-value case defined.
func spread(_ values: [Double]) -> Double {
  values.count == 1 ? 0 : values.isEmpty ? .nan : standardDeviation(values)
}
