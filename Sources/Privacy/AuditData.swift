import Cohorts
import Foundation
import Tables

/// Which columns of a feature table the audit reads, by name.
public struct AuditColumns: Sendable, Equatable {
  /// Patient id (text). Required.
  public var patient: String
  /// Features attacked. Nil: every numeric column except the id, patient, time, target, age and sex
  /// columns, identifiers (a name ending in "_id", such as MIMIC's cart_id), fold columns (a name
  /// containing "fold", such as PTB-XL's strat_fold) and the columns of label tables. Either way a column identical to an earlier one (every value, missing ones
  /// included, e.g. a machine-schema copy of a catalogue column) is left out, so no measurement
  /// counts twice in a distance.
  public var features: [String]?
  /// Acquisition time: numbers (any one unit) or date-times ("YYYY-MM-DD HH:MM:SS", read as days
  /// since 1970). With it the earliest ECG of each patient is enrolled and later ones are probes.
  public var time: String?
  /// A 0/1 study target (empty = unlabelled) whose AUROC measures the utility of each mitigated table.
  public var target: String?
  /// Age in years and sex (1 male, 0 female), the attributes inferred; used when present.
  public var age = "age_years"
  public var sex = "sex_male"
  /// ECG id: never a feature; label tables are joined on it.
  public var id = "ecg_id"

  public init(patient: String) { self.patient = patient }
}

/// A feature table ready for the audit.
public struct AuditData: Sendable {
  /// Features, patient ids and times (days when read from date-times).
  public let table: PatientFeatureTable
  /// Age (years) and sex (1 male, 0 female, NaN unknown) per row, when the table has them.
  public let ageYears: [Double]?
  public let sexMale: [Double]?
  /// The study target per row (1, 0, NaN unlabelled) and its name, when asked for.
  public let target: [Double]?
  public let targetName: String?
  /// Unit of the times: "days" for date-times, "table units" for numbers, nil without times.
  public let timeUnit: String?
  /// Columns left out as copies of an earlier column: (left out, kept).
  public let duplicateColumns: [(dropped: String, keeps: String)]

  public init(
    table: PatientFeatureTable, ageYears: [Double]? = nil, sexMale: [Double]? = nil, target: [Double]? = nil,
    targetName: String? = nil, timeUnit: String? = nil, duplicateColumns: [(dropped: String, keeps: String)] = []
  ) {
    self.table = table; self.ageYears = ageYears; self.sexMale = sexMale; self.target = target
    self.targetName = targetName; self.timeUnit = timeUnit; self.duplicateColumns = duplicateColumns
  }
}

/// Reads `file` (and the target from `labels`, joined on `columns.id`, when the table lacks it)
/// into `AuditData`. Errors name the file, the column and the row.
public func readAuditData(file: String, labels: [String] = [], columns: AuditColumns) throws(PrivacyError) -> AuditData {
  let text = Set([columns.patient, columns.id] + (columns.time.map { [$0] } ?? []))
  do {
    let table = try readCSV(at: file, options: CSVReadOptions(textColumns: text))
    var labelTables: [(String, DataTable)] = []
    for path in labels { labelTables.append((path, try readCSV(at: path, options: CSVReadOptions(textColumns: [columns.id])))) }
    return try auditData(table, source: file, columns: columns, labels: labelTables)
  } catch let error as PrivacyError {
    throw error
  } catch let error as TablesError {
    throw .reading(error)
  } catch {
    throw .invalidArgument(table: file, field: "reading", problem: "\(error)")
  }
}

