import Cohorts
import ECGLensTestSupport
import Foundation
import Modelling
import Tables
import Testing

/// A synthetic cohort: 600 patients with 1-3 ECGs each; the label depends on qrs_ms and age,
/// `noise_*` columns carry nothing.
func syntheticCohort(seed: UInt64 = 1) throws -> (table: DataTable, labels: DataTable) {
  var rng = SeededGenerator(seed: seed)
  var ids: [String] = [], patients: [String] = [], qrs: [Double] = [], qt: [Double] = []
  var noise1: [Double] = [], noise2: [Double] = [], noise3: [Double] = [], noise4: [Double] = []
  var age: [Double] = [], sex: [Double] = [], y: [Double] = [], z: [Double] = []
  for p in 0..<600 {
    let a = Double.random(in: 20...90, using: &rng)
    let s = Double(Int.random(in: 0...1, using: &rng))
    for e in 0..<Int.random(in: 1...3, using: &rng) {
      ids.append("e\(p)-\(e)"); patients.append("p\(p)")
      let q = Double.random(in: 70...160, using: &rng)
      qrs.append(q); qt.append(Double.random(in: 340...480, using: &rng))
      noise1.append(Double.random(in: 0...1, using: &rng)); noise2.append(Double.random(in: 0...1, using: &rng))
      noise3.append(Double.random(in: 0...1, using: &rng)); noise4.append(Double.random(in: 0...1, using: &rng))
      age.append(a); sex.append(s)
      let logit = (q - 110) / 12 + (a - 55) / 25
      y.append(Double.random(in: 0...1, using: &rng) < 1 / (1 + exp(-logit)) ? 1 : 0)
      // Only defined for men: a sex-specific target.
      z.append(s == 1 ? (Double.random(in: 0...1, using: &rng) < 1 / (1 + exp(-(a - 60) / 8)) ? 1 : 0) : .nan)
    }
  }
  let table = try DataTable([
    ("ecg_id", .text(ids)), ("patient_id", .text(patients)), ("qrs_ms", .numeric(qrs)), ("qt_ms", .numeric(qt)),
    ("noise_a", .numeric(noise1)), ("noise_b", .numeric(noise2)), ("noise_c", .numeric(noise3)),
    ("noise_d", .numeric(noise4)), ("all_missing", .numeric(Array(repeating: .nan, count: ids.count))),
    ("age_years", .numeric(age)), ("sex_male", .numeric(sex)),
  ])
  let labels = try DataTable([("ecg_id", .text(ids)), ("wide_qrs_disease", .numeric(y)), ("male_only", .numeric(z))])
  return (table, labels)
}

@Suite struct StudyTests {
  func assembled(_ inputs: StudyInputs? = nil) throws -> AssembledStudy {
    let (table, labels) = try syntheticCohort()
    return try assembleStudy(
      table: table, file: "features.csv", labelTables: [("labels.csv", labels)],
      inputs: inputs ?? StudyInputs(idColumn: "ecg_id", patientColumn: "patient_id"))
  }

  @Test func assemblyFindsRolesAndSplitsByPatient() throws {
    let s = try assembled()
    #expect(s.targets == ["wide_qrs_disease", "male_only"])
    #expect(s.demographicFeatures == ["age_years", "sex_male"])
    #expect(s.ecgFeatures == ["qrs_ms", "qt_ms", "noise_a", "noise_b", "noise_c", "noise_d", "all_missing"])
    try verifyNoPatientLeak(patients: s.data.patients, partitions: s.data.partitions)
    let share = Double(s.data.partitions.filter { $0 == .test }.count) / Double(s.data.ids.count)
    #expect(abs(share - 0.05) < 0.01)
  }

