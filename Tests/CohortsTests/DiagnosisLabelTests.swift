import Cohorts
import Testing

@Suite struct ICDTests {
  let catalogue: ICD10Catalogue
  init() throws { catalogue = try ICD10Catalogue.shipped() }

  @Test func normalisesAndExpandsCodes() {
    #expect(normalizeICDCode("k70.30") == "K7030")
    #expect(normalizeICDCode(" T50.90X ") == "T5090")
    #expect(icdAncestors("K7030") == ["K7030", "K703", "K70"])
    #expect(icdAncestors("I10") == ["I10"])
  }

  @Test func placesCodesInTheHierarchy() throws {
    let e = try #require(catalogue.entry("K7030"))
    #expect(e.title == "Alcoholic cirrhosis of liver without ascites")
    #expect(e.block == "K70-K77" && e.blockTitle == "Diseases of liver (K70-K77)")
    #expect(e.chapter == "11" && e.chapterTitle == "Diseases of the digestive system (K00-K95)")
    // A 7-character code shows its nearest titled ancestor's title.
    let fracture = try #require(catalogue.entry("S72001A"))
    #expect(fracture.title == "Fracture of unspecified part of neck of femur")
    #expect(fracture.chapter == "19")
    #expect(catalogue.entry("Q9999Z") == nil || catalogue.entry("Q9999Z")!.block.hasPrefix("Q"))
    #expect(catalogue.entry("ZZ1") == nil)
    #expect(catalogue.icd10(fromICD9: "427.31") == ["I4891"])
  }

  @Test func sexSpecificCategories() {
    #expect(sexRestriction(ofICD10: "N80.0") == "female")
    #expect(sexRestriction(ofICD10: "O9A1") == "female")
    #expect(sexRestriction(ofICD10: "C61") == "male")
    #expect(sexRestriction(ofICD10: "N40") == "male")
    #expect(sexRestriction(ofICD10: "C50") == nil)  // breast: both sexes
    #expect(sexRestriction(ofICD10: "I48") == nil)
  }

  @Test func parsesTimestamps() {
    #expect(parseTimestamp("1970-01-02 00:00:01") == 86_401)
    #expect(parseTimestamp("2180-07-23 08:44:00") == 6_644_623_440)  // Python datetime
    #expect(parseTimestamp("2180-07-23T08:44") == 6_644_623_440)
    #expect(parseTimestamp("2180-07-23 08:44:00.5") == 6_644_623_440.5)
    #expect(parseTimestamp("2180-07-23") == 6_644_592_000)
    for bad in ["", "2180-13-01", "23/07/2180", "2180-07-23 25:00", "2180-07-23 08:4"] { #expect(parseTimestamp(bad) == nil) }
  }

  /// A hand-made cohort in MIMIC-IV shapes.
  @Test func linksDiagnosesToECGs() {
    let day = 86_400.0
    let ecgs = [
      ECGEvent(id: "e1", patient: "p1", time: 10 * day),  // during p1's stay h1
      ECGEvent(id: "e2", patient: "p1", time: 40 * day),  // outside any stay
      ECGEvent(id: "e3", patient: "p2", time: 5 * day),  // during p2's stay h2
      ECGEvent(id: "e4", patient: "p3", time: 100 * day),  // p3: stay 3 days later
    ]
    let encounters = [
      Encounter(id: "h1", patient: "p1", start: 9 * day, end: 12 * day),
      Encounter(id: "h2", patient: "p2", start: 4 * day, end: 6 * day),
      Encounter(id: "h3", patient: "p3", start: 103 * day, end: 104 * day),
    ]
    let diagnoses = [
      CodedDiagnosis(patient: "p1", encounter: "h1", code: "K70.30", version: 10),
      CodedDiagnosis(patient: "p2", encounter: "h2", code: "5712", version: 9),  // ICD-9 alcoholic cirrhosis
      CodedDiagnosis(patient: "p3", encounter: "h3", code: "K7031", version: 10),
      CodedDiagnosis(patient: "p3", encounter: "h3", code: "ZZZ99", version: 10),
    ]
    let same = diagnosisLabels(
      ecgs: ecgs, encounters: encounters, diagnoses: diagnoses, linking: .sameEncounter, catalogue: catalogue, minimumCount: 2)
    let k70 = same.labels[same.targets.firstIndex(of: "icd10_K70")!]
    #expect(k70[0] == 1 && k70[1].isNaN && k70[2] == 1 && k70[3].isNaN)
    #expect(same.targets.contains("icd10_K703"))
    // ICD-9 571.2 maps to K7030 through the GEMs: two ECGs.
    #expect(same.targets.contains("icd10_K7030"))
    #expect(!same.targets.contains("icd10_K7031"))  // p3's ECG is outside the stay: no positive
    #expect(same.log["ECG outside every encounter of its patient (unlabelled)"]?.count == 2)
    #expect(same.log["code not in ICD-10-CM (kept, flagged)"] == ["ZZZ99"])

    let window = diagnosisLabels(
      ecgs: ecgs, encounters: encounters, diagnoses: diagnoses, linking: .window(days: 7), catalogue: catalogue, minimumCount: 2)
    let w70 = window.labels[window.targets.firstIndex(of: "icd10_K70")!]
    #expect(w70 == [1, 0, 1, 1])
  }
}
