import Core
import Statistics

/// How well sex is predicted from the features alone.
public struct SexInference: Sendable, Equatable {
  /// AUROC of the out-of-fold probability of male sex (`Statistics.auroc`, ties counting one half).
  public let auroc: Double
  /// ECGs with a known sex, their patients, and the male ECGs among them.
  public let ecgCount: Int
  public let patientCount: Int
  public let maleCount: Int
}

/// How well age is predicted from the features alone.
public struct AgeInference: Sendable, Equatable {
  /// Mean absolute error of the out-of-fold predicted age, years.
  public let meanAbsoluteError: Double
  /// The same error for a prediction without features (the median age of the other folds'
  /// training rows, per fold): what the features add is the difference.
  public let baselineMeanAbsoluteError: Double
  /// AUROC of the out-of-fold predicted age for "age over 65 years" (nil when all ECGs fall on one side).
  public let over65AUROC: Double?
  /// ECGs with a known age, and their patients.
  public let ecgCount: Int
  public let patientCount: Int
}

/// Attribute inference: sex and age predicted from the audited features alone.
public struct AttributeInference: Sendable, Equatable {
  /// Nil when the table has no sex (or age) column, or too few patients with one.
  public let sex: SexInference?
  public let age: AgeInference?
  /// Why an attribute was not inferred, when it was not.
  public let notes: [String]
}

/// Infers sex and age from the audit's features (never from age or sex themselves) with XGBoost and
/// patient-grouped cross-validation (`CrossValidationSettings`): each ECG is predicted by a model
/// that saw none of its patient's ECGs. Sex: binary logistic, scored by AUROC. Age: absolute-error
/// regression, scored by the mean absolute error (years) beside a no-feature baseline, and by the
/// AUROC of the predicted age for age over 65. Rows with an unknown attribute are left out of its
/// model.
public func inferAttributes(
  _ data: AuditData, settings: CrossValidationSettings = .init(), threads: Int = 1
) throws(PrivacyError) -> AttributeInference {
  let table = data.table
  let columns = (0..<table.columnCount).map { c in table.values.map { $0[c] } }
  var notes: [String] = []
  var sex: SexInference? = nil
  if let s = data.sexMale {
    let rows = s.indices.filter { !s[$0].isNaN }
    let males = rows.filter { s[$0] == 1 }.count
    let patients = Set(rows.map { table.patientIDs[$0] }).count
    if males == 0 || males == rows.count || patients < settings.folds {
      notes.append("sex: \(rows.count) ECGs of \(patients) patients with a known sex, \(males) male: not enough to infer it")
    } else {
      let (p, _) = try outOfFoldPredictions(
        columns: columns, rows: rows, outcome: s, patients: table.patientIDs, strata: classStrata(s), task: .binary,
        settings: settings, threads: threads, table: table.source, field: "sex")
      let scored = rows.indices.filter { !p[$0].isNaN }
      let auc = auroc(scores: scored.map { p[$0] }, labels: scored.map { s[rows[$0]] == 1 }) ?? .nan
      sex = SexInference(auroc: auc, ecgCount: rows.count, patientCount: patients, maleCount: males)
    }
  } else {
    notes.append("sex: no sex column")
  }
  var age: AgeInference? = nil
  if let a = data.ageYears {
    let rows = a.indices.filter { !a[$0].isNaN }
    let patients = Set(rows.map { table.patientIDs[$0] }).count
    if patients < settings.folds {
      notes.append("age: \(rows.count) ECGs of \(patients) patients with a known age: not enough to infer it")
    } else {
      let (p, folds) = try outOfFoldPredictions(
        columns: columns, rows: rows, outcome: a, patients: table.patientIDs, strata: quartileStrata(a),
        task: .regression, settings: settings, threads: threads, table: table.source, field: "age")
      let scored = rows.indices.filter { !p[$0].isNaN }
      let truth = scored.map { a[rows[$0]] }
      let errors = zip(scored.map { p[$0] }, truth).map { abs($0 - $1) }
      let over = truth.map { $0 > 65 }
      age = AgeInference(
        meanAbsoluteError: mean(errors), baselineMeanAbsoluteError: baselineError(ages: rows.map { a[$0] }, folds: folds),
        over65AUROC: auroc(scores: scored.map { p[$0] }, labels: over), ecgCount: rows.count, patientCount: patients)
    }
  } else {
    notes.append("age: no age column")
  }
  return AttributeInference(sex: sex, age: age, notes: notes)
}

/// Mean absolute error of predicting each fold's ages by the median age of the rows outside it, on
/// the patient-grouped folds the model used: the feature-free counterpart of the model.
private func baselineError(ages: [Double], folds: [Int]) -> Double {
  var errors: [Double] = []
  for k in Set(folds).sorted() {
    let m = median(of: ages.indices.filter { folds[$0] != k }.map { ages[$0] })
    for i in ages.indices where folds[i] == k { errors.append(abs(ages[i] - m)) }
  }
  return mean(errors)
}
