import Core

/// Z-score standardisation fitted on the gallery, as the linkage attack uses it.
///
/// For each feature, the mean and the sample standard deviation (divisor n - 1) are taken over the gallery ECGs in
/// which it is present (`Core.mean`, `Core.standardDeviation`). Sums run over the gallery rows in increasing row
/// order, one after another, so that an independent implementation that sums in the same order gets bit-identical
/// values (Scripts/make_privacy_fixtures.py does).
/// A feature with fewer than two present gallery values or a zero standard deviation (constant in the gallery) is
/// dropped. After standardisation a missing value is imputed with the gallery mean, which is 0 on the z scale: a
/// missing feature then adds the squared z-score of the other ECG's value to a Euclidean distance.
public struct Standardizer: Sendable, Equatable {
  /// Columns of the table that are kept, in increasing order.
  public let keptColumns: [Int]
  /// Columns dropped because they are constant (or nearly absent) in the gallery.
  public let droppedColumns: [Int]
  /// Gallery mean of each kept column, in the column's unit.
  public let means: [Double]
  /// Gallery standard deviation of each kept column, in the column's unit.
  public let standardDeviations: [Double]

  /// Fits on `rows` of `table` (the gallery), over `columns` (default: all).
  public init(table: PatientFeatureTable, rows: [Int], columns: [Int]? = nil) {
    let sortedRows = rows.sorted()
    var kept: [Int] = []
    var dropped: [Int] = []
    var means: [Double] = []
    var sds: [Double] = []
    for c in columns ?? Array(0..<table.columnCount) {
      let present = sortedRows.compactMap { r -> Double? in
        let v = table.values[r][c]
        return v.isNaN ? nil : v
      }
      guard present.count >= 2 else { dropped.append(c); continue }
      let sd = standardDeviation(present)
      guard sd > 0, sd.isFinite else { dropped.append(c); continue }
      kept.append(c)
      means.append(mean(present))
      sds.append(sd)
    }
    keptColumns = kept
    droppedColumns = dropped
    self.means = means
    standardDeviations = sds
  }

  /// Number of kept features (the dimension of the standardised space).
  public var dimension: Int { keptColumns.count }

  /// Standardised values of `rows`, row-major (`rows.count` x `dimension`), missing values set to 0.
  public func transform(table: PatientFeatureTable, rows: [Int]) -> [Double] {
    var out = [Double](repeating: 0, count: rows.count * dimension)
    for (i, r) in rows.enumerated() {
      let line = table.values[r]
      for (j, c) in keptColumns.enumerated() {
        let v = line[c]
        out[i * dimension + j] = v.isNaN ? 0 : (v - means[j]) / standardDeviations[j]
      }
    }
    return out
  }
}
