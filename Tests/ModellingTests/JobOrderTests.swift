import Testing

@testable import Modelling

/// `runStudy` hands out jobs most expensive first and still returns results in job order.
@Suite struct JobOrderTests {
  func study() throws -> AssembledStudy {
    let (table, labels) = try syntheticCohort()
    return try assembleStudy(
      table: table, file: "features.csv", labelTables: [("labels.csv", labels)],
      inputs: StudyInputs(idColumn: "ecg_id", patientColumn: "patient_id"))
  }

  @Test func widestEliminationFirstCheapestLast() throws {
    let s = try study()
    var options = TrainingOptions()
    options.ecgFeatures = s.ecgFeatures
    options.demographicFeatures = s.demographicFeatures
    options.rfe = true
    options.variants = FeatureVariant.allCases + [FeatureVariant.ecgDemographics.with(.linear)]
    let jobs = ["wide_qrs_disease", "male_only"].flatMap { t in options.variants.map { (target: t, variant: $0) } }
    let order = jobOrder(jobs, data: s.data, options: options, sexColumn: s.sexColumn).map {
      "\(jobs[$0].target) \(jobs[$0].variant)"
    }
    // RFE cost ~ rows x n(n+1)/2: 9 or 7 candidates; male_only is labelled on the men only (about
    // half the rows). Then the demographics (RFE leaves them whole) and the linear probe.
    #expect(
      order == [
        "wide_qrs_disease ecg+demographics", "wide_qrs_disease ecg", "male_only ecg+demographics", "male_only ecg",
        "wide_qrs_disease demographics", "male_only demographics", "wide_qrs_disease ecg+demographics+linear",
        "male_only ecg+demographics+linear",
      ])
    // Without RFE the cost is linear in the features: the order is the same here, ties keep job order.
    options.rfe = false
    options.variants = [.ecg, .ecg]
    let same = [(target: "wide_qrs_disease", variant: FeatureVariant.ecg), (target: "wide_qrs_disease", variant: .ecg)]
    #expect(jobOrder(same, data: s.data, options: options, sexColumn: s.sexColumn) == [0, 1])
  }

  @Test func resultsComeBackInJobOrder() throws {
    let s = try study()
    var options = TrainingOptions()
    options.ecgFeatures = s.ecgFeatures
    options.demographicFeatures = s.demographicFeatures
    options.variants = [.demographics, .ecgDemographics]
    let results = runStudy(data: s.data, targets: s.targets, options: options, sexColumn: s.sexColumn, cores: 2)
    #expect(results.map { "\($0.target) \($0.variant)" } == s.targets.flatMap { t in options.variants.map { "\(t) \($0)" } })
  }
}
