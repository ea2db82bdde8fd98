import Core
import Foundation
import Modelling
import Statistics
import Tables

/// One model's test-partition statistics, as `evaluation.json` stores them.
public struct EvaluationRow: Codable, Sendable {
  public let target: String
  public let variant: String
  public let evaluation: Evaluation
  public var pAboveChanceAdjusted = Double.nan
  public var pAboveCAdjusted = Double.nan
}

/// What `evaluateStudy` wrote and found.
public struct StudyEvaluation: Sendable {
  public var rows: [EvaluationRow] = []
  /// Notes for the console (models not evaluated, no subgroup analysis).
  public var notes: [String] = []
  public var options: BootstrapOptions

  /// The console table: AUROC with bootstrap and DeLong intervals, AUPRC, Brier, adjusted p; the
  /// header names each interval's method (bootstrap unit; clustered or classic DeLong).
  public var table: String {
    let w = max(6, rows.map(\.target.count).max() ?? 6), v = max(16, rows.map(\.variant.count).max() ?? 16)
    func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
    let delong = rows.first?.evaluation.auroc.method.shortName ?? (options.unit == .patient ? "clustered DeLong" : "DeLong")
    let boot = "bootstrap (\(options.unit.rawValue)s)"
    var lines = [
      pad("target", w) + "  " + pad("variant", v) + "  pos  AUROC  " + pad(boot + " 95% CI", 29) + pad(delong + " 95% CI", 27)
        + "AUPRC  Brier  p(>c) BH (\(delong))"
    ]
    for r in rows {
      let e = r.evaluation
      let b = e.aurocBootstrap.map { String(format: "%.3f-%.3f", $0.percentileLower, $0.percentileUpper) } ?? "-"
      lines.append(
        pad(r.target, w) + "  " + pad(r.variant, v)
          + String(format: "  %3d  %.3f  ", e.positives, e.auroc.auc) + pad(b, 29)
          + pad(String(format: "%.3f-%.3f", e.auroc.lower, e.auroc.upper), 27)
          + String(format: "%.3f  %.3f  %.2g", e.averagePrecision, e.brier, r.pAboveCAdjusted))
    }
    return lines.joined(separator: "\n")
  }

  /// `evaluation.csv`: one row per model.
  public var csv: String {
    var text =
      "target,variant,test_rows,test_patients,test_positives,auroc,auroc_delong_lower,auroc_delong_upper,delong_method,auroc_boot_lower,auroc_boot_upper,auroc_bca_lower,auroc_bca_upper,bootstrap_unit,bootstrap_resamples,bootstrap_redrawn,average_precision,ap_boot_lower,ap_boot_upper,brier,youden_threshold_validation,sensitivity,specificity,ppv,npv,p_auroc_gt_0.5,p_auroc_gt_0.5_bh,p_auroc_gt_c,p_auroc_gt_c_bh,c,calibration_intercept,calibration_slope,calibration_in_the_large,ece,ece_after_isotonic,calibration_slope_after_isotonic,low_n,low_event_rate,medium_n,medium_event_rate,high_n,high_event_rate,high_ppv_lower,high_ppv_upper,low_npv_lower,low_npv_upper,strata_interval_method\n"
    func f(_ x: Double?) -> String { x.map(formatCell) ?? "" }
    for r in rows {
      let e = r.evaluation, b = e.aurocBootstrap, y = e.atValidationYouden
      let strata = e.strata.count == 3 ? e.strata.flatMap { [String($0.count), formatCell($0.eventRate)] } : Array(repeating: "", count: 6)
      text += csvLine(
        [
          r.target, r.variant, String(e.rows), String(e.patients), String(e.positives), f(e.auroc.auc),
          f(e.auroc.lower), f(e.auroc.upper), e.auroc.method.rawValue, f(b?.percentileLower), f(b?.percentileUpper), f(b?.bcaLower),
          f(b?.bcaUpper),
          b?.unit.rawValue ?? "", b.map { String($0.resamples) } ?? "", b.map { String($0.redrawn) } ?? "",
          f(e.averagePrecision), f(e.averagePrecisionBootstrap?.percentileLower), f(e.averagePrecisionBootstrap?.percentileUpper),
          f(e.brier), f(y?.threshold), f(y?.sensitivity), f(y?.specificity), f(y?.ppv), f(y?.npv),
          f(e.pAboveChance), f(r.pAboveChanceAdjusted), f(e.pAboveC), f(r.pAboveCAdjusted), f(e.c),
          f(e.calibration?.intercept), f(e.calibration?.slope), f(e.calibration?.inTheLarge), f(e.ece),
          f(e.eceAfterIsotonic), f(e.calibrationAfterIsotonic?.slope),
        ] + strata + strataIntervalCells(e.strata))
    }
    return text
  }
}

