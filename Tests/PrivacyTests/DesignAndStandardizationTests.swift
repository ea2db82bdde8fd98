import Privacy
import Testing

@Suite struct DesignAndStandardizationTests {
  let table: PatientFeatureTable

  init() throws {
    table = try PatientFeatureTable(
      values: [[1, 7, .nan], [2, 7, 1], [3, 7, 2], [4, 7, 3], [5, 7, 4], [6, 7, .nan]],
      patientIDs: ["A", "A", "B", "B", "B", "C"], times: [3, 1, 0, 2, 1, 0], featureNames: ["x", "c", "y"])
  }

  @Test func distractorsAreSingleECGPatients() throws {
    let with = try LinkageDesign(table: table, choice: .earliest)
    #expect(with.galleryRows == [1, 2, 5])
    #expect(with.distractorCount == 1)
    #expect(with.probeRows == [0, 3, 4])
    #expect(with.probeGalleryIndex == [0, 1, 1])
    let without = try LinkageDesign(table: table, choice: .earliest, includeDistractors: false)
    #expect(without.galleryRows == [1, 2])
  }

  @Test func seededRandomGalleryIsReproducible() throws {
    let a = try LinkageDesign(table: table, choice: .seededRandom(seed: 3))
    let b = try LinkageDesign(table: table, choice: .seededRandom(seed: 3))
    #expect(a == b)
    let noTimes = try PatientFeatureTable(values: table.values, patientIDs: table.patientIDs, featureNames: ["x", "c", "y"])
    #expect(try LinkageDesign(table: noTimes, choice: .automatic(seed: 3)).galleryRows == a.galleryRows)
    #expect(throws: PrivacyError.self) { try LinkageDesign(table: noTimes, choice: .earliest) }
  }

  @Test func explicitGalleryIsValidated() throws {
    #expect(throws: PrivacyError.self) { try LinkageDesign(table: table, choice: .explicit(rows: [0, 1])) }
    #expect(throws: PrivacyError.self) { try LinkageDesign(table: table, choice: .explicit(rows: [9])) }
    let d = try LinkageDesign(table: table, choice: .explicit(rows: [3]))
    #expect(d.galleryRows == [3])
    #expect(d.probeRows == [2, 4])
  }

  @Test func standardisationDropsConstantsAndImputesZero() throws {
    let s = Standardizer(table: table, rows: [4, 0, 2])
    #expect(s.keptColumns == [0, 2])  // c is constant
    #expect(s.droppedColumns == [1])
    #expect(s.means == [3, 3])
    #expect(s.standardDeviations == [2, 2.0.squareRoot()])
    #expect(s.transform(table: table, rows: [0, 5]) == [-1, 0, 1.5, 0])  // missing y -> gallery mean -> 0
    let t = Standardizer(table: table, rows: [0, 1, 5])
    #expect(t.droppedColumns == [1, 2])  // y has a single present gallery value
  }

  @Test func infiniteValuesAreRejected() {
    #expect(
      throws: PrivacyError.invalidArgument(
        table: "t.csv", field: "b", problem: "row 0 is infinite (use NaN for missing)")
    ) {
      try PatientFeatureTable(values: [[1, .infinity]], patientIDs: ["A"], featureNames: ["a", "b"], source: "t.csv")
    }
  }

  @Test func shapeErrorsNameTheField() {
    #expect(
      throws: PrivacyError.shapeMismatch(
        table: "t.csv", field: "row 1", problem: "1 values for 2 features")
    ) {
      try PatientFeatureTable(values: [[1, 2], [3]], patientIDs: ["A", "B"], featureNames: ["a", "b"], source: "t.csv")
    }
  }
}
