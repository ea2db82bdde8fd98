/// A validated ECG feature table: one row per ECG, one column per feature, a patient id per row and,
/// optionally, an acquisition time per row. Missing values are `Double.nan`.
///
/// The units of the columns are whatever the feature catalogue says (ms, mV, degrees, bpm ...); the audit only
/// standardises them. Times are in any single unit (seconds or days); time gaps are reported in that unit.
public struct PatientFeatureTable: Sendable {
  /// Row-major values, `values[row][column]`; NaN means missing.
  public let values: [[Double]]
  /// Patient id of each row.
  public let patientIDs: [String]
  /// Acquisition time of each row (seconds or days), or nil when unknown.
  public let times: [Double]?
  /// Column names (feature catalogue names for ECGLens tables).
  public let featureNames: [String]
  /// Where the table came from (a file path); used in error messages.
  public let source: String
  /// The column the patient ids came from; used in error messages.
  public let patientColumn: String

  /// Number of rows (ECGs).
  public var rowCount: Int { values.count }
  /// Number of columns (features).
  public var columnCount: Int { featureNames.count }

  /// Validates the shapes: every row has `featureNames.count` values and none is infinite, one patient id per row,
  /// one time per row when times are given, and no time is NaN or infinite.
  public init(
    values: [[Double]], patientIDs: [String], times: [Double]? = nil, featureNames: [String],
    source: String = "feature table", patientColumn: String = "patient_id"
  ) throws(PrivacyError) {
    guard patientIDs.count == values.count else {
      throw .shapeMismatch(
        table: source, field: patientColumn,
        problem: "\(patientIDs.count) patient ids for \(values.count) rows")
    }
    for (row, line) in values.enumerated() {
      guard line.count == featureNames.count else {
        throw .shapeMismatch(
          table: source, field: "row \(row)",
          problem: "\(line.count) values for \(featureNames.count) features")
      }
      if let c = line.firstIndex(where: { $0.isInfinite }) {
        throw .invalidArgument(table: source, field: featureNames[c], problem: "row \(row) is infinite (use NaN for missing)")
      }
    }
    if let times {
      guard times.count == values.count else {
        throw .shapeMismatch(table: source, field: "time", problem: "\(times.count) times for \(values.count) rows")
      }
      if let bad = times.firstIndex(where: { !$0.isFinite }) {
        throw .invalidArgument(table: source, field: "time", problem: "row \(bad) has a non-finite time")
      }
    }
    self.values = values
    self.patientIDs = patientIDs
    self.times = times
    self.featureNames = featureNames
    self.source = source
    self.patientColumn = patientColumn
  }

  /// The rows at `rows` (in that order), keeping names, times and source.
  public func selectingRows(_ rows: [Int]) -> PatientFeatureTable {
    // Shapes are unchanged, so the unchecked initialiser is safe.
    PatientFeatureTable(
      unchecked: rows.map { values[$0] }, patientIDs: rows.map { patientIDs[$0] },
      times: times.map { t in rows.map { t[$0] } }, featureNames: featureNames, source: source,
      patientColumn: patientColumn)
  }

  /// The same rows with only the columns at `columns` (in that order).
  public func selectingColumns(_ columns: [Int]) -> PatientFeatureTable {
    PatientFeatureTable(
      unchecked: values.map { row in columns.map { row[$0] } }, patientIDs: patientIDs, times: times,
      featureNames: columns.map { featureNames[$0] }, source: source,
      patientColumn: patientColumn)
  }

  /// The same table with other patient ids (same count), e.g. for the permuted-id negative control.
  public func replacingPatientIDs(_ ids: [String]) throws(PrivacyError) -> PatientFeatureTable {
    try PatientFeatureTable(
      values: values, patientIDs: ids, times: times, featureNames: featureNames, source: source,
      patientColumn: patientColumn)
  }

  init(
    unchecked values: [[Double]], patientIDs: [String], times: [Double]?, featureNames: [String], source: String,
    patientColumn: String
  ) {
    self.values = values
    self.patientIDs = patientIDs
    self.times = times
    self.featureNames = featureNames
    self.source = source
    self.patientColumn = patientColumn
  }

  /// Rows grouped by patient: patients in order of first appearance, each with its rows in increasing order.
  func rowsByPatient() -> (ids: [String], rows: [[Int]]) {
    var index: [String: Int] = [:]
    var ids: [String] = []
    var rows: [[Int]] = []
    for (row, id) in patientIDs.enumerated() {
      if let k = index[id] {
        rows[k].append(row)
      } else {
        index[id] = ids.count
        ids.append(id)
        rows.append([row])
      }
    }
    return (ids, rows)
  }
}
