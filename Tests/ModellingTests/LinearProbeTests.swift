import ECGLensTestSupport
import Foundation
import Modelling
import Statistics
import Tables
import Testing

/// The linear probe against scikit-learn (fixtures from Scripts/make_linear_probe_fixture.py) and in a
/// study job.
@Suite struct LinearProbeTests {
  struct Case: Decodable {
    let C: Double
    let intercept: Double
    let coefficients: [Double]
    let validation_auroc: Double?
  }
  struct Synthetic: Decodable {
    let columns: [[Double?]]
    let labels: [Int]
    let cases: [Case]
  }
  struct Mimic: Decodable {
    let features: [String]
    let cases: [Case]
  }

  /// sklearn's newton-cholesky at tol 1e-12 and our Newton fit solve the same problem; 1e-6 in log-odds per SD
  /// leaves room for the two stopping rules only.
  @Test func matchesScikitLearnOnTheSyntheticFixture() throws {
    let f = try loadJSON(Synthetic.self, from: TestPaths.fixtures + "/linear-probe/synthetic.json")
    let columns = f.columns.map { $0.map { $0 ?? .nan } }
    let names = columns.indices.map { "x\($0)" }
    for c in f.cases {
      let probe = try #require(
        LinearProbe.fit(features: names, columns: columns, labels: f.labels.map { $0 == 1 }, inverseRegularisation: c.C))
      #expect(abs(probe.intercept - c.intercept) < 1e-6, "C \(c.C): intercept \(probe.intercept) vs \(c.intercept)")
      #expect(maxAbsDifference(probe.coefficients, c.coefficients) < 1e-6, "C \(c.C): \(probe.coefficients) vs \(c.coefficients)")
      // The constant column carries nothing; SHAP values sum to the margin less the intercept.
      #expect(probe.coefficients[4] == 0)
      let row: [Double] = columns.map { $0[3] }
      let shapSum = probe.contributions(row).reduce(0, +)
      #expect(abs(shapSum - (probe.margin(row) - probe.intercept)) < 1e-12)
    }
  }

  /// Real data: MIMIC-IV-ECG machine measurements, atrial fibrillation, trained on train_fib.csv and
  /// scored on val_fib.csv. The probe must give sklearn's coefficients and validation AUROC (0.966 at
  /// C = 1) and stay above 0.95: the RR interval and the P-wave measurements separate AF.
  @Test func matchesScikitLearnOnMimicAtrialFibrillation() throws {
    guard TestPaths.hasSharedData("mimic-iv-ecg/train/train_fib.csv") else {
      print("skipped: no MIMIC-IV-ECG under \(TestPaths.sharedData)")
      return
    }
    let f = try loadJSON(Mimic.self, from: TestPaths.fixtures + "/linear-probe/mimic-af.json")
    let text: Set<String> = ["ecg_time", "bandwidth", "filtering"]
    let train = try readCSV(at: TestPaths.sharedData + "/mimic-iv-ecg/train/train_fib.csv", options: CSVReadOptions(textColumns: text))
    let validation = try readCSV(at: TestPaths.sharedData + "/mimic-iv-ecg/val/val_fib.csv", options: CSVReadOptions(textColumns: text))
    let columns = try f.features.map { try train.numeric($0) }
    let labels = try train.numeric("report_0").map { $0 == 1 }
    let validationColumns = try f.features.map { try validation.numeric($0) }
    let truth = try validation.numeric("report_0").map { $0 == 1 }
    for c in f.cases {
      let probe = try #require(LinearProbe.fit(features: f.features, columns: columns, labels: labels, inverseRegularisation: c.C))
      #expect(abs(probe.intercept - c.intercept) < 1e-5)
      #expect(maxAbsDifference(probe.coefficients, c.coefficients) < 1e-5, "C \(c.C): \(probe.coefficients) vs \(c.coefficients)")
      let scores: [Double] = truth.indices.map { r in probe.probability(validationColumns.map { $0[r] }) }
      let a = try #require(auroc(scores: scores, labels: truth))
      #expect(abs(a - (c.validation_auroc ?? .nan)) < 1e-6)
      #expect(a > 0.95)
    }
  }

  @Test func variantNamesCarryTheLearner() {
    #expect(FeatureVariant("embedding").learner == .trees)
    #expect(FeatureVariant("embedding").with(.linear).rawValue == "embedding+linear")
    #expect(FeatureVariant("embedding+linear").learner == .linear)
    #expect(FeatureVariant("embedding+linear").featureVariant.rawValue == "embedding")
    #expect(FeatureVariant("embedding+linear").with(.trees).rawValue == "embedding")
  }

  /// A `+linear` job: the same rows as the trees, C chosen on validation, a probe in model.json.
  @Test func studyJobFitsTheProbe() throws {
    let (table, labels) = try syntheticCohort()
    let s = try assembleStudy(
      table: table, file: "features.csv", labelTables: [("labels.csv", labels)],
      inputs: StudyInputs(idColumn: "ecg_id", patientColumn: "patient_id"))
    var options = TrainingOptions()
    options.ecgFeatures = s.ecgFeatures
    options.demographicFeatures = s.demographicFeatures
    options.rfe = true
    let trees = try trainTarget("wide_qrs_disease", variant: .ecgDemographics, data: s.data, options: options, sexColumn: "sex_male")
    let linear = try trainTarget(
      "wide_qrs_disease", variant: FeatureVariant.ecgDemographics.with(.linear), data: s.data, options: options, sexColumn: "sex_male")
    guard case .trained(let t) = trees, case .trained(let m) = linear else {
      Issue.record("not trained: \(trees) \(linear)")
      return
    }
    #expect(m.predictionRows == t.predictionRows)
    #expect(m.elimination.isEmpty && !m.features.contains("all_missing"))
    let probe = try #require(LinearProbe.decode(m.model))
    #expect(probe.inverseRegularisation == linearProbeGrid[m.bestIteration])
    // The label is logistic in qrs_ms and age: the probe is the right model and beats 0.85.
    #expect(m.validationAUROC > 0.85)
    let qrs = try #require(m.features.firstIndex(of: "qrs_ms")), noise = try #require(m.features.firstIndex(of: "noise_a"))
    #expect(m.meanAbsoluteSHAP[qrs] > 5 * m.meanAbsoluteSHAP[noise])
    #expect(LinearProbe.decode(t.model) == nil)
  }
}
