import ECGLensTestSupport
import Foundation
import Statistics
import Testing

/// One fixture of Scripts/make_clustered_fixtures.py: an independent pairwise (O(n_pos·n_neg)) numpy
/// implementation of Obuchowski (1997), DeLong (1988), and NRI/IDI with cluster-robust and Pencina SEs.
struct ClusteredFixture: Decodable {
  struct Clustered: Decodable {
    let var_base: Double, var_new: Double, covariance: Double, lower_base: Double, upper_base: Double, p_base: Double
    let difference: Double, var_difference: Double, z_difference: Double, p_difference: Double
    let lower_difference: Double, upper_difference: Double
  }
  struct DeLong: Decodable {
    let var_base: Double, var_new: Double, covariance: Double, lower_base: Double, upper_base: Double, var_difference: Double
    let p_difference: Double, lower_difference: Double, upper_difference: Double
  }
  struct Reclass: Decodable {
    let nri_events: Double, nri_nonevents: Double, nri: Double, nri_se: Double, nri_p: Double, idi: Double, idi_se: Double, idi_p: Double
  }
  struct Pair: Decodable { let clustered: Reclass; let pencina: Reclass }
  struct Expected: Decodable {
    let n_rows: Int, n_patients: Int, auc_base: Double, auc_new: Double
    let clustered: Clustered, delong: DeLong, nri_continuous: Pair, nri_categorical: Pair
  }
  let thresholds: [Double], labels: [Bool], base: [Double], new: [Double], patients: [String], expected: Expected

  static let names = ["case1_small_heavy_ties", "case2_clusters_1to8", "case3_singletons", "case4_clusters_1to8", "case5_clusters_1to8_ties"]
  static func load(_ name: String) throws -> ClusteredFixture {
    try loadJSON(ClusteredFixture.self, from: TestPaths.fixtures + "/clustered/\(name).json")
  }
}

@Suite struct ClusteredReferenceTests {
  let tolerance = 1e-9

  /// Clustered AUROC and paired test (Obuchowski 1997) against the pairwise Python reference.
  @Test(arguments: ClusteredFixture.names)
  func clusteredDeLongMatchesReference(name: String) throws {
    let f = try ClusteredFixture.load(name), e = f.expected.clustered
    let r = try #require(delongTest(labels: f.labels, a: f.base, b: f.new, clusters: f.patients))
    #expect(r.method == .clusteredDeLong && r.a.clusters == f.expected.n_patients)
    #expect(abs(r.a.auc - f.expected.auc_base) < tolerance && abs(r.b.auc - f.expected.auc_new) < tolerance)
    #expect(abs(r.a.variance - e.var_base) < tolerance && abs(r.b.variance - e.var_new) < tolerance)
    #expect(abs(r.a.lower - e.lower_base) < tolerance && abs(r.a.upper - e.upper_base) < tolerance)
    #expect(abs(r.difference - e.difference) < tolerance && abs(r.standardError * r.standardError - e.var_difference) < tolerance)
    #expect(abs(r.z - e.z_difference) < tolerance && abs(r.pValue - e.p_difference) < tolerance)
    #expect(abs(r.lower - e.lower_difference) < tolerance && abs(r.upper - e.upper_difference) < tolerance)
    let one = try #require(delongAUROC(scores: f.base, labels: f.labels, clusters: f.patients))
    #expect(abs(one.variance - e.var_base) < tolerance)
  }

  /// Without patients the same code is classic DeLong (1988), against the reference's DeLong.
  @Test(arguments: ClusteredFixture.names)
  func classicDeLongMatchesReference(name: String) throws {
    let f = try ClusteredFixture.load(name), e = f.expected.delong
    let r = try #require(delongTest(labels: f.labels, a: f.base, b: f.new))
    #expect(r.method == .deLong && r.a.clusters == f.labels.count)
    #expect(abs(r.a.variance - e.var_base) < tolerance && abs(r.b.variance - e.var_new) < tolerance)
    #expect(abs(r.standardError * r.standardError - e.var_difference) < tolerance && abs(r.pValue - e.p_difference) < tolerance)
    #expect(abs(r.a.lower - e.lower_base) < tolerance && abs(r.a.upper - e.upper_base) < tolerance)
    #expect(abs(r.lower - e.lower_difference) < tolerance && abs(r.upper - e.upper_difference) < tolerance)
  }

