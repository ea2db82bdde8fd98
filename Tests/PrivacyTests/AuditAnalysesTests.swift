import Core
import Privacy
import Testing

/// Bootstrap, gallery growth, the negative control and attribution on simulated tables.
@Suite struct AuditAnalysesTests {
  @Test func bootstrapIsReproducibleAndBracketsTheEstimate() throws {
    let table = try simulatedTable(patients: 200, features: 5, withinSD: 0.7, seed: 3)
    var options = LinkageOptions()
    options.bootstrap = BootstrapSettings(resamples: 200, seed: 4)
    let a = try linkageAttack(table, options: options)
    options.parallel = false
    let b = try linkageAttack(table, options: options)
    let ia = try #require(a.intervals)
    #expect(ia == b.intervals)
    #expect(ia.rank1.lower <= a.summary.rank1 && a.summary.rank1 <= ia.rank1.upper)
    #expect(ia.rank10.lower <= a.summary.rank10 && a.summary.rank10 <= ia.rank10.upper)
    let eer = try #require(a.summary.equalErrorRate?.rate)
    let ie = try #require(ia.equalErrorRate)
    #expect(ie.lower <= eer && eer <= ie.upper)
    #expect(try #require(ia.eerBinningErrorBound) < 0.01)
  }

  @Test func rankOneFallsAsTheGalleryGrows() throws {
    let table = try simulatedTable(patients: 600, features: 4, withinSD: 0.6, seed: 9)
    let points = try galleryGrowth(table, sizes: [20, 100, Int.max], draws: 4)
    #expect(points.map(\.enrolled) == [20, 100, 533])  // patients with >= 2 ECGs: 600 - 600/9 rounded
    #expect(points.map(\.draws) == [4, 4, 1])
    #expect(points[0].meanRank1 > points[1].meanRank1)
    #expect(points[1].meanRank1 > points[2].meanRank1)
    #expect(points[2].chanceRank1 == 1.0 / 533)
  }

  @Test func permutedIdentitiesScoreNearChance() throws {
    let table = try simulatedTable(patients: 300, features: 6, withinSD: 0.5, seed: 12)
    let control = try permutedIdentityControl(table)
    #expect(control.real.rank1 > 50 * control.real.chanceRank1)
    #expect(control.permuted.rank1 < 4 * control.permuted.chanceRank1)
    #expect(try #require(control.permuted.equalErrorRate?.rate) > 0.4)
  }

  @Test func attributionFindsTheInformativeGroup() throws {
    // Columns 0-5 carry the patient (simulated centres), columns 6-7 are pure noise around 0.
    let base = try simulatedTable(patients: 250, features: 6, withinSD: 0.3, seed: 21)
    var rng = SplitMix64(seed: 22)
    let values = base.values.map { $0 + [rng.standardNormal(), rng.standardNormal()] }
    let table = try PatientFeatureTable(
      values: values, patientIDs: base.patientIDs, featureNames: ["a0", "a1", "a2", "a3", "a4", "a5", "n0", "n1"])
    var options = LinkageOptions()
    options.bootstrap = nil
    let r = try featureGroupAttribution(
      table, groups: ["signal": Array(0..<6), "noise": [6, 7]], options: options, repeats: 3)
    #expect(r.groups.map(\.group) == ["noise", "signal"])
    let noise = r.groups[0], signal = r.groups[1]
    #expect(r.baselineRank1 > 20 * r.chanceRank1)
    #expect(signal.dropImportance > 0.8 * (r.baselineRank1 - r.chanceRank1))
    #expect(signal.permutationImportance > 0.8 * (r.baselineRank1 - r.chanceRank1))
    #expect(noise.dropImportance < 0)  // removing noise helps
    #expect(abs(noise.permutationImportance) < 0.05)
    let all = try featureGroupAttribution(table, groups: ["all": Array(0..<8)], options: options, repeats: 1)
    #expect(all.groups[0].rank1WithoutGroup == all.chanceRank1)
  }
}
