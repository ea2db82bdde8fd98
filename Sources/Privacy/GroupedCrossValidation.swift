import Boosting
import Cohorts
import Core

/// Settings of the patient-grouped cross-validation behind attribute inference and the utility
/// column of the mitigation table.
public struct CrossValidationSettings: Sendable, Equatable {
  /// Patient-grouped folds (`Cohorts.patientGroupedFolds`: no patient in two folds, stratified on
  /// the label or on age quartiles).
  public var folds = 5
  /// Seed of the folds.
  public var seed: UInt64 = 2_024
  /// XGBoost settings: eta 0.1, depth 4, at most 500 rounds, early stopping after 20 rounds
  /// without improvement on the validation fold (logloss for 0/1 labels, mean absolute error for
  /// age). The objective is set per task.
  public var parameters: BoostingParameters = {
    var p = BoostingParameters()
    p.learningRate = 0.1
    p.maxDepth = 4
    p.maxRounds = 500
    p.earlyStoppingRounds = 20
    return p
  }()

  public init() {}
}

/// What a cross-validated model predicts.
enum PredictionTask: Sendable {
  /// A 0/1 label; predictions are probabilities.
  case binary
  /// A number (age in years); predictions are in its unit, trained on absolute error.
  case regression
}

/// Out-of-fold predictions for `rows` (rows of `columns` with a known `outcome`): rows are split into
/// `settings.folds` patient-grouped folds; for fold k, a model is trained on the other folds but
/// fold k + 1 (mod K), which serves for early stopping, and predicts fold k. Every row is thus
/// predicted by a model that saw none of its patient's ECGs.
///
/// - Parameters:
///   - columns: feature columns (column-major, NaN missing), all rows of the table.
///   - outcome: per row of the table; only `rows` are used.
///   - strata: per row of the table, for the fold assignment.
/// - Returns: one prediction per entry of `rows`, in that order, and the fold of each entry.
func outOfFoldPredictions(
  columns: [[Double]], rows: [Int], outcome: [Double], patients: [String], strata: [[Bool]], task: PredictionTask,
  settings: CrossValidationSettings, threads: Int, table: String, field: String
) throws(PrivacyError) -> (predictions: [Double], folds: [Int]) {
  let groupCount = Set(rows.map { patients[$0] }).count
  guard settings.folds >= 3, groupCount >= settings.folds else {
    throw .insufficientData(
      table: table, field: field, problem: "\(groupCount) patients with a value; \(settings.folds)-fold cross-validation needs at least as many")
  }
  let folds: [Int]
  do {
    folds = try patientGroupedFolds(
      patients: rows.map { patients[$0] }, strata: strata.map { s in rows.map { s[$0] } }, folds: settings.folds,
      seed: settings.seed)
  } catch {
    throw .insufficientData(table: table, field: field, problem: error.description)
  }
  var parameters = settings.parameters
  parameters.threads = max(1, threads)
  parameters.objective = task == .binary ? .binaryLogistic : .absoluteError
  parameters.evalMetric = task == .binary ? .logloss : .mae
  let names = columns.indices.map { "f\($0)" }
  var predictions = [Double](repeating: .nan, count: rows.count)
  do {
    func matrix(_ members: [Int]) throws(BoostingError) -> DMatrix {
      let m = try FeatureMatrix(columns: columns, featureNames: names, rowIndices: members.map { rows[$0] })
      let y = members.map { Float(outcome[rows[$0]]) }
      return task == .binary ? try DMatrix(m, labels: y) : try DMatrix(m, targets: y)
    }
    for k in 0..<settings.folds {
      let validationFold = (k + 1) % settings.folds
      let test = rows.indices.filter { folds[$0] == k }
      let validation = rows.indices.filter { folds[$0] == validationFold }
      let train = rows.indices.filter { folds[$0] != k && folds[$0] != validationFold }
      guard !test.isEmpty, !validation.isEmpty, !train.isEmpty else { continue }
      let result = try Booster.train(train: try matrix(train), validation: try matrix(validation), parameters: parameters)
      let p = try result.booster.predictedValues(try matrix(test))
      for (i, row) in test.enumerated() { predictions[row] = Double(p[i]) }
    }
  } catch {
    throw .modelling(table: table, field: field, problem: error.description)
  }
  return (predictions, folds)
}

/// Strata for the folds of a 0/1 outcome: its two classes.
func classStrata(_ outcome: [Double]) -> [[Bool]] {
  [outcome.map { $0 == 1 }, outcome.map { $0 == 0 }]
}

/// Strata for the folds of a number: its quartiles among the rows that have it.
func quartileStrata(_ outcome: [Double]) -> [[Bool]] {
  let known = outcome.filter { !$0.isNaN }.sorted()
  let cuts = [0.25, 0.5, 0.75].map { quantile(sorted: known, $0) }
  return (0..<4).map { q in
    outcome.map { v in !v.isNaN && cuts.filter { v >= $0 }.count == q }
  }
}
