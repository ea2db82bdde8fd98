import ArgumentParser
import Foundation
import Modelling
import Statistics
import Tables

/// `ecglens evaluate STUDY_DIR [--bootstrap 1000] [--unit patient|ecg]`.
struct Evaluate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Test-partition statistics with confidence intervals for every model of a study.",
    discussion: """
      Per model, on the test rows of models/TARGET/VARIANT/predictions.csv: AUROC with its \
      DeLong 95 % interval and percentile and BCa bootstrap intervals (resampling unit: patient \
      by default, so a patient's ECGs stay together), average precision with bootstrap \
      intervals, Brier score, sensitivity, specificity, PPV and NPV at the Youden threshold \
      chosen on the validation rows and at 0.5, and one-sided DeLong p-values for AUROC > 0.5 \
      and AUROC > --c, Benjamini-Hochberg adjusted across the targets of each variant; \
      calibration intercept and slope, ECE (10 quantile bins) before and after isotonic \
      recalibration fitted on validation; low/medium/high strata at the validation tertiles; \
      net benefit at thresholds 0.01-0.99 (evaluation.json); AUROC with DeLong and bootstrap \
      intervals by sex and by age quartile (cuts from the study table) in \
      evaluation-subgroups.csv, when the study's feature table is readable. Resamples \
      with a single class are drawn again (counted in the output). Writes evaluation.csv and \
      evaluation.json into the study folder (atomically).
      """)

  @Argument(help: "Study folder written by ecglens train.")
  var study: String

  @OptionGroup var resampling: BootstrapArguments

  @Flag(help: "Resample units with and without positives separately.")
  var stratified = false

  @Option(help: "Threshold of the second significance test, AUROC > c.")
  var c = 0.7

  struct Row: Codable {
    let target: String
    let variant: String
    let evaluation: Evaluation
    var pAboveChanceAdjusted = Double.nan
    var pAboveCAdjusted = Double.nan
  }

  func run() throws {
    let options = try resampling.options(stratified: stratified)
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
      warn("note: \(config.table) is not readable here: no subgroup analysis")
    }
    var subgroupCSV = "target,variant,subgroup,rows,positives,auroc,delong_lower,delong_upper,boot_lower,boot_upper\n"
    var rows: [Row] = []
    for entry in summary.entries where entry.status == "trained" {
      let stored = try readPredictions(study: study, entry: entry)
      let patient = stored.patients, label = stored.labels, p = stored.probabilities
      let test = stored.rows(.test), val = stored.rows(.validation)
      guard let e = Statistics.evaluate(
        scores: test.map { p[$0] }, labels: test.map { label[$0] == 1 }, patients: test.map { patient[$0] },
        validationScores: val.map { p[$0] }, validationLabels: val.map { label[$0] == 1 }, c: c, options: options)
      else {
        warn("note: \(entry.target) (\(entry.variant.rawValue)): fewer than 2 positives or negatives in test; not evaluated")
        continue
      }
      rows.append(Row(target: entry.target, variant: entry.variant.rawValue, evaluation: e))
      if !demographics.isEmpty {
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
          guard let d = delongAUROC(scores: sc, labels: y) else { continue }
          let b = bootstrapAUROC(scores: sc, labels: y, patients: rowsIn.map { patient[$0] }, options: options)
          subgroupCSV += [entry.target, entry.variant.rawValue, "\"\(name)\"", String(rowsIn.count), String(y.filter { $0 }.count),
            formatCell(d.auc), formatCell(d.lower), formatCell(d.upper), b.map { formatCell($0.percentileLower) } ?? "",
            b.map { formatCell($0.percentileUpper) } ?? ""].joined(separator: ",") + "\n"
        }
      }
    }
    for variant in Set(rows.map(\.variant)) {
      let idx = rows.indices.filter { rows[$0].variant == variant }
      let a = benjaminiHochberg(idx.map { rows[$0].evaluation.pAboveChance })
      let b = benjaminiHochberg(idx.map { rows[$0].evaluation.pAboveC })
      for (k, i) in idx.enumerated() { rows[i].pAboveChanceAdjusted = a[k]; rows[i].pAboveCAdjusted = b[k] }
    }
    try emit(try jsonText(rows), to: study + "/evaluation.json")
    try emit(evaluationCSV(rows), to: study + "/evaluation.csv")
    if !demographics.isEmpty { try emit(subgroupCSV, to: study + "/evaluation-subgroups.csv") }
    print(evaluationTable(rows))
    warn("\(rows.count) models evaluated; bootstrap: \(options.resamples) resamples of \(options.unit.rawValue)s\(stratified ? ", stratified" : ""), seed \(options.seed) -> \(study)/evaluation.csv")
  }

  func evaluationCSV(_ rows: [Row]) -> String {
    var text = "target,variant,test_rows,test_patients,test_positives,auroc,auroc_delong_lower,auroc_delong_upper,auroc_boot_lower,auroc_boot_upper,auroc_bca_lower,auroc_bca_upper,bootstrap_unit,bootstrap_resamples,bootstrap_redrawn,average_precision,ap_boot_lower,ap_boot_upper,brier,youden_threshold_validation,sensitivity,specificity,ppv,npv,p_auroc_gt_0.5,p_auroc_gt_0.5_bh,p_auroc_gt_c,p_auroc_gt_c_bh,c,calibration_intercept,calibration_slope,calibration_in_the_large,ece,ece_after_isotonic,calibration_slope_after_isotonic,low_n,low_event_rate,medium_n,medium_event_rate,high_n,high_event_rate\n"
    func f(_ x: Double?) -> String { x.map(formatCell) ?? "" }
    for r in rows {
      let e = r.evaluation, b = e.aurocBootstrap, y = e.atValidationYouden
      text += [
        r.target, r.variant, String(e.rows), String(e.patients), String(e.positives), f(e.auroc.auc),
        f(e.auroc.lower), f(e.auroc.upper), f(b?.percentileLower), f(b?.percentileUpper), f(b?.bcaLower), f(b?.bcaUpper),
        b?.unit.rawValue ?? "", b.map { String($0.resamples) } ?? "", b.map { String($0.redrawn) } ?? "",
        f(e.averagePrecision), f(e.averagePrecisionBootstrap?.percentileLower), f(e.averagePrecisionBootstrap?.percentileUpper),
        f(e.brier), f(y?.threshold), f(y?.sensitivity), f(y?.specificity), f(y?.ppv), f(y?.npv),
        f(e.pAboveChance), f(r.pAboveChanceAdjusted), f(e.pAboveC), f(r.pAboveCAdjusted), f(e.c),
        f(e.calibration?.intercept), f(e.calibration?.slope), f(e.calibration?.inTheLarge), f(e.ece),
        f(e.eceAfterIsotonic), f(e.calibrationAfterIsotonic?.slope),
      ].joined(separator: ",") + "," + (e.strata.count == 3
        ? e.strata.map { "\($0.count),\(formatCell($0.eventRate))" }.joined(separator: ",") : ",,,,,") + "\n"
    }
    return text
  }

  func evaluationTable(_ rows: [Row]) -> String {
    let w = max(6, rows.map(\.target.count).max() ?? 6)
    func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
    var lines = [pad("target", w) + "  " + pad("variant", 16) + "  pos  AUROC  bootstrap 95% CI   DeLong 95% CI      AUPRC  Brier  p(>c) BH"]
    for r in rows {
      let e = r.evaluation
      let boot = e.aurocBootstrap.map { String(format: "%.3f-%.3f", $0.percentileLower, $0.percentileUpper) } ?? "-"
      lines.append(pad(r.target, w) + "  " + pad(r.variant, 16) + String(
        format: "  %3d  %.3f  %@        %.3f-%.3f        %.3f  %.3f  %.2g",
        e.positives, e.auroc.auc, boot, e.auroc.lower, e.auroc.upper, e.averagePrecision, e.brier, r.pAboveCAdjusted))
    }
    return lines.joined(separator: "\n")
  }
}
