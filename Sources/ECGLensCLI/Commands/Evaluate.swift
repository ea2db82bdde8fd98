import ArgumentParser
import Pipeline

/// `ecglens evaluate STUDY_DIR [--resamples 1000] [--unit patient|ecg]`.
struct Evaluate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Test-partition statistics with confidence intervals for every model of a study.",
    discussion: """
      Per model, on the test rows of models/TARGET/VARIANT/predictions.csv: AUROC with its \
      DeLong 95 % interval and percentile and BCa bootstrap intervals (resampling unit: patient \
      by default, so a patient's ECGs stay together), average precision with bootstrap \
      intervals, Brier score, sensitivity, specificity, PPV and NPV at the Youden threshold \
      chosen on the validation rows and at 0.5, and one-sided DeLong p-values for AUROC > 0.5 \
      and AUROC > --reference-auroc, Benjamini-Hochberg adjusted across the targets of each variant; \
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

  @Option(help: "Threshold of the second significance test, AUROC > this value.")
  var referenceAuroc = 0.7

  @Option(name: .customLong("c"), help: .hidden)
  var legacyC: Double?

  func validate() throws {
    let c = legacyC ?? referenceAuroc
    guard c > 0, c < 1 else { throw CLIError("--reference-auroc \(c): must be between 0 and 1") }
  }

  func run() throws {
    let options = resampling.options(stratified: stratified)
    let result = try evaluateStudy(at: study, options: options, c: legacyC ?? referenceAuroc)
    for note in result.notes { warn(note) }
    Console.out(result.table)
    warn(
      "\(result.rows.count) models evaluated; bootstrap: \(options.resamples) resamples of \(options.unit.rawValue)s"
        + "\(stratified ? ", stratified" : ""), seed \(options.seed) -> \(study)/evaluation.csv")
  }
}
