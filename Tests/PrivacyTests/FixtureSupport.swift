import ECGLensTestSupport
import Foundation
import Privacy

/// A fixture written by Scripts/make_privacy_fixtures.py: a table, an explicit gallery and the
/// Python reference figures (scikit-learn KD-tree nearest neighbours, numpy EER sweep).
struct AttackFixture: Decodable {
  struct TimeGap: Decodable { let lower: Double; let median: Double; let upper: Double }
  struct Expected: Decodable {
    let galleryCount: Int
    let probeCount: Int
    let featuresKept: [Int]
    let rank1: Double
    let rank10: Double
    let cmcHead: [Double]
    let eer: Double
    let eerThreshold: Double
    let chanceRank1: Double
    let timeGap: TimeGap?
  }
  let name: String
  let featureNames: [String]
  let values: [[Double?]]
  let patientIDs: [String]
  let times: [Double]?
  let galleryRows: [Int]
  let expected: Expected

  static func load(_ name: String) throws -> AttackFixture {
    try loadJSON(AttackFixture.self, from: TestPaths.fixtures + "/privacy/\(name).json")
  }

  func table() throws -> PatientFeatureTable {
    try PatientFeatureTable(
      values: values.map { $0.map { $0 ?? .nan } }, patientIDs: patientIDs, times: times,
      featureNames: featureNames, source: "\(name).json")
  }
}
