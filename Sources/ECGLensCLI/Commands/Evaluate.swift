import ArgumentParser
import Pipeline
import Statistics

/// `ecglens evaluate STUDY_DIR`, `evaluate STUDY_DIR --table OTHER.csv`, or
/// `evaluate --predictions FILE --label COL --score COL [--patient COL] --json OUT`.
struct Evaluate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Statistics with confidence intervals: every model of a study, or any predictions table.",
    discussion: """
      STUDY: per model, on the test rows of models/TARGET/VARIANT/predictions.csv: AUROC with its \
      DeLong 95 % interval, clustered by patient (Obuchowski 1997; --unit ecg: classic DeLong 1988), \
      and percentile and BCa bootstrap intervals (patients resampled by default), average precision, \
      Brier score, sensitivity, specificity, PPV and NPV at the validation Youden threshold and at \
      0.5, one-sided DeLong p-values for AUROC > 0.5 and > --reference-auroc (Benjamini-Hochberg \
      adjusted per variant), calibration before and after isotonic recalibration fitted on \
      validation, low/medium/high strata at the validation tertiles with PPV/NPV intervals, net \
      benefit (JSON), and AUROC by sex and age quartile (evaluation-subgroups.csv). Writes \
      evaluation.csv and evaluation.json. STUDY --table CSV: the study's models applied to another \
      table, AUROC with intervals (as ecglens predict). --predictions FILE: the AUROC of one score \
      column of any table with its DeLong interval (clustered when --patient is given) and bootstrap \
      interval; --json writes n_rows, n_patients, auroc, auroc_ci, method (--ci picks the interval).
      """)

  @Argument(help: "Study folder written by ecglens train (omit with --predictions).")
  var study: String?

  @Option(help: "With STUDY: score this table (CSV) with the study's models instead of the test rows.")
  var table: String?

  @Option(help: "With --table: label table(s) joined on the study's id column (repeatable).")
  var labels: [String] = []

  @OptionGroup var predictions: PredictionArguments

  @Option(help: "A predictions table's score column (with --predictions).")
  var score: String?

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
    guard (study == nil) != (predictions.file == nil) else { throw CLIError("give a STUDY folder or --predictions FILE (one of them)") }
    if predictions.file != nil { try predictions.check(scoreOptions: ["--score": score]) }
  }

  func run() throws {
    let options = resampling.options(stratified: stratified)
    if let file = predictions.file {
      let e = try evaluatePredictionsTable(
        file: file, label: predictions.label!, score: score!, patient: predictions.patient, interval: predictions.ci, options: options)
      Console.out(formatPredictionEvaluation(e, file: file))
      if let json = predictions.json { try emit(try jsonText(e), to: json) }
      return
    }
    if let table {
      let result = try predictTable(study: study!, table: table, labels: labels, options: options)
      Console.out(result.table)
      return
    }
    let result = try evaluateStudy(at: study!, options: options, c: legacyC ?? referenceAuroc)
    for note in result.notes { warn(note) }
    Console.out(result.table)
    warn(
      "\(result.rows.count) models evaluated; bootstrap: \(options.resamples) resamples of \(options.unit.rawValue)s"
        + "\(stratified ? ", stratified" : ""), seed \(options.seed) -> \(study!)/evaluation.csv")
  }
}
