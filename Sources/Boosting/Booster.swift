import CXGBoost
import Foundation

/// Learning parameters for binary classification with gradient-boosted trees.
///
/// Defaults are XGBoost's own (eta 0.3, max_depth 6, min_child_weight 1, lambda 1, gamma 0,
/// subsample 1, colsample_bytree 1, max_bin 256) with two explicit choices: `treeMethod` "hist"
/// (XGBoost 2's default; 1.7's "auto" picks "exact" below 4 million rows, which grows the same
/// kind of trees far more slowly on large cohorts, and stays available here) and one thread per
/// booster, because ECGLens trains several targets at once.
public struct BoostingParameters: Sendable, Equatable, Codable {
  public var learningRate: Double = 0.3
  public var maxDepth: Int = 6
  public var minChildWeight: Double = 1
  public var lambda: Double = 1
  public var gamma: Double = 0
  public var subsample: Double = 1
  public var colsampleByTree: Double = 1
  public var maxBin: Int = 256
  public var treeMethod = TreeMethod.hist
  /// Rounds at most; early stopping usually ends training long before.
  public var maxRounds: Int = 1000
  /// Stop when the validation metric has not improved for this many rounds (as XGBoost's
  /// `early_stopping_rounds`: strict improvement, the best round kept).
  public var earlyStoppingRounds: Int = 10
  /// The early-stopping metric on the validation rows.
  public var evalMetric = EvaluationMetric.logloss
  public var threads: Int = 1
  public var seed: Int = 0
  /// The learning task; nil is `binaryLogistic` (what every study model is). Optional so that
  /// parameters saved before it existed still decode.
  public var objective: BoostingObjective? = nil

  public init() {}

  /// The parameters as XGBoost names them.
  var xgboostParameters: [(String, String)] {
    [
      ("objective", (objective ?? .binaryLogistic).rawValue), ("eval_metric", evalMetric.rawValue),
      ("eta", String(learningRate)), ("max_depth", String(maxDepth)),
      ("min_child_weight", String(minChildWeight)), ("lambda", String(lambda)),
      ("gamma", String(gamma)), ("subsample", String(subsample)),
      ("colsample_bytree", String(colsampleByTree)), ("max_bin", String(maxBin)),
      ("tree_method", treeMethod.rawValue), ("nthread", String(threads)), ("seed", String(seed)),
      ("verbosity", "1"),
    ]
  }

  func validate() throws(BoostingError) {
    guard maxRounds >= 1 else { throw .invalidArgument("maxRounds must be at least 1") }
    guard earlyStoppingRounds >= 1 else { throw .invalidArgument("earlyStoppingRounds must be at least 1") }
    guard threads >= 1 else { throw .invalidArgument("threads must be at least 1") }
  }
}

/// XGBoost's `tree_method`: how split candidates are found.
public enum TreeMethod: String, Sendable, Codable, CaseIterable {
  /// Histogram of at most `maxBin` bins per feature (XGBoost 2's default).
  case hist
  /// Every distinct value (XGBoost 1.7's "auto" below 4 million rows).
  case exact
  /// Quantile sketch per iteration.
  case approx
}

/// XGBoost's `eval_metric` used for early stopping: higher AUC is better, lower anything else.
public enum EvaluationMetric: String, Sendable, Codable, CaseIterable {
  /// Negative log-likelihood (XGBoost's default for binary:logistic).
  case logloss
  /// Area under the ROC curve.
  case auc
  /// Mean absolute error, in the target's unit (regression).
  case mae
  /// Root mean squared error, in the target's unit (regression; XGBoost's default for reg:squarederror).
  case rmse
}

/// XGBoost's `objective`: binary classification, or regression of a continuous target.
public enum BoostingObjective: String, Sendable, Codable, CaseIterable {
  /// Log-loss of a 0/1 label; predictions are probabilities.
  case binaryLogistic = "binary:logistic"
  /// Squared error; predictions are conditional means, in the target's unit.
  case squaredError = "reg:squarederror"
  /// Absolute error (XGBoost 1.7 and later); predictions are conditional medians, in the target's unit.
  case absoluteError = "reg:absoluteerror"
}

/// Model file encodings XGBoost reads back on any platform.
public enum ModelFormat: String, Sendable, CaseIterable {
  case json
  /// Universal Binary JSON: the same content, smaller and faster.
  case ubj
}

/// A trained XGBoost booster owned by Swift; freed on deinit. Not shared across threads.
public final class Booster {
  let handle: BoosterHandle
  /// The feature names the booster was trained with, in column order.
  public let featureNames: [String]

  private init(handle: BoosterHandle, featureNames: [String]) {
    self.handle = handle
    self.featureNames = featureNames
  }

  deinit { XGBoosterFree(handle) }

