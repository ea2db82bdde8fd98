import Boosting
import ECGLensTestSupport
import Foundation
import Testing

/// The interop fixture: data, and what xgboost's Python package (1.7.x) computes
/// (Scripts/make_xgboost_fixtures.py).
struct InteropFixture {
  struct Partition: Decodable { let x: [Double?]; let y: [Float] }
  struct Data: Decodable { let feature_names: [String]; let train: Partition; let validation: Partition }
  struct Outputs: Decodable {
    let best_iteration: Int?
    let rounds: Int
    let feature_names: [String]
    let probabilities: [Double]
    let margins: [Double]
    let contributions: [Double]
    let interactions: [Double]
    let gain: [Double]
    let validation_history: [Double]?
  }

  let data: Data
  let reference: [String: Outputs]
  static let folder = TestPaths.fixtures + "/xgboost"

  init() throws {
    data = try loadJSON(Data.self, from: Self.folder + "/data.json")
    var raw =
      try JSONSerialization.jsonObject(with: Foundation.Data(contentsOf: URL(fileURLWithPath: Self.folder + "/reference.json"))) as! [String: Any]
    raw.removeValue(forKey: "xgboost_version")
    reference = try raw.mapValues { try JSONDecoder().decode(Outputs.self, from: JSONSerialization.data(withJSONObject: $0)) }
  }

  func matrix(_ p: Partition) throws -> DMatrix {
    let width = data.feature_names.count
    let m = try FeatureMatrix(
      rows: p.y.count, columns: width, values: p.x.map { $0.map(Float.init) ?? .nan }, featureNames: data.feature_names)
    return try DMatrix(m, labels: p.y)
  }
}

func maxDifference(_ a: [Float], _ b: [Double]) -> Double {
  maxAbsDifference(a.map(Double.init), b)
}

@Suite struct BoosterTests {
  let fixture: InteropFixture
  init() throws { fixture = try InteropFixture() }

  @Test func trainingMatchesPythonXGBoost() throws {
    let python = try #require(fixture.reference["python_model"])
    let result = try Booster.train(
      train: fixture.matrix(fixture.data.train), validation: fixture.matrix(fixture.data.validation))
    #expect(result.bestIteration == python.best_iteration)
    #expect(try result.booster.rounds() == python.rounds)
    #expect(maxAbsDifference(result.validationHistory, try #require(python.validation_history)) < 1e-5)
    let validation = try fixture.matrix(fixture.data.validation)
    #expect(maxDifference(try result.booster.probabilities(validation), python.probabilities) < 1e-6)
    #expect(maxAbsDifference(try result.booster.importance("gain"), python.gain) < 1e-4)
    #expect(try result.booster.attribute("best_iteration") == String(result.bestIteration))
  }

