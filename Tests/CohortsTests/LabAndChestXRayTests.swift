import Cohorts
import Testing

@Suite struct LabAndChestXRayTests {
  let ecgs = [
    ECGEvent(id: "e1", patient: "p1", time: 0),
    ECGEvent(id: "e2", patient: "p1", time: 10 * 3600),
    ECGEvent(id: "e3", patient: "p2", time: 0),
  ]

  @Test func closestLabValueWithinTheWindowAgainstTheMedianRange() {
    let results = [
      // Potassium (item 50971), ranges 3.5-5.1 (median over rows: 3.5 and 5.1 despite one odd row).
      LabResult(patient: "p1", item: "50971", time: -50 * 60, value: 6.0, lower: 3.5, upper: 5.1),
      LabResult(patient: "p1", item: "50971", time: 20 * 60, value: 3.0, lower: 3.5, upper: 5.1),  // closest to e1
      LabResult(patient: "p1", item: "50971", time: 10 * 3600 + 90 * 60, value: 9.0, lower: 3.3, upper: 5.3),  // outside e2's window
      LabResult(patient: "p2", item: "50971", time: 5 * 60, value: 5.5, lower: 3.5, upper: 5.1),
      // A lab with one value: dropped for too few values.
      LabResult(patient: "p2", item: "99999", time: 0, value: 1, lower: 0, upper: 2),
    ]
    let c = labLabels(ecgs: ecgs, results: results, windowMinutes: 60, minimumValues: 2)
    #expect(c.targets == ["lab_50971_low", "lab_50971_high"])
    #expect(c.labels[0][0] == 1 && c.labels[1][0] == 0)  // e1: 3.0 is low
    #expect(c.labels[0][1].isNaN && c.labels[1][1].isNaN)  // e2: nothing within 60 min
    #expect(c.labels[0][2] == 0 && c.labels[1][2] == 1)  // e3: 5.5 is high
    #expect(c.ranges.first?.lower == 3.5 && c.ranges.first?.upper == 5.1)
    #expect(c.log["lab with too few ECG-linked values (dropped)"]?.count == 1)
    // A wider window reaches e2's value.
    let wide = labLabels(ecgs: ecgs, results: results, windowMinutes: 120, minimumValues: 2)
    #expect(wide.labels[1][1] == 1)
  }

  @Test func frontalXRaysPairWithTheClosestEarlierECG() {
    let findings = ["Cardiomegaly", "Edema"]
    let xrays = [
      ChestXRay(id: "x1", patient: "p1", time: 11 * 3600, view: "PA", findings: [1, -1]),  // -> e2 (1 h before)
      ChestXRay(id: "x2", patient: "p1", time: 12 * 3600, view: "LATERAL", findings: [0, 0]),  // not frontal
      ChestXRay(id: "x3", patient: "p2", time: 30 * 3600, view: "AP", findings: [0, .nan]),  // > 24 h after e3
      ChestXRay(id: "x4", patient: "p1", time: -3600, view: "AP", findings: [1, 1]),  // before every ECG
    ]
    let ignore = chestXRayLabels(ecgs: ecgs, xrays: xrays, findings: findings)
    #expect(ignore.targets == ["cxr_Cardiomegaly", "cxr_Edema"])
    #expect(ignore.paired == 1)
    #expect(ignore.labels[0][1] == 1 && ignore.labels[1][1].isNaN)
    #expect(ignore.labels[0][0].isNaN && ignore.labels[0][2].isNaN)
    #expect(ignore.log.entries.values.reduce(0) { $0 + $1.count } == 3)
    let ones = chestXRayLabels(ecgs: ecgs, xrays: xrays, findings: findings, uncertain: .positive)
    #expect(ones.labels[1][1] == 1)
    let zeros = chestXRayLabels(ecgs: ecgs, xrays: xrays, findings: findings, uncertain: .negative)
    #expect(zeros.labels[1][1] == 0)
  }
}