/// Evaluates every trained model of a study on its test rows (`Statistics.evaluate`), adjusts
/// the one-sided p-values by Benjamini-Hochberg across the targets of each variant, computes
/// AUROC by sex and age quartile when the study's feature table is readable, and writes
/// `evaluation.json`, `evaluation.csv` and `evaluation-subgroups.csv` into the study folder
/// (atomically).
///
/// - Parameter c: the threshold of the second one-sided test, AUROC > c.
public func evaluateStudy(at study: String, options: BootstrapOptions, c: Double = 0.7) throws -> StudyEvaluation {
  var result = StudyEvaluation(options: options)
  let summary = try readStudy(at: study)
  // Subgroups need the study's feature table (age and sex by id).
  let config = summary.configuration
  let ageColumn = config.options.demographicFeatures.first { $0 != config.sexColumn }
  var demographics: [String: (age: Double, sex: Double)] = [:]
  var ageCuts: [Double] = []
  if let table = try? readCSV(at: config.table, options: CSVReadOptions(textColumns: [config.idColumn, config.patientColumn])) {
    let ids = try table.text(config.idColumn)
    let age = ageColumn.flatMap { try? table.numeric($0) } ?? Array(repeating: .nan, count: ids.count)
    let sex = config.sexColumn.flatMap { try? table.numeric($0) } ?? Array(repeating: .nan, count: ids.count)
    for i in ids.indices { demographics[ids[i]] = (age[i], sex[i]) }
    let known = age.filter { !$0.isNaN }
    if !known.isEmpty { ageCuts = [0.25, 0.5, 0.75].map { quantile(known, $0) } }
  } else {
    result.notes.append("note: \(config.table) is not readable here: no subgroup analysis")
  }
  var subgroupCSV = "target,variant,subgroup,rows,positives,auroc,delong_lower,delong_upper,delong_method,boot_lower,boot_upper,bootstrap_unit\n"
  for entry in summary.entries where entry.status == "trained" {
    let stored = try readPredictions(study: study, entry: entry)
    let patient = stored.patients, label = stored.labels, p = stored.probabilities
    let test = stored.rows(.test), val = stored.rows(.validation)
    guard
      let e = Statistics.evaluate(
        scores: test.map { p[$0] }, labels: test.map { label[$0] == 1 }, patients: test.map { patient[$0] },
        validationScores: val.map { p[$0] }, validationLabels: val.map { label[$0] == 1 }, c: c, options: options)
    else {
      result.notes.append(
        test.isEmpty
          ? "note: \(entry.target) (\(entry.variant.rawValue)): the study has no test partition (trained with a validation table); score another table with ecglens evaluate STUDY --table CSV"
          : "note: \(entry.target) (\(entry.variant.rawValue)): fewer than 2 positives or negatives in test; not evaluated")
      continue
    }
    result.rows.append(EvaluationRow(target: entry.target, variant: entry.variant.rawValue, evaluation: e))
    guard !demographics.isEmpty else { continue }
    let ids = stored.ids
    var groups: [(String, (Double, Double) -> Bool)] = [("male", { $1 == 1 }), ("female", { $1 == 0 })]
    if ageCuts.count == 3 {
      let edges = [-Double.infinity] + ageCuts + [Double.infinity]
      for q in 0..<4 {
        let lo = edges[q], hi = edges[q + 1]
        groups.append((String(format: "age Q%d [%g, %g)", q + 1, lo, hi), { age, _ in age >= lo && age < hi }))
      }
    }
    for (name, member) in groups {
      let rowsIn = test.filter { i in demographics[ids[i]].map { member($0.age, $0.sex) } ?? false }
      let y = rowsIn.map { label[$0] == 1 }, sc = rowsIn.map { p[$0] }
      let pats = rowsIn.map { patient[$0] }
      guard let d = delongAUROC(scores: sc, labels: y, clusters: options.unit == .patient ? pats : nil) else { continue }
      let b = bootstrapAUROC(scores: sc, labels: y, patients: pats, options: options)
      subgroupCSV += csvLine(
        [
          entry.target, entry.variant.rawValue, name, String(rowsIn.count), String(y.filter { $0 }.count),
          formatCell(d.auc), formatCell(d.lower), formatCell(d.upper), d.method.rawValue,
          b.map { formatCell($0.percentileLower) } ?? "", b.map { formatCell($0.percentileUpper) } ?? "", options.unit.rawValue,
        ])
    }
  }
  for variant in Set(result.rows.map(\.variant)) {
    let idx = result.rows.indices.filter { result.rows[$0].variant == variant }
    let a = benjaminiHochberg(idx.map { result.rows[$0].evaluation.pAboveChance })
    let b = benjaminiHochberg(idx.map { result.rows[$0].evaluation.pAboveC })
    for (k, i) in idx.enumerated() { result.rows[i].pAboveChanceAdjusted = a[k]; result.rows[i].pAboveCAdjusted = b[k] }
  }
  try writeText(try jsonText(result.rows), to: study + "/evaluation.json")
  try writeText(result.csv, to: study + "/evaluation.csv")
  if !demographics.isEmpty { try writeText(subgroupCSV, to: study + "/evaluation-subgroups.csv") }
  return result
}

/// PPV of the high stratum and NPV of the low one with their intervals, and the intervals' method
/// (five CSV cells; empty without three strata).
func strataIntervalCells(_ strata: [RiskStratum]) -> [String] {
  guard strata.count == 3, let high = strata[2].eventRateInterval, let low = strata[0].nonEventRateInterval else { return ["", "", "", "", ""] }
  return [high.lower, high.upper, low.lower, low.upper].map(formatCell) + [strata[0].eventRateInterval?.method ?? high.method]
}