  /// NRI and IDI: cluster-robust SEs with patients, Pencina's without.
  @Test(arguments: ClusteredFixture.names)
  func reclassificationMatchesReference(name: String) throws {
    let f = try ClusteredFixture.load(name)
    for (cuts, pair) in [(nil, f.expected.nri_continuous), (f.thresholds, f.expected.nri_categorical)] as [([Double]?, ClusteredFixture.Pair)] {
      let clustered = try #require(reclassification(labels: f.labels, base: f.base, new: f.new, thresholds: cuts, clusters: f.patients))
      let pencina = try #require(reclassification(labels: f.labels, base: f.base, new: f.new, thresholds: cuts))
      #expect(clustered.method == .clustered && pencina.method == .pencina)
      for (r, e) in [(clustered, pair.clustered), (pencina, pair.pencina)] {
        #expect(abs(r.nriEvents - e.nri_events) < tolerance && abs(r.nriNonEvents - e.nri_nonevents) < tolerance)
        #expect(abs(r.nriStandardError - e.nri_se) < tolerance && abs(r.nriPValue - e.nri_p) < tolerance)
        #expect(abs(r.idi - e.idi) < tolerance && abs(r.idiStandardError - e.idi_se) < tolerance && abs(r.idiPValue - e.idi_p) < tolerance)
      }
    }
  }

  /// The predictions contract's JSON has exactly the keys, and its numbers are the reference's.
  @Test func contractKeysAndValues() throws {
    let f = try ClusteredFixture.load("case4_clusters_1to8")
    let e = try evaluatePredictions(labels: f.labels, scores: f.base, patients: f.patients)
    let c = try comparePredictions(labels: f.labels, base: f.base, new: f.new, patients: f.patients, thresholds: f.thresholds)
    func keys(_ v: some Encodable) throws -> Set<String> {
      Set((try JSONSerialization.jsonObject(with: JSONEncoder().encode(v)) as! [String: Any]).keys)
    }
    #expect(try keys(e) == ["n_rows", "n_patients", "auroc", "auroc_ci", "method"])
    #expect(
      try keys(c) == [
        "n_rows", "n_patients", "auroc_base", "auroc_new", "auroc_difference", "auroc_difference_ci", "auroc_difference_p",
        "nri_continuous", "nri_continuous_p", "nri_categorical", "nri_categorical_p", "idi", "idi_p", "method",
      ])
    #expect(e.nRows == f.expected.n_rows && e.nPatients == f.expected.n_patients && e.method == "clustered DeLong (Obuchowski 1997)")
    #expect(abs(e.aurocCI[0] - f.expected.clustered.lower_base) < tolerance && abs(e.aurocCI[1] - f.expected.clustered.upper_base) < tolerance)
    #expect(abs(c.aurocDifferenceP - f.expected.clustered.p_difference) < tolerance)
    #expect(abs(c.nriContinuousP - f.expected.nri_continuous.clustered.nri_p) < tolerance)
    #expect(abs(c.nriCategoricalP! - f.expected.nri_categorical.clustered.nri_p) < tolerance)
    #expect(abs(c.idiP - f.expected.nri_continuous.clustered.idi_p) < tolerance)
    let plain = try evaluatePredictions(labels: f.labels, scores: f.base, patients: nil)
    #expect(plain.nPatients == nil && plain.method == "DeLong (1988)")
    #expect(throws: StatisticsError.self) { try evaluatePredictions(labels: [true, false], scores: [0.1, 0.2], patients: nil) }
  }
}

/// Synthetic patients with 1-8 correlated ECGs, two scores.
struct ClusteredData {
  var labels: [Bool] = [], base: [Double] = [], new: [Double] = [], patients: [String] = []
  init(seed: UInt64, rows: Int) {
    var rng = SeededGenerator(seed: seed)
    var p = 0
    while labels.count < rows {
      let size = Int.random(in: 1...8, using: &rng), effect = gaussian(&rng), propensity = gaussian(&rng)
      for _ in 0..<size {
        let y = Double.random(in: 0..<1, using: &rng) < 1 / (1 + exp(0.8 - 1.5 * propensity))
        let a = 0.35 * (y ? 1 : 0) + 0.9 * effect + gaussian(&rng)
        labels.append(y)
        base.append((100 / (1 + exp(1 - a))).rounded() / 100)
        new.append((100 / (1 + exp(1.2 - a - 0.1 * (y ? 1 : 0) - 0.6 * gaussian(&rng)))).rounded() / 100)
        patients.append("p\(p)")
      }
      p += 1
    }
  }
  func duplicated(_ k: Int) -> ClusteredData {
    var d = self
    for _ in 1..<k { d.labels += labels; d.base += base; d.new += new; d.patients += patients }
    return d
  }
}

