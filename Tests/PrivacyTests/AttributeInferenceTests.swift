import Core
import Privacy
import Testing

/// Attribute inference on simulated patients whose features carry sex and age (and on features that
/// carry neither).
@Suite struct AttributeInferenceTests {
  /// 300 patients, 1-3 ECGs each; feature 0 = 1.5 x (male) + noise, feature 1 = age / 10 + noise,
  /// features 2-3 noise. Seed 31.
  func data(informative: Bool) throws -> AuditData {
    var rng = SplitMix64(seed: 31)
    var rows: [[Double]] = [], ids: [String] = [], age: [Double] = [], sex: [Double] = []
    for k in 0..<300 {
      let male = Double(rng.uniformInt(below: 2))
      let years = 20 + 70 * rng.uniformUnit()
      for _ in 0..<(1 + k % 3) {
        let signal = informative ? [1.5 * male, years / 10] : [0, 0]
        rows.append([signal[0] + rng.standardNormal(), signal[1] + 0.5 * rng.standardNormal(), rng.standardNormal(), rng.standardNormal()])
        ids.append("P\(k)")
        age.append(years)
        sex.append(male)
      }
    }
    let table = try PatientFeatureTable(values: rows, patientIDs: ids, featureNames: ["f0", "f1", "f2", "f3"], source: "simulated")
    return AuditData(table: table, ageYears: age, sexMale: sex)
  }

  @Test func informativeFeaturesRevealSexAndAge() throws {
    let r = try inferAttributes(data(informative: true))
    let sex = try #require(r.sex)
    let age = try #require(r.age)
    #expect(sex.auroc > 0.75)
    #expect(sex.ecgCount == 600)
    #expect(age.meanAbsoluteError < 0.5 * age.baselineMeanAbsoluteError)
    #expect(try #require(age.over65AUROC) > 0.9)
  }

  @Test func noiseRevealsNothing() throws {
    let r = try inferAttributes(data(informative: false))
    let sex = try #require(r.sex)
    let age = try #require(r.age)
    #expect(abs(sex.auroc - 0.5) < 0.1)
    #expect(age.meanAbsoluteError > 0.9 * age.baselineMeanAbsoluteError)
  }

  @Test func missingColumnsAreNotedNotInvented() throws {
    let d = try data(informative: true)
    let r = try inferAttributes(AuditData(table: d.table))
    #expect(r.sex == nil && r.age == nil)
    #expect(r.notes == ["sex: no sex column", "age: no age column"])
  }
}
