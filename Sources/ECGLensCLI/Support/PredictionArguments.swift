import ArgumentParser
import Statistics

/// The options `evaluate --predictions` and `compare --predictions` share.
struct PredictionArguments: ParsableArguments {
  @Option(help: "A predictions table (CSV, one row per ECG) to compute statistics on, instead of a study.")
  var predictions: String?

  @Option(help: "With --predictions: the label column (0 or 1).")
  var label: String?

  @Option(help: "With --predictions: the patient column; intervals and tests then treat a patient's rows as one unit.")
  var patient: String?

  @Option(help: "With --predictions: the interval written as auroc_ci / auroc_difference_ci: delong or bootstrap.")
  var ci = PredictionInterval.delong

  @Option(help: "With --predictions: write the results as JSON (a file, written atomically).")
  var json: String?

  var file: String? { predictions }

  /// Checks that --label and the named score options are there.
  func check(scoreOptions: [String: String?]) throws {
    guard label != nil else { throw CLIError("--predictions needs --label COLUMN") }
    for (name, value) in scoreOptions.sorted(by: { $0.key < $1.key }) where value == nil {
      throw CLIError("--predictions needs \(name) COLUMN")
    }
  }
}

extension PredictionInterval: ExpressibleByArgument {}