  @Test(arguments: ["python-model.json", "python-model.ubj"])
  func loadsModelsSavedByPython(_ file: String) throws {
    let python = try #require(fixture.reference["python_model"])
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: InteropFixture.folder + "/" + file)))
    let booster = try Booster(model: bytes)
    #expect(booster.featureNames == fixture.data.feature_names)
    let validation = try fixture.matrix(fixture.data.validation)
    #expect(maxDifference(try booster.probabilities(validation), python.probabilities) < 1e-6)
    #expect(maxDifference(try booster.margins(validation), python.margins) < 1e-5)
    #expect(maxDifference(try booster.contributions(validation), python.contributions) < 1e-5)
    #expect(maxDifference(try booster.interactions(validation), python.interactions) < 1e-5)
  }

  /// Python's xgboost loaded the model ECGLens saved (ecglens-model.json / .ubj, committed) and
  /// recorded its outputs; ECGLens must give the same, and retraining must reproduce the model.
  @Test(arguments: ["ecglens-model.json", "ecglens-model.ubj"])
  func pythonReadsModelsSavedByECGLens(_ file: String) throws {
    let python = try #require(fixture.reference[file], "run Scripts/make_xgboost_fixtures.py after writing \(file)")
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: InteropFixture.folder + "/" + file)))
    let saved = try Booster(model: bytes)
    let validation = try fixture.matrix(fixture.data.validation)
    #expect(python.feature_names == fixture.data.feature_names)
    #expect(maxDifference(try saved.probabilities(validation), python.probabilities) < 1e-6)
    #expect(maxDifference(try saved.contributions(validation), python.contributions) < 1e-5)
    #expect(maxDifference(try saved.interactions(validation), python.interactions) < 1e-5)
    #expect(python.best_iteration == python.rounds - 1)
    let retrained = try Booster.train(
      train: fixture.matrix(fixture.data.train), validation: validation)
    #expect(maxDifference(try retrained.booster.probabilities(validation), python.probabilities) == 0)
  }

  @Test func writeInteropFixtureModel() throws {
    guard ProcessInfo.processInfo.environment["ECGLENS_WRITE_FIXTURES"] == "1" else { return }
    let result = try Booster.train(
      train: fixture.matrix(fixture.data.train), validation: fixture.matrix(fixture.data.validation))
    for format in ModelFormat.allCases {
      try Data(result.booster.serialized(format: format))
        .write(to: URL(fileURLWithPath: InteropFixture.folder + "/ecglens-model." + format.rawValue))
    }
  }

  @Test func shapValuesAddUp() throws {
    let result = try Booster.train(
      train: fixture.matrix(fixture.data.train), validation: fixture.matrix(fixture.data.validation))
    let validation = try fixture.matrix(fixture.data.validation)
    let margins = try result.booster.margins(validation)
    let contributions = try result.booster.contributions(validation)
    let interactions = try result.booster.interactions(validation)
    let k = validation.columns + 1
    for row in 0..<validation.rows {
      let c = contributions[(row * k)..<((row + 1) * k)]
      #expect(abs(c.reduce(0, +) - margins[row]) < 1e-4)
      for i in 0..<k {
        let rowSum = (0..<k).reduce(Float(0)) { $0 + interactions[row * k * k + i * k + $1] }
        #expect(abs(rowSum - c[c.startIndex + i]) < 1e-4)
      }
    }
  }

  @Test func saveAndLoadRoundTrip() throws {
    let result = try Booster.train(
      train: fixture.matrix(fixture.data.train), validation: fixture.matrix(fixture.data.validation))
    let validation = try fixture.matrix(fixture.data.validation)
    let expected = try result.booster.probabilities(validation)
    for format in ModelFormat.allCases {
      let loaded = try Booster(model: result.booster.serialized(format: format))
      #expect(try loaded.probabilities(validation) == expected)
      #expect(try loaded.attribute("best_iteration") == String(result.bestIteration))
      #expect(loaded.featureNames == fixture.data.feature_names)
    }
  }

  @Test func infinityIsMissing() throws {
    let names = ["a", "b"]
    let x: [Float] = [.infinity, 1, -.infinity, 2, .nan, 3]
    let m = try FeatureMatrix(rows: 3, columns: 2, values: x, featureNames: names)
    #expect(m.values[0].isNaN && m.values[2].isNaN && m.values[4].isNaN)
    #expect(m.values[1] == 1)
  }

  @Test func badInputGivesTypedErrors() throws {
    let m = try FeatureMatrix(rows: 2, columns: 1, values: [1, 2], featureNames: ["a"])
    #expect(throws: BoostingError.invalidLabel(row: 1, value: 2)) { try DMatrix(m, labels: [0, 2]) }
    #expect(throws: BoostingError.self) { try FeatureMatrix(rows: 2, columns: 2, values: [1, 2], featureNames: ["a", "b"]) }
    #expect(throws: BoostingError.self) { try FeatureMatrix(rows: 1, columns: 2, values: [1, 2], featureNames: ["a", "a"]) }
    let loadError = #expect(throws: BoostingError.self) { try Booster(model: Array("not a model".utf8)) }
    let message = loadError.map { "\($0)" } ?? ""
    #expect(message.hasPrefix("XGBoost loading a model failed: "))
    #expect(!message.contains("Stack trace"))
    let result = try Booster.train(
      train: fixture.matrix(fixture.data.train), validation: fixture.matrix(fixture.data.validation))
    #expect(throws: BoostingError.self) { try result.booster.probabilities(DMatrix(m)) }
    var bad = BoostingParameters()
    bad.maxRounds = 0
    #expect(throws: BoostingError.self) {
      try Booster.train(train: fixture.matrix(fixture.data.train), validation: fixture.matrix(fixture.data.validation), parameters: bad)
    }
  }
}
