import ECGLensTestSupport
import Foundation
import Modelling
import Statistics
import Testing

struct StatisticsFixture: Decodable {
  struct Case: Decodable {
    let labels: [Int]; let a: [Double]; let b: [Double]
    let auroc_a: Double; let auroc_b: Double; let average_precision_a: Double; let brier_a: Double
    let delong_z: Double; let delong_p: Double; let delong_var_diff: Double
    let ci_a: [Double]; let ci_b: [Double]
    let isotonic_a: [Double]; let calibration_intercept: Double; let calibration_slope: Double
    struct NRI: Decodable { let nri: Double; let nri_se: Double; let nri_p: Double; let idi: Double; let idi_se: Double; let idi_p: Double }
    let nri_continuous: NRI; let nri_categorical: NRI
    var y: [Bool] { labels.map { $0 == 1 } }
  }
  let cases: [Case]
  static func load() throws -> StatisticsFixture {
    try loadJSON(StatisticsFixture.self, from: TestPaths.fixtures + "/statistics-reference.json")
  }
}

@Suite struct ReferenceAgreementTests {
  let fixture: StatisticsFixture
  init() throws { fixture = try StatisticsFixture.load() }

  /// scikit-learn's roc_auc_score, average_precision_score and brier_score_loss, to 1e-9.
  @Test func matchesScikitLearn() {
    for c in fixture.cases {
      #expect(abs(auroc(scores: c.a, labels: c.y)! - c.auroc_a) < 1e-9)
      #expect(abs(auroc(scores: c.b, labels: c.y)! - c.auroc_b) < 1e-9)
      #expect(abs(auroc(scores: c.a, labels: c.y)! - c.auroc_a) < 1e-9)
      #expect(abs(averagePrecision(scores: c.a, labels: c.y)! - c.average_precision_a) < 1e-9)
      #expect(abs(brierScore(probabilities: c.a, labels: c.y) - c.brier_a) < 1e-9)
    }
  }

  /// MLstatkit's fast DeLong (Sun and Xu 2014): z, p, variance of the difference, CIs, to 1e-9.
  @Test func delongMatchesReferenceImplementation() throws {
    for c in fixture.cases {
      let r = try #require(delongTest(labels: c.y, a: c.a, b: c.b))
      #expect(abs(r.z - c.delong_z) < 1e-9)
      #expect(abs(r.pValue - c.delong_p) < 1e-9)
      #expect(abs(r.standardError * r.standardError - c.delong_var_diff) < 1e-9)
      #expect(abs(r.a.lower - c.ci_a[0]) < 1e-9 && abs(r.a.upper - c.ci_a[1]) < 1e-9)
      #expect(abs(r.b.lower - c.ci_b[0]) < 1e-9 && abs(r.b.upper - c.ci_b[1]) < 1e-9)
    }
  }
}

@Suite struct CalibrationAndReclassificationTests {
  let fixture: StatisticsFixture
  init() throws { fixture = try StatisticsFixture.load() }

  /// scikit-learn IsotonicRegression(out_of_bounds="clip"), fitted on the first half.
  @Test func isotonicMatchesScikitLearn() throws {
    for c in fixture.cases {
      let half = c.a.count / 2
      let iso = try #require(IsotonicCalibrator(probabilities: Array(c.a[..<half]), labels: Array(c.y[..<half])))
      #expect(maxAbsDifference(c.a.map { iso($0) }, c.isotonic_a) < 1e-9)
    }
  }

  /// Unpenalised scikit-learn LogisticRegression of the labels on logit(p).
  @Test func calibrationSlopeMatchesLogisticRegression() throws {
    for c in fixture.cases {
      let fit = try #require(calibration(probabilities: c.a, labels: c.y))
      #expect(abs(fit.slope - c.calibration_slope) < 1e-5)
      #expect(abs(fit.intercept - c.calibration_intercept) < 1e-5)
    }
  }

  /// NRI and IDI with Pencina's standard errors, against a direct numpy computation.
  @Test func nriAndIDIMatchReference() throws {
    for c in fixture.cases {
      for (cuts, ref) in [(nil, c.nri_continuous), ([0.2, 0.5], c.nri_categorical)] as [([Double]?, StatisticsFixture.Case.NRI)] {
        let r = try #require(reclassification(labels: c.y, base: c.a, new: c.b, thresholds: cuts))
        #expect(abs(r.nri - ref.nri) < 1e-12 && abs(r.nriStandardError - ref.nri_se) < 1e-12)
        #expect(abs(r.nriPValue - ref.nri_p) < 1e-9)
        #expect(abs(r.idi - ref.idi) < 1e-12 && abs(r.idiStandardError - ref.idi_se) < 1e-12)
        #expect(abs(r.idiPValue - ref.idi_p) < 1e-9)
      }
    }
  }

  @Test func reliabilityDecisionCurveAndStrata() {
    let p = [0.1, 0.1, 0.2, 0.3, 0.6, 0.7, 0.8, 0.9, 0.9, 0.95]
    let y = [false, false, false, true, false, true, true, true, false, true]
    let (bins, ece) = reliability(probabilities: p, labels: y, bins: 5)
    #expect(bins.map(\.count).reduce(0, +) == 10)
    // The two 0.9 predictions stay in one bin.
    #expect(bins.map(\.count) == [2, 2, 2, 3, 1])
    let expected = bins.reduce(0.0) { $0 + Double($1.count) / 10 * abs($1.observedRate - $1.meanPrediction) }
    #expect(abs(ece - expected) < 1e-15)
    let curve = decisionCurve(probabilities: p, labels: y, thresholds: [0.5])
    // At 0.5: TP 4 (0.7 0.8 0.9 0.95), FP 2 (0.6 0.9): NB = 0.4 - 0.2 = 0.2; treat all: 0.5 - 0.5 = 0.
    #expect(abs(curve[0].model - 0.2) < 1e-15 && abs(curve[0].treatAll) < 1e-15)
    let strata = riskStrata(probabilities: p, labels: y, cuts: (0.25, 0.75))
    #expect(strata.map(\.count) == [3, 3, 4] && strata.map(\.events) == [0, 2, 3])
  }
}

