import Cohorts
import Foundation
import Tables

/// What to take from the input tables.
public struct StudyInputs: Sendable {
  public var idColumn: String
  public var patientColumn: String
  /// Target columns; nil means every column of the label tables except their id.
  public var targets: [String]?
  /// Feature columns; nil means every numeric column of the feature table except the id,
  /// patient, fold and target columns and the identifiers and acquisition metadata that
  /// `metadataRole(ofColumn:)` recognises (cart, device, site, times, filters ...).
  public var features: [String]?
  /// Demographic columns used when present (age in years, sex as 1 male / 0 female).
  public var ageColumn = "age_years"
  public var sexColumn = "sex_male"
  /// A given fold column (PTB-XL `strat_fold`) with its validation and test folds; nil to
  /// compute patient-grouped stratified folds.
  public var foldColumn: String?
  public var validationFolds: Set<Int> = []
  public var testFolds: Set<Int> = []
  public var folds = 20
  public var seed: UInt64 = 0

  public init(idColumn: String, patientColumn: String) {
    self.idColumn = idColumn
    self.patientColumn = patientColumn
  }
}

/// A study's rows assembled from its tables, with the roles of its columns.
public struct AssembledStudy: Sendable {
  public let data: StudyData
  public let targets: [String]
  public let ecgFeatures: [String]
  public let demographicFeatures: [String]
  public let sexColumn: String?
  public let split: SplitDescription
  /// Rows of label tables whose id is not in the feature table.
  public let unmatchedLabelRows: Int
  /// Numeric columns left out of the default features as identifiers or acquisition metadata:
  /// (column, role). Empty when features were named.
  public let leftOutMetadata: [(column: String, role: String)]
}

