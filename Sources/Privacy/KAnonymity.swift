/// Uniqueness of rows over quasi-identifiers (Sweeney, "k-anonymity: a model for protecting privacy",
/// Int. J. Uncertainty Fuzziness Knowl.-Based Syst. 10(5):557-570, 2002).
public struct KAnonymityReport: Sendable, Equatable {
  /// Rows examined.
  public let rowCount: Int
  /// Number of distinct quasi-identifier combinations (equivalence classes).
  public let classCount: Int
  /// Fraction of rows that are alone in their class (k = 1).
  public let uniqueFraction: Double
  /// Fraction of rows whose class has fewer than 5 rows.
  public let belowFiveFraction: Double
  /// The k of the table: its smallest class size.
  public let minimumK: Int
  /// Number of rows per class size: `rowsByK[k]` rows have class size k.
  public let rowsByK: [Int: Int]
}

/// k-anonymity of `values` (rows x columns) over the `quasiIdentifiers` columns, each rounded to the nearest
/// multiple of its step (`steps[i]` for `quasiIdentifiers[i]`, in the column's unit; 0 keeps exact values).
/// A missing value (NaN) is a value of its own: two rows missing the same column agree on it.
public func kAnonymity(
  _ values: [[Double]], quasiIdentifiers: [Int], steps: [Double], source: String = "feature matrix"
) throws(PrivacyError) -> KAnonymityReport {
  guard steps.count == quasiIdentifiers.count else {
    throw .shapeMismatch(table: source, field: "steps", problem: "\(steps.count) steps for \(quasiIdentifiers.count) quasi-identifiers")
  }
  for (c, step) in zip(quasiIdentifiers, steps) {
    guard step >= 0, step.isFinite else {
      throw .invalidArgument(table: source, field: "step of column \(c)", problem: "step \(step) is not >= 0")
    }
  }
  for (r, row) in values.enumerated() {
    if let c = quasiIdentifiers.first(where: { $0 < 0 || $0 >= row.count }) {
      throw .shapeMismatch(table: source, field: "row \(r)", problem: "no column \(c) in a row of \(row.count)")
    }
  }
  var classOf: [[UInt64]: Int] = [:]
  var sizes: [Int] = []
  var rowClass: [Int] = []
  for row in values {
    let key = zip(quasiIdentifiers, steps).map { c, step -> UInt64 in
      let v = row[c]
      if v.isNaN { return Double.nan.bitPattern }
      let bin = step > 0 ? (v / step).rounded() : v
      return (bin + 0.0).bitPattern  // + 0.0 turns -0 into +0
    }
    if let k = classOf[key] {
      sizes[k] += 1
      rowClass.append(k)
    } else {
      classOf[key] = sizes.count
      rowClass.append(sizes.count)
      sizes.append(1)
    }
  }
  var rowsByK: [Int: Int] = [:]
  for k in rowClass { rowsByK[sizes[k], default: 0] += 1 }
  let n = Double(max(values.count, 1))
  return KAnonymityReport(
    rowCount: values.count, classCount: sizes.count, uniqueFraction: Double(rowsByK[1] ?? 0) / n,
    belowFiveFraction: Double(rowsByK.filter { $0.key < 5 }.values.reduce(0, +)) / n,
    minimumK: sizes.min() ?? 0, rowsByK: rowsByK)
}