@Suite struct BehaviourTests {
  @Test func weightsEqualRepeatedRows() {
    var rng = SeededGenerator(seed: 3)
    let n = 300
    let scores = (0..<n).map { _ in Double(Int.random(in: 0...30, using: &rng)) }
    let labels = (0..<n).map { _ in Bool.random(using: &rng) }
    let weights = (0..<n).map { _ in Double(Int.random(in: 0...3, using: &rng)) }
    var s: [Double] = [], l: [Bool] = []
    for i in 0..<n { for _ in 0..<Int(weights[i]) { s.append(scores[i]); l.append(labels[i]) } }
    #expect(abs(auroc(scores: scores, labels: labels, weights: weights)! - auroc(scores: s, labels: l)!) < 1e-12)
  }

  @Test func normalQuantileInvertsTheCDF() {
    for p in [1e-10, 0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 0.999999] {
      #expect(abs(normalCDF(normalQuantile(p)) - p) < 1e-14 * max(1, 1 / p))
    }
    #expect(abs(normalQuantile(0.975) - 1.959963984540054) < 1e-12)
  }

  @Test func thresholdMetricsAndYouden() throws {
    let scores = [0.1, 0.2, 0.35, 0.4, 0.6, 0.7, 0.8, 0.9]
    let labels = [false, false, true, false, true, false, true, true]
    let m = ThresholdMetrics(scores: scores, labels: labels, threshold: 0.6)
    #expect(m.truePositives == 3 && m.falsePositives == 1 && m.trueNegatives == 3 && m.falseNegatives == 1)
    #expect(m.sensitivity == 0.75 && m.specificity == 0.75 && m.ppv == 0.75 && m.npv == 0.75)
    let best = try #require(youdenOptimum(scores: scores, labels: labels))
    // J: 0.8 -> 0.5, 0.6 -> 0.5, 0.35 -> 0.5 ... the highest threshold wins ties.
    #expect(best.threshold == 0.8 && abs(best.youden - 0.5) < 1e-12)
  }

  @Test func bootstrapIsReproducibleAndSeedDependent() throws {
    var rng = SeededGenerator(seed: 11)
    let patients = (0..<400).map { "p\($0 / 2)" }
    let labels = patients.map { _ in Bool.random(using: &rng) }
    let scores = labels.map { ($0 ? 0.6 : 0) + Double.random(in: 0...1, using: &rng) }
    var options = BootstrapOptions()
    options.resamples = 200
    options.seed = 5
    let a = try #require(bootstrapAUROC(scores: scores, labels: labels, patients: patients, options: options))
    let b = try #require(bootstrapAUROC(scores: scores, labels: labels, patients: patients, options: options))
    #expect(a == b)
    #expect(a.resamples == 200)
    #expect(a.percentileLower < a.estimate && a.estimate < a.percentileUpper)
    #expect(a.bcaLower < a.estimate && a.estimate < a.bcaUpper)
    options.seed = 6
    let c = try #require(bootstrapAUROC(scores: scores, labels: labels, patients: patients, options: options))
    #expect(c.percentileLower != a.percentileLower)
  }

  /// Patients with several strongly correlated ECGs: the patient-clustered bootstrap interval
  /// covers the true AUROC about 95 % of the time; resampling ECGs singly covers it far less.
  @Test func clusteredIntervalsReachNominalCoverage() throws {
    var rng = SeededGenerator(seed: 2026)
    let d = 1.0
    let truth = normalCDF(d / 2.0.squareRoot())  // AUROC of N(d,1) vs N(0,1) patient scores
    let simulations = 200
    var covered: [BootstrapOptions.Unit: Int] = [.patient: 0, .ecg: 0]
    for s in 0..<simulations {
      var patients: [String] = [], labels: [Bool] = [], scores: [Double] = []
      for p in 0..<60 {
        let y = Bool.random(using: &rng)
        let latent = gaussian(&rng) + (y ? d : 0)
        for _ in 0..<5 {
          patients.append("p\(p)"); labels.append(y)
          scores.append(latent + 0.1 * gaussian(&rng))
        }
      }
      for unit in [BootstrapOptions.Unit.patient, .ecg] {
        var options = BootstrapOptions()
        options.resamples = 300
        options.unit = unit
        options.seed = UInt64(s)
        let ci = try #require(bootstrapAUROC(scores: scores, labels: labels, patients: patients, options: options))
        if ci.percentileLower <= truth && truth <= ci.percentileUpper { covered[unit]! += 1 }
      }
    }
    let patientCoverage = Double(covered[.patient]!) / Double(simulations)
    let ecgCoverage = Double(covered[.ecg]!) / Double(simulations)
    #expect(patientCoverage >= 0.90, "patient-clustered coverage \(patientCoverage)")
    #expect(ecgCoverage <= 0.80, "per-ECG coverage \(ecgCoverage)")
  }
}

func gaussian(_ rng: inout SeededGenerator) -> Double {
  let u = Double.random(in: Double.ulpOfOne..<1, using: &rng), v = Double.random(in: 0..<1, using: &rng)
  return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
}