/// Joins a feature table with label tables on the id column, checks every input rule and splits
/// the rows by patient.
///
/// Rules (each broken one is an error naming file, column and row): the id column exists and
/// its values are unique and non-empty in every table; patient ids are non-empty; features and
/// targets exist and are numeric; labels are 0, 1 or empty; a target has both classes. Rows of
/// the feature table with no label row get an empty label (left out of that target).
///
/// Split: the given fold column (checked for patient leaks), or `patientGroupedFolds` with
/// strata = every target's positives plus age quartiles and sex when those columns exist;
/// fold `folds - 2` is validation, `folds - 1` test.
public func assembleStudy(
  table: DataTable, file: String, labelTables: [(file: String, table: DataTable)], inputs: StudyInputs
) throws(ModellingError) -> AssembledStudy {
  func textColumn(_ t: DataTable, _ name: String, _ f: String) throws(ModellingError) -> [String] {
    guard let i = t.index(of: name) else { throw .invalidInput(file: f, column: name, row: nil, problem: "no such column") }
    switch t.columns[i] {
    case .text(let v): return v
    case .numeric(let v): return v.map { formatCell($0) }
    }
  }
  func uniqueIndex(_ ids: [String], _ f: String) throws(ModellingError) -> [String: Int] {
    var index: [String: Int] = [:]
    for (i, id) in ids.enumerated() {
      if id.isEmpty { throw .invalidInput(file: f, column: inputs.idColumn, row: i + 2, problem: "empty id") }
      if let first = index[id] {
        throw .invalidInput(file: f, column: inputs.idColumn, row: i + 2, problem: "id \"\(id)\" already on row \(first + 2)")
      }
      index[id] = i
    }
    return index
  }
  let ids = try textColumn(table, inputs.idColumn, file)
  let idIndex = try uniqueIndex(ids, file)
  let patients = try textColumn(table, inputs.patientColumn, file)
  if let row = patients.firstIndex(where: \.isEmpty) {
    throw .invalidInput(file: file, column: inputs.patientColumn, row: row + 2, problem: "empty patient id")
  }
  let n = ids.count

  // Labels: from label tables first, then the feature table itself.
  var labelSources: [(file: String, table: DataTable, rowOf: [Int?])] = []
  var unmatched = 0
  for (f, t) in labelTables {
    let labelIds = try textColumn(t, inputs.idColumn, f)
    let index = try uniqueIndex(labelIds, f)
    unmatched += labelIds.filter { idIndex[$0] == nil }.count
    labelSources.append((f, t, ids.map { index[$0] }))
  }
  labelSources.append((file, table, Array(0..<n)))
  var targets = inputs.targets ?? []
  if inputs.targets == nil {
    guard !labelTables.isEmpty else { throw .invalidOption("name the targets (--targets) when no label table is given") }
    var seen: Set<String> = []
    for (_, t) in labelTables {
      for name in t.names where name != inputs.idColumn && !seen.contains(name) {
        targets.append(name)
        seen.insert(name)
      }
    }
    guard !targets.isEmpty else { throw .invalidOption("the label tables have no column besides the id") }
  }
  guard Set(targets).count == targets.count else { throw .invalidOption("a target is named twice") }
  var labels: [String: [Double]] = [:]
  for target in targets {
    guard let source = labelSources.first(where: { $0.table.index(of: target) != nil }) else {
      throw .unknownColumn(name: target, role: "target")
    }
    let values: [Double]
    switch source.table.columns[source.table.index(of: target)!] {
    case .numeric(let v): values = v
    case .text(let cells):
      let row = cells.firstIndex { Double($0.trimmingCharacters(in: .whitespaces)) == nil && !$0.isEmpty }
      throw .invalidInput(
        file: source.file, column: target, row: row.map { $0 + 2 },
        problem: row.map { "\"\(cells[$0])\" is not 0, 1 or empty" } ?? "labels must be 0, 1 or empty; the column holds text")
    }
    var column = [Double](repeating: .nan, count: n)
    for i in 0..<n {
      guard let r = source.rowOf[i] else { continue }
      let v = values[r]
      if !v.isNaN && v != 0 && v != 1 {
        throw .invalidInput(file: source.file, column: target, row: r + 2, problem: "label \(formatCell(v)) is not 0, 1 or empty")
      }
      column[i] = v
    }
    let classes = Set(column.filter { !$0.isNaN })
    if classes.count < 2 {
      throw .invalidInput(
        file: source.file, column: target, row: nil,
        problem: classes.isEmpty ? "no labels for the feature table's ids" : "one class only (every label is \(formatCell(classes.first!)))")
    }
    labels[target] = column
  }

  // Features.
  let excluded = Set([inputs.idColumn, inputs.patientColumn] + targets + (inputs.foldColumn.map { [$0] } ?? []))
  let featureNames: [String]
  var leftOut: [(column: String, role: String)] = []
  if let requested = inputs.features {
    for f in requested where table.index(of: f) == nil { throw .invalidInput(file: file, column: f, row: nil, problem: "no such feature column") }
    for f in requested where excluded.contains(f) {
      throw .invalidInput(file: file, column: f, row: nil, problem: "is an id, patient, fold or target column, not a feature")
    }
    featureNames = requested
  } else {
    featureNames = zip(table.names, table.columns).compactMap { name, column in
      guard case .numeric = column, !excluded.contains(name) else { return nil }
      if let role = metadataRole(ofColumn: name) {
        leftOut.append((name, role))
        return nil
      }
      return name
    }
  }
  var features: [String: [Double]] = [:]
  for f in featureNames {
    guard case .numeric(let v) = table.columns[table.index(of: f)!] else {
      let cells = try textColumn(table, f, file)
      let row = cells.firstIndex { Double($0.trimmingCharacters(in: .whitespaces)) == nil && !$0.isEmpty }
      throw .invalidInput(
        file: file, column: f, row: row.map { $0 + 2 },
        problem: row.map { "\"\(cells[$0])\" is not a number; features must be numeric" } ?? "is text; features must be numeric")
    }
    features[f] = v
  }
  let demographics = [inputs.ageColumn, inputs.sexColumn].filter { features[$0] != nil }
  let ecg = featureNames.filter { !demographics.contains($0) }
  let sex = features[inputs.sexColumn]

  // Split.
  let partitionsOut: [Partition]
  let split: SplitDescription
  do {
    if let foldColumn = inputs.foldColumn {
      guard let i = table.index(of: foldColumn), case .numeric(let v) = table.columns[i] else {
        throw ModellingError.invalidInput(file: file, column: foldColumn, row: nil, problem: "no numeric fold column")
      }
      if let bad = v.firstIndex(where: { $0.isNaN || $0 != $0.rounded() }) {
        throw ModellingError.invalidInput(file: file, column: foldColumn, row: bad + 2, problem: "fold must be a whole number")
      }
      guard !inputs.validationFolds.isEmpty else {
        throw ModellingError.invalidOption("a fold column needs validation folds (test folds may be empty: no test partition)")
      }
      let present = Set(v.map { Int($0) })
      for (name, wanted) in [("validation", inputs.validationFolds), ("test", inputs.testFolds)] {
        let empty = wanted.subtracting(present).sorted()
        if !empty.isEmpty {
          throw ModellingError.invalidInput(
            file: file, column: foldColumn, row: nil,
            problem: "\(name) fold(s) \(empty.map(String.init).joined(separator: ", ")) hold no row (folds present: "
              + "\(present.sorted().map(String.init).joined(separator: ", ")))")
        }
      }
      partitionsOut = try partitions(fromFolds: v.map { Int($0) }, patients: patients, validation: inputs.validationFolds, test: inputs.testFolds)
      split = SplitDescription(
        method: "given fold column", foldColumn: foldColumn,
        validationFolds: inputs.validationFolds.sorted(), testFolds: inputs.testFolds.sorted())
    } else {
      var strata = targets.map { t in labels[t]!.map { $0 == 1 } }
      if let age = features[inputs.ageColumn], let sex {
        strata += demographicStrata(ageYears: age, sexMale: sex)
      }
      let folds = try patientGroupedFolds(patients: patients, strata: strata, folds: inputs.folds, seed: inputs.seed)
      partitionsOut = folds.map { Partition.of(fold: $0, folds: inputs.folds) }
      split = SplitDescription(method: "patient-grouped multilabel-stratified folds", folds: inputs.folds, seed: inputs.seed)
    }
  } catch let e as ModellingError {
    throw e
  } catch {
    throw .invalidOption("\(error)")
  }
  let data = try StudyData(
    ids: ids, patients: patients, partitions: partitionsOut, features: features, labels: labels, sexMale: sex)
  return AssembledStudy(
    data: data, targets: targets, ecgFeatures: ecg, demographicFeatures: demographics,
    sexColumn: sex == nil ? nil : inputs.sexColumn, split: split, unmatchedLabelRows: unmatched, leftOutMetadata: leftOut)
}
