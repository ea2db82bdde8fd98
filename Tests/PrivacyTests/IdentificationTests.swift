import Privacy
import Testing

/// Small hand-checkable attacks on one-feature tables.
@Suite struct IdentificationTests {
  /// Patients A, B, C with gallery values 0, 10, 20 (SD 10 -> z = -1, 0, 1). Probes: A at 1 (nearest A),
  /// B at 16 (nearer C: rank 2), C at 20 (exact match). Rank-1 = 2/3, rank-2 = 1.
  @Test func ranksAndCMC() throws {
    let table = try PatientFeatureTable(
      values: [[0], [1], [10], [16], [20], [20]], patientIDs: ["A", "A", "B", "B", "C", "C"],
      featureNames: ["x"])
    var options = LinkageOptions()
    options.gallery = .explicit(rows: [0, 2, 4])
    options.bootstrap = nil
    let r = try linkageAttack(table, options: options)
    #expect(r.summary.rank1 == 2.0 / 3)
    #expect(r.summary.cmc == [2.0 / 3, 1, 1])
    #expect(r.summary.rank10 == 1)
    #expect(r.summary.chanceRank1 == 1.0 / 3)
  }

  /// A probe exactly halfway between its own entry and another one is a tie: it counts 1/2 at rank 1.
  @Test func tiesAreSharedEvenly() throws {
    let table = try PatientFeatureTable(
      values: [[0], [5], [10], [30]], patientIDs: ["A", "A", "B", "B"], featureNames: ["x"])
    var options = LinkageOptions()
    options.gallery = .explicit(rows: [0, 2])
    options.bootstrap = nil
    let r = try linkageAttack(table, options: options)
    // Probe A (5) is as far from A (0) as from B (10): a tie -> 1/2. Probe B (30): nearest is B -> 1.
    #expect(r.summary.rank1 == 0.75)
  }

  /// Gallery-to-probe time gaps follow the earliest-ECG gallery.
  @Test func timeGaps() throws {
    let table = try PatientFeatureTable(
      values: [[1], [2], [3], [4], [5]], patientIDs: ["A", "A", "A", "B", "B"], times: [10, 0, 30, 5, 9],
      featureNames: ["x"])
    var options = LinkageOptions()
    options.bootstrap = nil
    let r = try linkageAttack(table, options: options)
    #expect(r.design.galleryRows == [1, 3])
    let gaps = try #require(r.timeGaps)
    #expect(gaps.median == 10)  // gaps 10, 30, 4
    #expect(gaps.count == 3)
  }

  @Test func noProbesIsAnError() throws {
    let table = try PatientFeatureTable(values: [[1], [2]], patientIDs: ["A", "B"], featureNames: ["x"])
    #expect(throws: PrivacyError.self) { try linkageAttack(table) }
  }
}
