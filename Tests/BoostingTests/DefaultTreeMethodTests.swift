import Boosting
import ECGLensTestSupport
import Foundation
import Testing

/// Python xgboost 1.7.6 with tree_method left unset, on MIMIC-IV-ECG-shaped synthetic data
/// (Scripts/xgboost_default_tree_method.py --synthetic --fixture ...): its booster config records
/// "exact" at this size. xgboost 2.x's unset default is "hist" (the same script under 2.1.4).
struct DefaultTreeMethodFixture: Decodable {
  struct Partition: Decodable { let x: [Double?]; let y: [Float] }
  let xgboost_version: String
  let feature_names: [String]
  let train: Partition
  let validation: Partition
  let unset_best_iteration: Int
  let unset_probabilities: [Double]

  func matrix(_ p: Partition) throws -> DMatrix {
    let m = try FeatureMatrix(
      rows: p.y.count, columns: feature_names.count, values: p.x.map { $0.map(Float.init) ?? .nan }, featureNames: feature_names)
    return try DMatrix(m, labels: p.y)
  }
}

@Suite struct DefaultTreeMethodTests {
  /// `--tree-method exact` reproduces Python xgboost 1.7's default (tree_method unset) model: same best
  /// round, same validation probabilities; the `hist` default does not (it is xgboost 2.x's default).
  @Test func exactReproducesPythonXGBoost17Default() throws {
    let f = try loadJSON(DefaultTreeMethodFixture.self, from: TestPaths.fixtures + "/xgboost/mimic-default-tree-method.json")
    #expect(f.xgboost_version.hasPrefix("1.7"))
    var parameters = BoostingParameters()
    parameters.treeMethod = .exact
    let validation = try f.matrix(f.validation)
    let exact = try Booster.train(train: f.matrix(f.train), validation: validation, parameters: parameters)
    #expect(exact.bestIteration == f.unset_best_iteration)
    #expect(maxAbsDifference(try exact.booster.probabilities(validation).map(Double.init), f.unset_probabilities) < 1e-6)
    parameters.treeMethod = .hist
    let hist = try Booster.train(train: f.matrix(f.train), validation: validation, parameters: parameters)
    #expect(maxAbsDifference(try hist.booster.probabilities(validation).map(Double.init), f.unset_probabilities) > 0.01)
  }
}