  private static func create(caching matrices: [DMatrix]) throws(BoostingError) -> BoosterHandle {
    var out: BoosterHandle? = nil
    var handles: [DMatrixHandle?] = matrices.map { $0.handle }
    try check(
      handles.withUnsafeMutableBufferPointer { XGBoosterCreate($0.baseAddress, bst_ulong(matrices.count), &out) },
      "creating a booster")
    guard let out else { throw .library(operation: "creating a booster", message: "no handle returned") }
    return out
  }

  /// Loads a model saved by `serialized(format:)` or by XGBoost itself (JSON, UBJ or the old
  /// binary format).
  public convenience init(model bytes: [UInt8]) throws(BoostingError) {
    let handle = try Booster.create(caching: [])
    let code = bytes.withUnsafeBytes { XGBoosterLoadModelFromBuffer(handle, $0.baseAddress, bst_ulong(bytes.count)) }
    if code != 0 {
      let message = lastLibraryError()
      XGBoosterFree(handle)
      throw .library(operation: "loading a model", message: message)
    }
    var count: bst_ulong = 0
    var names: UnsafeMutablePointer<UnsafePointer<CChar>?>? = nil
    let namesCode = XGBoosterGetStrFeatureInfo(handle, "feature_name", &count, &names)
    var featureNames: [String] = []
    if namesCode == 0, let names {
      featureNames = (0..<Int(count)).map { names[$0].map { String(cString: $0) } ?? "" }
    }
    if featureNames.isEmpty {
      var n: bst_ulong = 0
      XGBoosterGetNumFeature(handle, &n)
      featureNames = (0..<Int(n)).map { "f\($0)" }
    }
    self.init(handle: handle, featureNames: featureNames)
  }

  /// Trains `binary:logistic` boosters round by round on `train`, evaluating `validation` after
  /// each round, and stops once the validation metric has not improved for
  /// `parameters.earlyStoppingRounds` rounds. The returned booster is sliced to the best round;
  /// attributes `best_iteration` and `best_score` are set on it as XGBoost's Python package
  /// does, so either side predicts with the same trees.
  ///
  /// - Returns: the booster and the validation metric of every round.
  public static func train(
    train: DMatrix, validation: DMatrix, parameters: BoostingParameters = .init()
  ) throws(BoostingError) -> TrainingResult {
    try parameters.validate()
    guard train.featureNames == validation.featureNames else {
      throw .shape("training and validation matrices have different features")
    }
    let handle = try create(caching: [train, validation])
    var owner: Booster? = Booster(handle: handle, featureNames: train.featureNames)
    for (name, value) in parameters.xgboostParameters {
      try check(XGBoosterSetParam(handle, name, value), "setting \(name)=\(value)")
    }
    let maximize = parameters.evalMetric == .auc
    var history: [Double] = []
    var best = 0
    var validationHandles: [DMatrixHandle?] = [validation.handle]
    for round in 0..<parameters.maxRounds {
      try check(XGBoosterUpdateOneIter(handle, Int32(round), train.handle), "training round \(round)")
      var text: UnsafePointer<CChar>? = nil
      let code = withCStrings(["validation"]) { names in
        validationHandles.withUnsafeMutableBufferPointer {
          XGBoosterEvalOneIter(handle, Int32(round), $0.baseAddress, names, 1, &text)
        }
      }
      try check(code, "evaluating round \(round)")
      guard let text, let score = parseEvaluation(String(cString: text)) else {
        throw .library(operation: "evaluating round \(round)", message: "unreadable evaluation text")
      }
      history.append(score)
      if round > 0, maximize ? score > history[best] : score < history[best] { best = round }
      if round - best >= parameters.earlyStoppingRounds { break }
    }
    var booster = owner!
    if best + 1 < history.count {
      var sliced: BoosterHandle? = nil
      try check(XGBoosterSlice(handle, 0, Int32(best + 1), 1, &sliced), "slicing to round \(best)")
      guard let sliced else { throw .library(operation: "slicing", message: "no handle returned") }
      booster = Booster(handle: sliced, featureNames: train.featureNames)
      owner = nil
    }
    // Slicing drops attributes and feature names; set them on the final booster either way.
    try booster.setFeatureNames()
    try booster.setAttribute("best_iteration", String(best))
    try booster.setAttribute("best_score", String(history[best]))
    try booster.setAttribute("best_ntree_limit", String(best + 1))
    return TrainingResult(booster: booster, bestIteration: best, validationHistory: history)
  }

  private func setFeatureNames() throws(BoostingError) {
    try check(
      withCStrings(featureNames) { XGBoosterSetStrFeatureInfo(handle, "feature_name", $0, bst_ulong(featureNames.count)) },
      "setting feature names")
  }

  public func setAttribute(_ key: String, _ value: String) throws(BoostingError) {
    try check(XGBoosterSetAttr(handle, key, value), "setting attribute \(key)")
  }

  public func attribute(_ key: String) throws(BoostingError) -> String? {
    var out: UnsafePointer<CChar>? = nil
    var success: Int32 = 0
    try check(XGBoosterGetAttr(handle, key, &out, &success), "reading attribute \(key)")
    guard success == 1, let out else { return nil }
    return String(cString: out)
  }

