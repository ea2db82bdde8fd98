import ArgumentParser
import Modelling
import Pipeline

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
  var base: FeatureVariant

  @Option(name: .customLong("new"), help: "New variant.")
  var newVariant: FeatureVariant

  @Option(help: "Risk thresholds for the categorical NRI and the strata, comma-separated (e.g. 0.1,0.3).")
  var thresholds: String?

  @OptionGroup var resampling: BootstrapArguments

  func run() throws {
    let cuts = try (thresholds.map(list) ?? []).map { s -> Double in
      guard let v = Double(s), v > 0, v < 1 else { throw CLIError("--thresholds: \(s) is not a probability in (0, 1)") }
      return v
    }
    let result = try compareVariants(at: study, base: base, new: newVariant, thresholds: cuts, options: resampling.options())
    for note in result.notes { warn(note) }
    Console.out(result.table)
    warn("\(result.rows.count) targets compared -> \(study)/\(result.name).csv")
  }
}

extension FeatureVariant: ExpressibleByArgument {}
