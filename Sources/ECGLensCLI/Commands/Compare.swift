import ArgumentParser
import Foundation
import Modelling
import Statistics
import Tables

/// `ecglens compare STUDY_DIR --base VARIANT --new VARIANT`.
struct Compare: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Paired comparison of two model variants of the same targets on their test rows.",
    discussion: """
      For every target trained in both variants (e.g. --base demographics --new \
      ecg+demographics, from ecglens train --ablation): DeLong's test of the AUROC difference, \
      continuous NRI (events and non-events components) and IDI with Pencina's standard errors \
      and p-values, bootstrap intervals of the three (patient resampling by default), the \
      categorical NRI at --thresholds, and low/medium/high strata of both models with their \
      event rates (PPV of the high stratum, NPV of the low one). Strata cut at --thresholds when \
      two are given, else at the base model's validation tertiles. Writes \
      compare-BASE-vs-NEW.csv and .json into the study folder.
      """)

  @Argument(help: "Study folder written by ecglens train.")
  var study: String

  @Option(help: "Base variant: ecg, demographics or ecg+demographics.")
  var base: String

  @Option(name: .customLong("new"), help: "New variant.")
  var newVariant: String

  @Option(help: "Risk thresholds for the categorical NRI and the strata, comma-separated (e.g. 0.1,0.3).")
  var thresholds: String?

  @OptionGroup var resampling: BootstrapArguments

  struct Row: Codable { let target: String; let comparison: PairedComparison }

  func run() throws {
    guard let baseVariant = FeatureVariant(rawValue: base), let newV = FeatureVariant(rawValue: newVariant) else {
      throw CLIError("--base and --new must be ecg, demographics or ecg+demographics")
    }
    let cuts = try (thresholds.map(list) ?? []).map { s -> Double in
      guard let v = Double(s), v > 0, v < 1 else { throw CLIError("--thresholds: \(s) is not a probability in (0, 1)") }
      return v
    }
    let options = try resampling.options()
    let summary = try readStudy(at: study)
    func predictions(_ e: StudyEntry) throws -> [String: (patient: String, part: String, label: Double, p: Double)] {
      let s = try readPredictions(study: study, entry: e)
      return Dictionary(uniqueKeysWithValues: s.ids.indices.map {
        (s.ids[$0], (s.patients[$0], s.partitions[$0], s.labels[$0], s.probabilities[$0]))
      })
    }
    var rows: [Row] = []
    for target in summary.configuration.targets {
      guard let a = summary.entries.first(where: { $0.target == target && $0.variant == baseVariant && $0.status == "trained" }),
            let b = summary.entries.first(where: { $0.target == target && $0.variant == newV && $0.status == "trained" })
      else { continue }
      let pa = try predictions(a), pb = try predictions(b)
      let testIds = pa.keys.filter { pa[$0]!.part == "test" && pb[$0] != nil }.sorted()
      let valBase = pa.values.filter { $0.part == "validation" }.map(\.p)
      guard let c = comparePaired(
        labels: testIds.map { pa[$0]!.label == 1 }, base: testIds.map { pa[$0]!.p }, new: testIds.map { pb[$0]!.p },
        patients: testIds.map { pa[$0]!.patient }, thresholds: cuts, validationBase: valBase, options: options)
      else {
        warn("note: \(target): too few positives or negatives in test to compare")
        continue
      }
      rows.append(Row(target: target, comparison: c))
    }
    guard !rows.isEmpty else { throw CLIError("\(study): no target has both \(base) and \(newVariant) models") }
    let name = "compare-\(folderName(base))-vs-\(folderName(newVariant))"
    try emit(try jsonText(rows), to: "\(study)/\(name).json")
    func f(_ x: Double?) -> String { x.map(formatCell) ?? "" }
    var csv = "target,test_rows,test_positives,auroc_base,auroc_new,auroc_difference,delong_lower,delong_upper,delong_p,boot_lower,boot_upper,nri,nri_events,nri_nonevents,nri_p,nri_boot_lower,nri_boot_upper,idi,idi_p,idi_boot_lower,idi_boot_upper,categorical_nri,categorical_nri_p,high_ppv_base,high_ppv_new,low_npv_base,low_npv_new\n"
    var table = ["target        AUROC base -> new   diff (DeLong 95% CI)      p        NRI (p)          IDI (p)"]
    for r in rows {
      let c = r.comparison, d = c.delong
      csv += [
        r.target, String(c.rows), String(c.positives), f(d.a.auc), f(d.b.auc), f(d.difference), f(d.lower), f(d.upper),
        f(d.pValue), f(c.differenceBootstrap?.percentileLower), f(c.differenceBootstrap?.percentileUpper),
        f(c.continuous.nri), f(c.continuous.nriEvents), f(c.continuous.nriNonEvents), f(c.continuous.nriPValue),
        f(c.nriBootstrap?.percentileLower), f(c.nriBootstrap?.percentileUpper), f(c.continuous.idi), f(c.continuous.idiPValue),
        f(c.idiBootstrap?.percentileLower), f(c.idiBootstrap?.percentileUpper), f(c.categorical?.nri), f(c.categorical?.nriPValue),
        f(c.strataBase.last?.eventRate), f(c.strataNew.last?.eventRate), f(c.strataBase.first?.nonEventRate), f(c.strataNew.first?.nonEventRate),
      ].joined(separator: ",") + "\n"
      table.append(r.target.padding(toLength: 14, withPad: " ", startingAt: 0) + String(
        format: "%.3f -> %.3f   %+.3f (%+.3f, %+.3f)  %-8.2g %+.3f (%.2g)  %+.4f (%.2g)",
        d.a.auc, d.b.auc, d.difference, d.lower, d.upper, d.pValue, c.continuous.nri, c.continuous.nriPValue,
        c.continuous.idi, c.continuous.idiPValue))
    }
    try emit(csv, to: "\(study)/\(name).csv")
    print(table.joined(separator: "\n"))
    warn("\(rows.count) targets compared -> \(study)/\(name).csv")
  }
}
