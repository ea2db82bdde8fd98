import Foundation
import Modelling
import Statistics
import Tables

/// One target's paired comparison, as `compare-BASE-vs-NEW.json` stores it.
public struct ComparisonRow: Codable, Sendable {
  public let target: String
  public let comparison: PairedComparison
}

/// What `compareVariants` wrote and found.
public struct VariantComparison: Sendable {
  public var rows: [ComparisonRow] = []
  public var notes: [String] = []
  /// The files' name without extension (`compare-BASE-vs-NEW`).
  public var name: String

  /// The console table; the header names the methods of the interval and the p-values.
  public var table: String {
    let delong = rows.first?.comparison.delong.method.shortName ?? "DeLong"
    let se = rows.first?.comparison.continuous.method.rawValue ?? ""
    var table = [
      "AUROC difference: \(delong) 95% CI and p; NRI and IDI p-values: \(se) standard errors",
      "target        AUROC base -> new   diff (95% CI)             p        NRI (p)          IDI (p)",
    ]
    for r in rows {
      let c = r.comparison, d = c.delong
      table.append(
        r.target.padding(toLength: 14, withPad: " ", startingAt: 0)
          + String(
            format: "%.3f -> %.3f   %+.3f (%+.3f, %+.3f)  %-8.2g %+.3f (%.2g)  %+.4f (%.2g)",
            d.a.auc, d.b.auc, d.difference, d.lower, d.upper, d.pValue, c.continuous.nri, c.continuous.nriPValue,
            c.continuous.idi, c.continuous.idiPValue))
    }
    return table.joined(separator: "\n")
  }

  /// The CSV file.
  public var csv: String {
    func f(_ x: Double?) -> String { x.map(formatCell) ?? "" }
    var csv =
      "target,test_rows,test_positives,auroc_base,auroc_new,auroc_difference,delong_lower,delong_upper,delong_p,delong_method,boot_lower,boot_upper,bootstrap_unit,nri,nri_events,nri_nonevents,nri_p,nri_boot_lower,nri_boot_upper,idi,idi_p,idi_boot_lower,idi_boot_upper,categorical_nri,categorical_nri_p,nri_idi_se_method,high_ppv_base,high_ppv_new,low_npv_base,low_npv_new,high_ppv_lower_new,high_ppv_upper_new,low_npv_lower_new,low_npv_upper_new,strata_interval_method\n"
    for r in rows {
      let c = r.comparison, d = c.delong
      csv +=
        [
          r.target, String(c.rows), String(c.positives), f(d.a.auc), f(d.b.auc), f(d.difference), f(d.lower), f(d.upper),
          f(d.pValue), quoteCell(d.method.rawValue), f(c.differenceBootstrap?.percentileLower),
          f(c.differenceBootstrap?.percentileUpper), c.differenceBootstrap?.unit.rawValue ?? "",
          f(c.continuous.nri), f(c.continuous.nriEvents), f(c.continuous.nriNonEvents), f(c.continuous.nriPValue),
          f(c.nriBootstrap?.percentileLower), f(c.nriBootstrap?.percentileUpper), f(c.continuous.idi), f(c.continuous.idiPValue),
          f(c.idiBootstrap?.percentileLower), f(c.idiBootstrap?.percentileUpper), f(c.categorical?.nri), f(c.categorical?.nriPValue),
          quoteCell(c.continuous.method.rawValue), f(c.strataBase.last?.eventRate), f(c.strataNew.last?.eventRate),
          f(c.strataBase.first?.nonEventRate), f(c.strataNew.first?.nonEventRate), strataIntervalCells(c.strataNew),
        ].joined(separator: ",") + "\n"
    }
    return csv
  }
}

/// Compares two variants of every target trained in both, on their shared test rows
/// (`comparePaired`: DeLong, NRI, IDI, bootstrap intervals, categorical NRI at `thresholds`,
/// strata), and writes `compare-BASE-vs-NEW.csv` and `.json` into the study folder.
///
/// - Throws: `PipelineError.nothingToDo` when no target has both variants trained.
public func compareVariants(
  at study: String, base: FeatureVariant, new: FeatureVariant, thresholds: [Double], options: BootstrapOptions
) throws -> VariantComparison {
  let summary = try readStudy(at: study)
  var result = VariantComparison(name: "compare-\(folderName(base.rawValue))-vs-\(folderName(new.rawValue))")
  func predictions(_ e: StudyEntry) throws -> [String: (patient: String, part: String, label: Double, p: Double)] {
    let s = try readPredictions(study: study, entry: e)
    return Dictionary(
      uniqueKeysWithValues: s.ids.indices.map {
        (s.ids[$0], (s.patients[$0], s.partitions[$0], s.labels[$0], s.probabilities[$0]))
      })
  }
  for target in summary.configuration.targets {
    guard let a = summary.entries.first(where: { $0.target == target && $0.variant == base && $0.status == "trained" }),
      let b = summary.entries.first(where: { $0.target == target && $0.variant == new && $0.status == "trained" })
    else { continue }
    let pa = try predictions(a), pb = try predictions(b)
    let testIds = pa.keys.filter { pa[$0]!.part == "test" && pb[$0] != nil }.sorted()
    let valBase = pa.values.filter { $0.part == "validation" }.map(\.p)
    guard
      let c = comparePaired(
        labels: testIds.map { pa[$0]!.label == 1 }, base: testIds.map { pa[$0]!.p }, new: testIds.map { pb[$0]!.p },
        patients: testIds.map { pa[$0]!.patient }, thresholds: thresholds, validationBase: valBase, options: options)
    else {
      result.notes.append("note: \(target): too few positives or negatives in test to compare")
      continue
    }
    result.rows.append(ComparisonRow(target: target, comparison: c))
  }
  guard !result.rows.isEmpty else {
    throw PipelineError.nothingToDo(reason: "\(study): no target has both \(base.rawValue) and \(new.rawValue) models")
  }
  try writeText(try jsonText(result.rows), to: "\(study)/\(result.name).json")
  try writeText(result.csv, to: "\(study)/\(result.name).csv")
  return result
}
