import Core
import ECGLensTestSupport
import Foundation
import Privacy
import Testing

/// The cross-fitted learned metric on data where it must help: the within-patient noise is strongly correlated
/// across features (one shared nuisance factor), which Euclidean distances cannot discount.
@Suite struct MahalanobisTests {
  func correlatedNoiseTable() throws -> PatientFeatureTable {
    var rng = SplitMix64(seed: 8)
    var values: [[Double]] = []
    var ids: [String] = []
    for k in 0..<400 {
      let centre = (0..<6).map { _ in rng.standardNormal() }
      for _ in 0..<(2 + k % 3) {
        let nuisance = 2.0 * rng.standardNormal()
        values.append(centre.map { $0 + nuisance + 0.3 * rng.standardNormal() })
        ids.append("M\(k)")
      }
    }
    return try PatientFeatureTable(values: values, patientIDs: ids, featureNames: (0..<6).map { "f\($0)" })
  }

  @Test func learnedMetricBeatsEuclideanOnCorrelatedNoise() throws {
    var options = LinkageOptions()
    options.bootstrap = BootstrapSettings(resamples: 100)
    let r = try crossFittedMahalanobisAttack(correlatedNoiseTable(), options: options)
    #expect(r.halves.allSatisfy { $0.innerValidationRank1?.count == CovarianceShrinkage.defaultGrid.count })
    #expect(r.halves.count == 2)
    #expect(r.halves.allSatisfy { $0.shrinkage >= 0 && $0.shrinkage <= 1 })
    #expect(r.halves.map(\.patientCount).reduce(0, +) == 400)
    #expect(r.mahalanobis.rank1 > r.euclidean.rank1 + 0.2)
    let eerM = try #require(r.mahalanobis.equalErrorRate?.rate)
    let eerE = try #require(r.euclidean.equalErrorRate?.rate)
    #expect(eerM < eerE)
    let iv = try #require(r.mahalanobisIntervals)
    #expect(iv.rank1.lower <= r.mahalanobis.rank1 && r.mahalanobis.rank1 <= iv.rank1.upper)
  }

  @Test func fixedShrinkageOfOneIsEuclideanUpToScale() throws {
    var options = LinkageOptions()
    options.bootstrap = nil
    let r = try crossFittedMahalanobisAttack(correlatedNoiseTable(), options: options, shrinkage: .fixed(1))
    #expect(r.mahalanobis.rank1 == r.euclidean.rank1)
    #expect(throws: PrivacyError.self) {
      try crossFittedMahalanobisAttack(correlatedNoiseTable(), options: options, shrinkage: .fixed(2))
    }
  }
}

/// Ledoit-Wolf weight against scikit-learn's ledoit_wolf_shrinkage on a heavy-tailed sample
/// (Tests/Fixtures/privacy/ledoit_wolf.json, Scripts/make_privacy_fixtures.py).
@Test func ledoitWolfMatchesScikitLearn() throws {
  struct Fixture: Decodable { let rows: [[Double]]; let shrinkage: Double }
  let fixture = try loadJSON(Fixture.self, from: TestPaths.fixtures + "/privacy/ledoit_wolf.json")
  #expect(abs(ledoitWolfShrinkage(centredRows: fixture.rows) - fixture.shrinkage) <= 1e-12)
}
