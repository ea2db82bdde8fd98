import ArgumentParser
import Modelling
import Pipeline

/// `ecglens compare STUDY_DIR --base VARIANT --new VARIANT`, or
/// `compare --predictions FILE --label COL --base COL --new COL [--patient COL] --json OUT`.
struct Compare: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Paired comparison of two models on the same rows: two variants of a study, or two score columns.",
    discussion: """
      STUDY: for every target trained in both variants (e.g. --base demographics --new \
      ecg+demographics): DeLong's test of the AUROC difference, clustered by patient (Obuchowski \
      1997; --unit ecg: classic DeLong), continuous NRI (events and non-events components) and IDI \
      with cluster-robust standard errors (--unit ecg: Pencina's), bootstrap intervals of the three \
      (patients resampled by default), the categorical NRI at --thresholds, and low/medium/high \
      strata of both models with PPV and NPV and their intervals. Strata cut at --thresholds when \
      two are given, else at the base model's validation tertiles. Writes compare-BASE-vs-NEW.csv \
      and .json. --predictions FILE: --base and --new are score columns; --json writes n_rows, \
      n_patients, auroc_base, auroc_new, auroc_difference, auroc_difference_ci, \
      auroc_difference_p, nri_continuous, nri_continuous_p, nri_categorical, nri_categorical_p, \
      idi, idi_p, method.
      """)

  @Argument(help: "Study folder written by ecglens train (omit with --predictions).")
  var study: String?

  @Option(help: "Base variant (ecg, demographics, ecg+demographics, or a fusion variant); with --predictions a score column.")
  var base: String

  @Option(name: .customLong("new"), help: "New variant; with --predictions a score column.")
  var newVariant: String

  @Option(help: "Risk thresholds for the categorical NRI and the strata, comma-separated (e.g. 0.1,0.3).")
  var thresholds: String?

  @OptionGroup var predictions: PredictionArguments

  @OptionGroup var resampling: BootstrapArguments

  func validate() throws {
    guard (study == nil) != (predictions.file == nil) else { throw CLIError("give a STUDY folder or --predictions FILE (one of them)") }
    if predictions.file != nil { try predictions.check(scoreOptions: [:]) }
  }

  func run() throws {
    let cuts = try (thresholds.map(list) ?? []).map { s -> Double in
      guard let v = Double(s), v > 0, v < 1 else { throw CLIError("--thresholds: \(s) is not a probability in (0, 1)") }
      return v
    }
    if let file = predictions.file {
      let c = try comparePredictionsTable(
        file: file, label: predictions.label!, base: base, new: newVariant, patient: predictions.patient, thresholds: cuts,
        interval: predictions.ci, options: resampling.options())
      Console.out(formatPredictionComparison(c, file: file))
      if let json = predictions.json { try emit(try jsonText(c), to: json) }
      return
    }
    let result = try compareVariants(
      at: study!, base: FeatureVariant(base), new: FeatureVariant(newVariant), thresholds: cuts, options: resampling.options())
    for note in result.notes { warn(note) }
    Console.out(result.table)
    warn("\(result.rows.count) targets compared -> \(study!)/\(result.name).csv")
  }
}

extension FeatureVariant: ExpressibleByArgument {}