/// `AuditData` from an in-memory table; `labels` are (file, table) pairs joined on `columns.id`.
public func auditData(
  _ table: DataTable, source: String, columns: AuditColumns, labels: [(String, DataTable)] = []
) throws(PrivacyError) -> AuditData {
  func numeric(_ name: String, in t: DataTable, file: String) throws(PrivacyError) -> [Double] {
    guard t.index(of: name) != nil else {
      throw .invalidArgument(table: file, field: name, problem: "no such column (columns: \(t.names.prefix(12).joined(separator: ", ")))")
    }
    guard let v = try? t.numeric(name) else { throw .invalidArgument(table: file, field: name, problem: "is not numeric") }
    return v
  }
  guard table.index(of: columns.patient) != nil, let patients = try? table.text(columns.patient) else {
    throw .invalidArgument(table: source, field: columns.patient, problem: "no such patient column")
  }
  if let row = patients.firstIndex(where: \.isEmpty) {
    throw .invalidArgument(table: source, field: columns.patient, problem: "row \(row + 2) has no patient id")
  }
  let (times, unit) = try readTimes(table, column: columns.time, source: source)
  // The target: from the table, else from the first label table that has it.
  var target: [Double]? = nil
  var labelColumns: Set<String> = []
  for (_, t) in labels { labelColumns.formUnion(t.names) }
  if let name = columns.target {
    if table.index(of: name) != nil {
      target = try numeric(name, in: table, file: source)
    } else if let (file, t) = labels.first(where: { $0.1.index(of: name) != nil }) {
      let values = try numeric(name, in: t, file: file)
      guard let ids = try? t.text(columns.id), let own = try? table.text(columns.id) else {
        throw .invalidArgument(table: file, field: columns.id, problem: "the id column is needed to join the target")
      }
      let byID = Dictionary(zip(ids, values), uniquingKeysWith: { a, _ in a })
      target = own.map { byID[$0] ?? .nan }
    } else {
      throw .invalidArgument(table: source, field: name, problem: "the target is in neither the table nor a label table")
    }
    if let row = target!.firstIndex(where: { !$0.isNaN && $0 != 0 && $0 != 1 }) {
      throw .invalidArgument(table: source, field: name, problem: "row \(row + 2): \(target![row]) is not 0, 1 or empty")
    }
  }
  let age = table.index(of: columns.age) != nil ? try numeric(columns.age, in: table, file: source) : nil
  let sex = table.index(of: columns.sex) != nil ? try numeric(columns.sex, in: table, file: source) : nil
  if let sex, let row = sex.firstIndex(where: { !$0.isNaN && $0 != 0 && $0 != 1 }) {
    throw .invalidArgument(table: source, field: columns.sex, problem: "row \(row + 2): \(sex[row]) is not 1 (male), 0 or empty")
  }
  // Features.
  var names: [String]
  if let chosen = columns.features {
    names = chosen
  } else {
    let reserved = Set([columns.patient, columns.id, columns.age, columns.sex] + [columns.time, columns.target].compactMap { $0 })
    names = zip(table.names, table.columns).compactMap { name, column in
      guard case .numeric = column, !reserved.contains(name), !labelColumns.contains(name),
        !name.lowercased().contains("fold"), !isIdentifierName(name)
      else { return nil }
      return name
    }
  }
  var featureColumns: [[Double]] = []
  var kept: [String] = []
  var duplicates: [(String, String)] = []
  for name in names {
    let v = try numeric(name, in: table, file: source)
    if let j = featureColumns.firstIndex(where: { sameValues($0, v) }) {
      duplicates.append((name, kept[j]))
      continue
    }
    featureColumns.append(v)
    kept.append(name)
  }
  guard !kept.isEmpty else { throw .insufficientData(table: source, field: "features", problem: "no numeric feature column") }
  var rows = [[Double]](repeating: [], count: table.rowCount)
  for r in 0..<table.rowCount {
    rows[r] = featureColumns.map { $0[r].isInfinite ? .nan : $0[r] }
  }
  let features = try PatientFeatureTable(
    values: rows, patientIDs: patients, times: times, featureNames: kept, source: source, patientColumn: columns.patient)
  return AuditData(
    table: features, ageYears: age, sexMale: sex, target: target, targetName: columns.target, timeUnit: unit,
    duplicateColumns: duplicates)
}

/// An identifier rather than a measurement: "id" or a name ending in "_id" (MIMIC's cart_id,
/// study_id): a cart or study number links a patient's ECGs without telling anything about the heart.
private func isIdentifierName(_ name: String) -> Bool {
  let n = name.lowercased()
  return n == "id" || n.hasSuffix("_id")
}

/// Two columns with the same value in every row (NaN equal to NaN).
private func sameValues(_ a: [Double], _ b: [Double]) -> Bool {
  zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
}

/// The time column as numbers (their own unit) or date-times (days since 1970-01-01, via
/// `Cohorts.parseTimestamp`); every row must have one.
private func readTimes(_ table: DataTable, column: String?, source: String) throws(PrivacyError) -> ([Double]?, String?) {
  guard let column else { return (nil, nil) }
  guard table.index(of: column) != nil, let cells = try? table.text(column) else {
    throw .invalidArgument(table: source, field: column, problem: "no such time column")
  }
  var times: [Double] = []
  var dated = false, numbered = false
  for (row, cell) in cells.enumerated() {
    if let v = Double(cell), v.isFinite {
      numbered = true
      times.append(v)
    } else if let seconds = parseTimestamp(cell) {
      dated = true
      times.append(seconds / 86_400)
    } else {
      throw .invalidArgument(table: source, field: column, problem: "row \(row + 2): \"\(cell)\" is neither a number nor a date-time")
    }
  }
  guard !(dated && numbered) else {
    throw .invalidArgument(table: source, field: column, problem: "mixes numbers and date-times")
  }
  return (times, dated ? "days" : "table units")
}
