import ECGLensTestSupport
import Foundation
import Tables
import Testing

@testable import Cohorts

@Suite struct PatientSplitTests {
  /// 3,000 patients with 1-6 ECGs each and three labels of 1 %, 5 % and 20 % prevalence.
  private func cohort(seed: UInt64) -> (patients: [String], labels: [[Bool]]) {
    var rng = SeededGenerator(seed: seed)
    var patients: [String] = []
    var labels: [[Bool]] = [[], [], []]
    for p in 0..<3000 {
      let risk = [0.01, 0.05, 0.2].map { Double.random(in: 0..<1, using: &rng) < $0 }
      for _ in 0..<Int.random(in: 1...6, using: &rng) {
        patients.append("p\(p)")
        for l in 0..<3 { labels[l].append(risk[l] && Double.random(in: 0..<1, using: &rng) < 0.8) }
      }
    }
    return (patients, labels)
  }

  @Test func folds_keepPatientsTogether_andBalanceRowsAndLabels() throws {
    let (patients, labels) = cohort(seed: 5)
    let fold = try patientGroupedFolds(patients: patients, strata: labels, folds: 20, seed: 42)
    var foldOfPatient: [String: Int] = [:]
    for (p, f) in zip(patients, fold) {
      if let earlier = foldOfPatient[p] { #expect(earlier == f, "patient \(p) split across folds") }
      foldOfPatient[p] = f
    }
    let n = Double(patients.count)
    for f in 0..<20 {
      let size = Double(fold.filter { $0 == f }.count)
      #expect(abs(size / n - 0.05) < 0.01, "fold \(f) holds \(size / n) of the rows")
    }
    for (l, label) in labels.enumerated() {
      let total = label.filter { $0 }.count
      for f in 0..<20 {
        let inFold = zip(label, fold).filter { $0.0 && $0.1 == f }.count
        // Whole patients move together, so allow a few ECGs of slack around total / 20.
        #expect(
          abs(Double(inFold) - Double(total) / 20) <= max(6, 0.25 * Double(total) / 20),
          "label \(l) fold \(f): \(inFold) of \(total)")
      }
    }
    let parts = fold.map { Partition.of(fold: $0, folds: 20) }
    try verifyNoPatientLeak(patients: patients, partitions: parts)
  }

  @Test func folds_areReproducibleForASeed_andDifferAcrossSeeds() throws {
    let (patients, labels) = cohort(seed: 9)
    let a = try patientGroupedFolds(patients: patients, strata: labels, seed: 1)
    let b = try patientGroupedFolds(patients: patients, strata: labels, seed: 1)
    let c = try patientGroupedFolds(patients: patients, strata: labels, seed: 2)
    #expect(a == b)
    #expect(a != c)
  }

  @Test func leaksAndBadInputAreRefused() {
    #expect(throws: CohortsError.patientInSeveralPartitions(patient: "p1", partitions: ["train", "test"])) {
      try verifyNoPatientLeak(patients: ["p1", "p2", "p1"], partitions: [.train, .train, .test])
    }
    #expect(throws: CohortsError.missingPatient(row: 2)) {
      try patientGroupedFolds(patients: ["a", "", "b"], strata: [], folds: 3, seed: 0)
    }
    #expect(throws: CohortsError.invalidFoldCount(folds: 20, patients: 2)) {
      try patientGroupedFolds(patients: ["a", "b"], strata: [], seed: 0)
    }
    #expect(throws: CohortsError.lengthMismatch(what: "stratum 0", expected: 2, found: 1)) {
      try patientGroupedFolds(patients: ["a", "b"], strata: [[true]], folds: 3, seed: 0)
    }
    #expect(Partition.of(fold: 17, folds: 20) == .train)
    #expect(Partition.of(fold: 18, folds: 20) == .validation)
    #expect(Partition.of(fold: 19, folds: 20) == .test)
  }

  @Test func demographicStrata_quartilesAndSex() {
    let strata = demographicStrata(ageYears: [20, 30, 40, 50, 60, 70, 80, 90, .nan], sexMale: [1, 0, 1, 0, 1, 0, 1, 0, .nan])
    #expect(strata.count == 7)
    for row in 0..<8 { #expect(strata[0..<4].filter { $0[row] }.count == 1, "row \(row) in one age quartile") }
    #expect(strata[4] == [false, false, false, false, false, false, false, false, true])
    #expect(strata[5].filter { $0 }.count == 4 && strata[6].filter { $0 }.count == 4)
  }

  @Test(.enabled(if: TestPaths.hasSharedData("ptb-xl"), "needs ../shared/data/ptb-xl"))
  func ptbxlGivenFolds_haveNoPatientLeak() throws {
    let table = try readCSV(
      at: TestPaths.sharedData + "/ptb-xl/ptbxl_database.csv", options: CSVReadOptions(textColumns: ["patient_id"]))
    let parts = try partitions(
      fromFolds: try table.numeric("strat_fold").map { Int($0) }, patients: try table.text("patient_id"),
      validation: [9], test: [10])
    #expect(parts.filter { $0 == .test }.count > 20)
  }

  @Test(.enabled(if: TestPaths.hasSharedData("mimic-iv-ecg"), "needs ../shared/data/mimic-iv-ecg"))
  func mimicAFSplit_isBalancedAndLeakFree() throws {
    let raw = try readCSV(
      at: TestPaths.sharedData + "/mimic-iv-ecg/train/train_fib.csv",
      options: CSVReadOptions(textColumns: ["subject_id", "study_id", "cart_id"]))
    let patients = try raw.text("subject_id")
    let af = try raw.numeric("report_0").map { $0 == 1 }
    let fold = try patientGroupedFolds(patients: patients, strata: [af], seed: 2024)
    try verifyNoPatientLeak(patients: patients, partitions: fold.map { Partition.of(fold: $0, folds: 20) })
    let total = Double(af.filter { $0 }.count)
    for f in [18, 19] {
      let inFold = Double(zip(af, fold).filter { $0.0 && $0.1 == f }.count)
      #expect(abs(inFold - total / 20) <= max(10, 0.3 * total / 20), "fold \(f): \(inFold) AF of \(total)")
    }
  }
}