  @Test func rfeKeepsTheInformativeFeaturesAndNeverTouchesTest() throws {
    let s = try assembled()
    var options = TrainingOptions()
    options.ecgFeatures = s.ecgFeatures
    options.demographicFeatures = s.demographicFeatures
    options.rfe = true
    options.minimumECGFeatures = 1
    options.variants = FeatureVariant.allCases
    let results = runStudy(data: s.data, targets: ["wide_qrs_disease"], options: options, sexColumn: s.sexColumn, cores: 2)
    #expect(results.count == 3)
    for r in results {
      guard case .success(.trained(let m)) = r.outcome else { Issue.record("\(r.outcome)"); continue }
      #expect(!m.features.contains("all_missing"))
      if m.variant != .demographics {
        #expect(m.validationAUROC > 0.8)
        #expect(m.features.contains("qrs_ms"))
        // The path starts with every usable feature and removes one per step.
        #expect(m.elimination.first?.features.count == m.candidateFeatures.count - 1)
        for (a, b) in zip(m.elimination, m.elimination.dropFirst()) { #expect(b.features.count == a.features.count - 1) }
        let best = m.elimination.map(\.validationAUROC).max()!
        #expect(m.validationAUROC == best)
      }
      // Predictions cover validation and test rows only.
      #expect(m.predictionRows.allSatisfy { s.data.partitions[$0] != .train })
    }
  }

  @Test func parsimonyPicksASmallerSubset() throws {
    let s = try assembled()
    var options = TrainingOptions()
    options.ecgFeatures = s.ecgFeatures
    options.demographicFeatures = s.demographicFeatures
    options.rfe = true
    options.minimumECGFeatures = 1
    options.parsimonyTolerance = 0.05
    guard case .trained(let m) = try trainTarget("wide_qrs_disease", variant: .ecgDemographics, data: s.data, options: options, sexColumn: "sex_male")
    else {
      Issue.record("not trained"); return
    }
    let best = m.elimination.map(\.validationAUROC).max()!
    #expect(m.validationAUROC >= best - 0.05)
    let smaller = m.elimination.filter { $0.validationAUROC >= best - 0.05 }.map(\.features.count).min()!
    #expect(m.features.count == smaller)
  }

  @Test func sexSpecificTargetDropsSexAndOtherRows() throws {
    let s = try assembled()
    var options = TrainingOptions()
    options.ecgFeatures = s.ecgFeatures
    options.demographicFeatures = s.demographicFeatures
    options.sexSpecific = ["male_only": .male]
    // The 5 % test partition holds about 15 men; minimum positives count patients.
    options.minimumPositives = 5
    guard case .trained(let m) = try trainTarget("male_only", variant: .ecgDemographics, data: s.data, options: options, sexColumn: "sex_male") else {
      Issue.record("not trained"); return
    }
    #expect(!m.features.contains("sex_male"))
    #expect(m.predictionRows.allSatisfy { s.data.sexMale![$0] == 1 })
  }

  @Test func tooFewPositivesIsSkippedNotFatal() throws {
    let s = try assembled()
    var options = TrainingOptions()
    options.ecgFeatures = s.ecgFeatures
    options.minimumPositives = 10_000
    guard case .skipped(_, _, let reason, _) = try trainTarget("wide_qrs_disease", variant: .ecg, data: s.data, options: options, sexColumn: nil)
    else {
      Issue.record("trained"); return
    }
    #expect(reason.contains("at least 10000"))
  }

  @Test func badInputsNameFileColumnAndRow() throws {
    let (table, labels) = try syntheticCohort()
    let inputs = StudyInputs(idColumn: "ecg_id", patientColumn: "patient_id")
    func error(_ t: DataTable, _ l: DataTable, _ i: StudyInputs = StudyInputs(idColumn: "ecg_id", patientColumn: "patient_id")) -> String {
      do { _ = try assembleStudy(table: t, file: "f.csv", labelTables: [("l.csv", l)], inputs: i); return "" } catch { return error.description }
    }
    // Duplicate id.
    var ids = try table.text("ecg_id"); ids[5] = ids[4]
    var dup = table; try dup.set("ecg_id", .text(ids))
    #expect(error(dup, labels) == "f.csv: column \"ecg_id\", row 7: id \"\(ids[4])\" already on row 6")
    // Label that is not 0/1.
    var y = try labels.numeric("wide_qrs_disease"); y[2] = 2
    var badLabels = labels; try badLabels.set("wide_qrs_disease", .numeric(y))
    #expect(error(table, badLabels) == "l.csv: column \"wide_qrs_disease\", row 4: label 2 is not 0, 1 or empty")
    // One class.
    var one = labels; try one.set("wide_qrs_disease", .numeric(Array(repeating: 1, count: labels.rowCount)))
    #expect(error(table, one).contains("one class only"))
    // Missing patient id.
    var patients = try table.text("patient_id"); patients[0] = ""
    var noPatient = table; try noPatient.set("patient_id", .text(patients))
    #expect(error(noPatient, labels) == "f.csv: column \"patient_id\", row 2: empty patient id")
    // Unknown feature and unknown target.
    var i = inputs; i.features = ["qrs_ms", "heart_size"]
    #expect(error(table, labels, i).contains("heart_size"))
    i = inputs; i.targets = ["nothing"]
    #expect(error(table, labels, i) == "target column \"nothing\" is not in the data")
    // A text column as a label.
    var cells = try labels.numeric("wide_qrs_disease").map { formatCell($0) }
    cells[9] = "yes"
    var textLabel = labels; try textLabel.set("wide_qrs_disease", .text(cells))
    #expect(error(table, textLabel) == "l.csv: column \"wide_qrs_disease\", row 11: \"yes\" is not 0, 1 or empty")
  }

  @Test func studyFolderIsWrittenWholeAndReadsBack() throws {
    let s = try assembled()
    var options = TrainingOptions()
    options.ecgFeatures = s.ecgFeatures
    options.demographicFeatures = s.demographicFeatures
    let results = runStudy(data: s.data, targets: s.targets, options: options, sexColumn: s.sexColumn, cores: 2)
    let folder = try TestPaths.temporaryFolder() + "/study"
    let config = StudyConfiguration(
      ecglensVersion: "test", table: "features.csv", labels: ["labels.csv"], idColumn: "ecg_id",
      patientColumn: "patient_id", sexColumn: s.sexColumn, targets: s.targets, split: s.split, options: options)
    _ = try writeStudy(configuration: config, results: results, data: s.data, to: folder, replace: false)
    let summary = try readStudy(at: folder)
    #expect(summary.entries.count == 2)
    let entry = try #require(summary.entries.first { $0.target == "wide_qrs_disease" })
    let booster = try loadModel(study: folder, entry: entry)
    let (rows, p) = try predict(entry: entry, booster: booster, features: s.data.features, rowCount: s.data.ids.count, sexMale: s.data.sexMale)
    #expect(rows.count == s.data.ids.count)
    // The study's own validation predictions are reproduced from the saved model.
    let saved = try readCSV(
      at: folder + "/" + entry.modelFolder! + "/predictions.csv", options: CSVReadOptions(textColumns: ["id", "patient", "partition"]))
    let index = Dictionary(uniqueKeysWithValues: s.data.ids.enumerated().map { ($1, $0) })
    for (id, prob) in zip(try saved.text("id"), try saved.numeric("probability")) {
      #expect(Float(prob) == p[index[id]!])
    }
    // Refuses to overwrite without replace; nothing left behind.
    #expect(throws: ModellingError.self) {
      try writeStudy(configuration: config, results: results, data: s.data, to: folder, replace: false)
    }
    let parent = URL(fileURLWithPath: folder).deletingLastPathComponent().path
    #expect(try FileManager.default.contentsOfDirectory(atPath: parent) == ["study"])
  }
}