@Suite struct DuplicationInvarianceTests {
  static let data = ClusteredData(seed: 42, rows: 600)

  /// Repeating every row 5 times under its patient adds no information: clustered results stay (1e-12),
  /// the classic ones shrink their p-values.
  @Test func clusteredStatisticsIgnoreDuplicatedRows() throws {
    let d = Self.data, dup = d.duplicated(5)
    let one = try #require(delongTest(labels: d.labels, a: d.base, b: d.new, clusters: d.patients))
    let many = try #require(delongTest(labels: dup.labels, a: dup.base, b: dup.new, clusters: dup.patients))
    #expect(abs(one.pValue - many.pValue) < 1e-12 && abs(one.lower - many.lower) < 1e-12 && abs(one.a.upper - many.a.upper) < 1e-12)
    let classicOne = try #require(delongTest(labels: d.labels, a: d.base, b: d.new))
    let classicMany = try #require(delongTest(labels: dup.labels, a: dup.base, b: dup.new))
    #expect(abs(classicMany.z / classicOne.z - 5.0.squareRoot()) < 0.05)
    for cuts in [nil, [0.2, 0.4]] as [[Double]?] {
      let r1 = try #require(reclassification(labels: d.labels, base: d.base, new: d.new, thresholds: cuts, clusters: d.patients))
      let r5 = try #require(reclassification(labels: dup.labels, base: dup.base, new: dup.new, thresholds: cuts, clusters: dup.patients))
      #expect(abs(r1.nriPValue - r5.nriPValue) < 1e-12 && abs(r1.idiPValue - r5.idiPValue) < 1e-12)
    }
    let s1 = riskStrata(probabilities: d.new, labels: d.labels, cuts: (0.3, 0.5), clusters: d.patients)
    let s5 = riskStrata(probabilities: dup.new, labels: dup.labels, cuts: (0.3, 0.5), clusters: dup.patients)
    for (a, b) in zip(s1, s5) {
      #expect(abs(a.eventRateInterval!.lower - b.eventRateInterval!.lower) < 1e-12)
      #expect(abs(a.eventRateInterval!.upper - b.eventRateInterval!.upper) < 1e-12)
    }
  }

  /// With one row per patient, clustered DeLong is classic DeLong (to 1e-12).
  @Test func singletonClustersAreClassicDeLong() throws {
    let d = Self.data
    let ids = d.labels.indices.map { "r\($0)" }
    let a = try #require(delongTest(labels: d.labels, a: d.base, b: d.new, clusters: ids))
    let b = try #require(delongTest(labels: d.labels, a: d.base, b: d.new))
    #expect(abs(a.pValue - b.pValue) < 1e-12 && abs(a.a.variance - b.a.variance) < 1e-12 && abs(a.b.variance - b.b.variance) < 1e-12)
  }

  /// The Wilson interval without patients, and late fusion's logistic fit against the recalibration fit.
  @Test func wilsonAndLogistic() throws {
    let w = try #require(proportionInterval(outcomes: [true, true, false, false, false, false, false, false, false, false]))
    // Wilson 95 % for 2/10: 0.0567-0.5098 (Newcombe 1998, Table I method 3 gives 0.057-0.510).
    #expect(abs(w.lower - 0.05668) < 1e-4 && abs(w.upper - 0.50982) < 1e-4)
    let d = Self.data
    let fit = try #require(fitLogistic(columns: [d.base.map(logit)], labels: d.labels, ridge: 0))
    let recalibration = try #require(calibration(probabilities: d.base.map { min(max($0, 1e-6), 1 - 1e-6) }, labels: d.labels))
    #expect(fit.converged)
    #expect(abs(fit.coefficients[0] - recalibration.intercept) < 1e-8 && abs(fit.coefficients[1] - recalibration.slope) < 1e-8)
  }
}