  /// Boosting rounds in the model.
  public func rounds() throws(BoostingError) -> Int {
    var n: Int32 = 0
    try check(XGBoosterBoostedRounds(handle, &n), "counting rounds")
    return Int(n)
  }

  private func predict(_ data: DMatrix, type: Int) throws(BoostingError) -> (shape: [Int], values: [Float]) {
    guard data.featureNames == featureNames else {
      throw .shape(
        "the matrix's features (\(data.featureNames.joined(separator: ","))) differ from the model's (\(featureNames.joined(separator: ",")))")
    }
    let config = "{\"type\": \(type), \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, \"strict_shape\": false}"
    var shape: UnsafePointer<bst_ulong>? = nil
    var dim: bst_ulong = 0
    var result: UnsafePointer<Float>? = nil
    try check(XGBoosterPredictFromDMatrix(handle, data.handle, config, &shape, &dim, &result), "predicting")
    guard let shape, let result else { throw .library(operation: "predicting", message: "no output") }
    // Copy at once: the buffers belong to the booster and change with its next call.
    let dims = (0..<Int(dim)).map { Int(shape[$0]) }
    let count = dims.reduce(1, *)
    return (dims, Array(UnsafeBufferPointer(start: result, count: count)))
  }

  /// Probability of the positive class for every row.
  public func probabilities(_ data: DMatrix) throws(BoostingError) -> [Float] {
    try predict(data, type: 0).values
  }

  /// The predicted value for every row of a regression booster (`BoostingObjective.squaredError`
  /// or `.absoluteError`), in the target's unit.
  public func predictedValues(_ data: DMatrix) throws(BoostingError) -> [Float] {
    try predict(data, type: 0).values
  }

  /// Margins (log-odds) for every row.
  public func margins(_ data: DMatrix) throws(BoostingError) -> [Float] {
    try predict(data, type: 1).values
  }

  /// Exact TreeSHAP contributions (Lundberg et al., Nature Machine Intelligence 2020) in
  /// log-odds: row-major `rows` x (`features` + 1), the last column being the bias; each row
  /// sums to the row's margin.
  public func contributions(_ data: DMatrix) throws(BoostingError) -> [Float] {
    try predict(data, type: 2).values
  }

  /// SHAP interaction values (Lundberg et al. 2020), log-odds: row-major
  /// `rows` x (`features` + 1) x (`features` + 1); for each row the matrix sums to the margin and
  /// its row sums are the contributions.
  public func interactions(_ data: DMatrix) throws(BoostingError) -> [Float] {
    try predict(data, type: 4).values
  }

  /// XGBoost's importance of each feature, in `featureNames` order (0 for features no split
  /// uses). `type` is "gain" (average gain per split, what sklearn's `feature_importances_`
  /// reports for XGBoost), "total_gain", "weight", "cover" or "total_cover".
  public func importance(_ type: String = "gain") throws(BoostingError) -> [Double] {
    var nFeatures: bst_ulong = 0
    var names: UnsafeMutablePointer<UnsafePointer<CChar>?>? = nil
    var dim: bst_ulong = 0
    var shape: UnsafePointer<bst_ulong>? = nil
    var scores: UnsafePointer<Float>? = nil
    try check(
      XGBoosterFeatureScore(handle, "{\"importance_type\": \"\(type)\"}", &nFeatures, &names, &dim, &shape, &scores),
      "computing \(type) importance")
    var byName: [String: Double] = [:]
    if let names, let scores {
      for i in 0..<Int(nFeatures) {
        if let n = names[i] { byName[String(cString: n)] = Double(scores[i]) }
      }
    }
    return featureNames.map { byName[$0] ?? 0 }
  }

  /// The model as bytes in `format`; XGBoost (C, Python, R, JVM) loads them back.
  public func serialized(format: ModelFormat = .json) throws(BoostingError) -> [UInt8] {
    var length: bst_ulong = 0
    var data: UnsafePointer<CChar>? = nil
    try check(XGBoosterSaveModelToBuffer(handle, "{\"format\": \"\(format.rawValue)\"}", &length, &data), "saving the model")
    guard let data else { throw .library(operation: "saving the model", message: "no output") }
    return data.withMemoryRebound(to: UInt8.self, capacity: Int(length)) { Array(UnsafeBufferPointer(start: $0, count: Int(length))) }
  }
}

/// A trained booster and how it got there.
public struct TrainingResult {
  public let booster: Booster
  /// 0-based round with the best validation metric; the booster holds rounds 0...bestIteration.
  public let bestIteration: Int
  /// The validation metric after each round trained (including those after the best).
  public let validationHistory: [Double]
  public var bestScore: Double { validationHistory[bestIteration] }
}

/// Reads the score from XGBoost's evaluation text "[3]\tvalidation-logloss:0.41234".
func parseEvaluation(_ text: String) -> Double? {
  guard let colon = text.lastIndex(of: ":") else { return nil }
  return Double(text[text.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines))
}
