import Tables

/// k-anonymity of a table over its quasi-identifiers, at the steps it would be released with.
public struct KAnonymityAudit: Sendable, Equatable {
  /// Quasi-identifier columns (age and sex first when the table has them) and their steps, in each
  /// column's unit (0: exact).
  public let quasiIdentifiers: [String]
  public let steps: [Double]
  /// Over every quasi-identifier.
  public let report: KAnonymityReport
  /// Over age and sex alone (nil without them): what the ECG features add to uniqueness.
  public let demographicsOnly: KAnonymityReport?
}

/// The default ECG quasi-identifiers: the base measurements of the reference studies
/// (`MeasurementSchema.baseFeatures`: RR, PR, QRS, QT, QTc, P/QRS/T axes) the table has, or every
/// feature when it has none of them.
public func defaultQuasiIdentifiers(featureNames: [String]) -> [String] {
  let base = MeasurementSchema.baseFeatures.filter { featureNames.contains($0) }
  return base.isEmpty ? featureNames : base
}

/// k-anonymity (`kAnonymity`) of age (rounded to `steps.years`), sex (exact) and the features
/// `quasiIdentifiers` (rounded to their unit's step; exact when their unit is `other`), with the
/// feature values taken from `values` (the table's, or a mitigated copy of the same shape).
public func kAnonymityAudit(
  _ data: AuditData, values: [[Double]], quasiIdentifiers: [String], steps: ReleaseSteps
) throws(PrivacyError) -> KAnonymityAudit {
  let table = data.table
  var names: [String] = []
  var columns: [[Double]] = []
  var stepList: [Double] = []
  if let age = data.ageYears {
    names.append("age"); columns.append(age); stepList.append(steps.years)
  }
  if let sex = data.sexMale {
    names.append("sex"); columns.append(sex); stepList.append(0)
  }
  let demographicCount = names.count
  for name in quasiIdentifiers {
    guard let c = table.featureNames.firstIndex(of: name) else {
      throw .invalidArgument(
        table: table.source, field: name, problem: "quasi-identifier is not one of the audited features")
    }
    names.append(name); columns.append(values.map { $0[c] }); stepList.append(steps.step(forFeature: name) ?? 0)
  }
  guard !names.isEmpty else {
    throw .insufficientData(table: table.source, field: "quasi-identifiers", problem: "none given and no age or sex column")
  }
  let rows = (0..<table.rowCount).map { r in columns.map { $0[r] } }
  let report = try kAnonymity(rows, quasiIdentifiers: Array(names.indices), steps: stepList, source: table.source)
  let demographics =
    demographicCount == 0
    ? nil
    : try kAnonymity(
      rows, quasiIdentifiers: Array(0..<demographicCount), steps: Array(stepList.prefix(demographicCount)),
      source: table.source)
  return KAnonymityAudit(quasiIdentifiers: names, steps: stepList, report: report, demographicsOnly: demographics)
}
