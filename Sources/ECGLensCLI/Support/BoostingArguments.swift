import ArgumentParser
import Boosting

/// XGBoost options of `ecglens train`.
struct BoostingArguments: ParsableArguments {
  @Option(
    help: """
      XGBoost tree_method: hist (default; what xgboost 2.x uses when tree_method is unset), exact \
      (what xgboost 1.7 picks when unset below 4 million rows) or approx.
      """)
  var treeMethod = TreeMethod.hist

  @Option(help: "Maximum boosting rounds.")
  var maxRounds = 1000

  @Option(help: "Early stopping: rounds without improvement on validation.")
  var earlyStopping = 10

  @Option(help: "Early-stopping metric: logloss or auc.")
  var evalMetric = EvaluationMetric.logloss

  func validate() throws {
    guard (1...100_000).contains(maxRounds) else { throw CLIError("--max-rounds \(maxRounds): must be between 1 and 100000") }
    guard (1...10_000).contains(earlyStopping) else { throw CLIError("--early-stopping \(earlyStopping): must be between 1 and 10000") }
  }

  var parameters: BoostingParameters {
    var p = BoostingParameters()
    p.treeMethod = treeMethod
    p.maxRounds = maxRounds
    p.earlyStoppingRounds = earlyStopping
    p.evalMetric = evalMetric
    return p
  }
}

extension TreeMethod: ExpressibleByArgument {}
extension EvaluationMetric: ExpressibleByArgument {}
