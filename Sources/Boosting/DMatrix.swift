import CXGBoost
import Foundation

/// A dense row-major feature matrix for XGBoost: `rows` x `columns` Float values, NaN for a
/// missing value (XGBoost routes missing values down each split's learned default branch).
/// Positive and negative infinity are stored as NaN too: XGBoost would otherwise treat them as
/// ordinary, extreme values.
public struct FeatureMatrix: Sendable, Equatable {
  public let rows: Int
  public let columns: Int
  /// Row-major values.
  public private(set) var values: [Float]
  /// One name per column (set on the matrix and on boosters trained from it).
  public let featureNames: [String]

  public init(rows: Int, columns: Int, values: [Float], featureNames: [String]) throws(BoostingError) {
    guard rows >= 0, columns > 0, values.count == rows * columns else {
      throw .shape("\(values.count) values for \(rows) rows x \(columns) columns")
    }
    guard featureNames.count == columns else {
      throw .shape("\(featureNames.count) feature names for \(columns) columns")
    }
    guard Set(featureNames).count == columns else {
      throw .invalidArgument("feature names must be unique")
    }
    if let bad = featureNames.first(where: { $0.isEmpty || $0.contains(",") || $0.contains("[") || $0.contains("]") || $0.contains("<") }) {
      throw .invalidArgument("feature name \"\(bad)\" is empty or holds one of , [ ] < (XGBoost refuses them)")
    }
    self.rows = rows
    self.columns = columns
    self.values = values.map { $0.isFinite ? $0 : .nan }
    self.featureNames = featureNames
  }

  /// Builds a matrix from columns of doubles (`columns[j][i]` is row i of feature j), selecting
  /// `rowIndices` (all rows when nil). Values are rounded to Float as XGBoost stores them.
  public init(columns: [[Double]], featureNames: [String], rowIndices: [Int]? = nil) throws(BoostingError) {
    guard let first = columns.first else { throw .shape("no feature columns") }
    if let bad = columns.firstIndex(where: { $0.count != first.count }) {
      throw .shape(
        "column \(featureNames.indices.contains(bad) ? featureNames[bad] : String(bad)) has \(columns[bad].count) rows, expected \(first.count)")
    }
    let indices = rowIndices ?? Array(0..<first.count)
    let width = columns.count
    var values = [Float](repeating: .nan, count: indices.count * width)
    values.withUnsafeMutableBufferPointer { out in
      for (j, column) in columns.enumerated() {
        column.withUnsafeBufferPointer { c in
          for (i, row) in indices.enumerated() { out[i * width + j] = Float(c[row]) }
        }
      }
    }
    try self.init(rows: indices.count, columns: width, values: values, featureNames: featureNames)
  }
}

/// An XGBoost `DMatrix` owned by Swift: created from a `FeatureMatrix`, freed on deinit.
/// Not shared across threads.
public final class DMatrix {
  let handle: DMatrixHandle
  public let rows: Int
  public let columns: Int
  public let featureNames: [String]

  /// Copies `matrix` into a new DMatrix and attaches `labels` (0 or 1) when given.
  public init(_ matrix: FeatureMatrix, labels: [Float]? = nil) throws(BoostingError) {
    var out: DMatrixHandle? = nil
    let code = matrix.values.withUnsafeBufferPointer { v in
      XGDMatrixCreateFromMat(v.baseAddress, bst_ulong(matrix.rows), bst_ulong(matrix.columns), .nan, &out)
    }
    try check(code, "creating a matrix")
    guard let out else { throw .library(operation: "creating a matrix", message: "no handle returned") }
    handle = out
    rows = matrix.rows
    columns = matrix.columns
    featureNames = matrix.featureNames
    try setStringInfo("feature_name", matrix.featureNames)
    if let labels {
      guard labels.count == rows else { throw .shape("\(labels.count) labels for \(rows) rows") }
      if let bad = labels.firstIndex(where: { $0 != 0 && $0 != 1 }) {
        throw .invalidLabel(row: bad, value: labels[bad])
      }
      try setLabels(labels)
    }
  }

  /// Copies `matrix` into a new DMatrix with a continuous target per row (regression), in the
  /// target's unit; every target must be finite.
  public convenience init(_ matrix: FeatureMatrix, targets: [Float]) throws(BoostingError) {
    try self.init(matrix)
    guard targets.count == rows else { throw .shape("\(targets.count) targets for \(rows) rows") }
    if let bad = targets.firstIndex(where: { !$0.isFinite }) {
      throw .invalidArgument("row \(bad): target \(targets[bad]) is not a finite number")
    }
    try setLabels(targets)
  }

  private func setLabels(_ labels: [Float]) throws(BoostingError) {
    try check(
      labels.withUnsafeBufferPointer { XGDMatrixSetFloatInfo(handle, "label", $0.baseAddress, bst_ulong(rows)) },
      "setting labels")
  }

  deinit { XGDMatrixFree(handle) }

  private func setStringInfo(_ field: String, _ strings: [String]) throws(BoostingError) {
    try check(
      withCStrings(strings) { XGDMatrixSetStrFeatureInfo(handle, field, $0, bst_ulong(strings.count)) },
      "setting \(field)")
  }
}

/// Calls `body` with a C array of C strings that live for the duration of the call.
func withCStrings<R>(_ strings: [String], _ body: (UnsafeMutablePointer<UnsafePointer<CChar>?>) -> R) -> R {
  let copies = strings.map { strdup($0) }
  defer { copies.forEach { free($0) } }
  var pointers = copies.map { UnsafePointer<CChar>($0) }
  return pointers.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
}
