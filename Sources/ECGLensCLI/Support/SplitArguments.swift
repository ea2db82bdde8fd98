import ArgumentParser
import Pipeline

/// How `ecglens train` splits rows into train, validation and test.
struct SplitArguments: ParsableArguments {
  @Option(help: "Number of patient-grouped folds (the last two are validation and test).")
  var folds = 20

  @Option(help: "Seed of the split.")
  var seed: UInt64 = 0

  @Option(help: "Use this fold column instead of computing folds (e.g. strat_fold).")
  var foldColumn: String?

  @Option(help: "With --fold-column: validation folds, comma-separated.")
  var validationFolds: String?

  @Option(help: "With --fold-column: test folds, comma-separated. Without: no test partition (train on the rest, score elsewhere).")
  var testFolds: String?

  @Option(help: "A separate validation table (same columns): all --table rows train, these rows validate; no test partition.")
  var validationTable: String?

  func validate() throws {
    guard (2...1000).contains(folds) else { throw CLIError("--folds \(folds): must be between 2 and 1000") }
    if foldColumn != nil && validationFolds == nil { throw CLIError("--fold-column needs --validation-folds") }
    if validationTable != nil && foldColumn != nil { throw CLIError("--validation-table cannot be combined with --fold-column") }
  }

  /// Sets the request's split.
  func apply(to r: inout TrainingRequest) throws {
    r.folds = folds
    r.seed = seed
    if let foldColumn {
      r.foldColumn = foldColumn
      r.validationFolds = try integers(validationFolds, "--validation-folds")
      r.testFolds = testFolds == nil ? [] : try integers(testFolds, "--test-folds")
    }
    r.validationTable = validationTable
  }
}
