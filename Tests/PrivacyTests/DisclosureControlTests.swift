import Core
import Privacy
import Testing

@Suite struct DisclosureControlTests {
  @Test func kAnonymityCountsClasses() throws {
    let m: [[Double]] = [[100, 1], [104, 1], [112, 1], [.nan, 1], [.nan, 1], [131, 2]]
    let r = try kAnonymity(m, quasiIdentifiers: [0, 1], steps: [10, 0])
    // classes: {100, 104} -> 10, {112} -> 11, {NaN, NaN}, {131 -> 13, 2}
    #expect(r.classCount == 4)
    #expect(r.rowsByK == [2: 4, 1: 2])
    #expect(r.uniqueFraction == 2.0 / 6)
    #expect(r.belowFiveFraction == 1)
    #expect(r.minimumK == 1)
    #expect(throws: PrivacyError.self) { try kAnonymity(m, quasiIdentifiers: [0], steps: [-1]) }
  }

  @Test func coarseningRoundsToTheStep() throws {
    let out = try coarsen([[123, 0.26], [.nan, -0.24]], steps: [10, nil])
    #expect(out[0] == [120, 0.26])
    #expect(out[1][0].isNaN && out[1][1] == -0.24)
  }

  @Test func topBottomCodingClampsAtQuantiles() throws {
    let m = (0...10).map { [Double($0)] } + [[.nan]]
    let out = try topBottomCode(m, lower: 0.1, upper: 0.9)
    #expect(out.prefix(11).map { $0[0] } == [1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9])
    #expect(out[11][0].isNaN)
  }

  @Test func noiseIsSeededAndScaled() throws {
    var rng = SplitMix64(seed: 1)
    let m = (0..<4_000).map { _ in [10 * rng.standardNormal(), 1] }
    let a = try addGaussianNoise(m, fractionOfSD: 0.5, seed: 7)
    #expect(a == (try addGaussianNoise(m, fractionOfSD: 0.5, seed: 7)))
    let diffs = zip(a, m).map { $0[0] - $1[0] }
    let sd = (diffs.reduce(0) { $0 + $1 * $1 } / Double(diffs.count)).squareRoot()
    #expect(abs(sd - 5) < 0.3)
    #expect(a.allSatisfy { $0[1] == 1 })  // constant column: SD 0, no noise
  }
}

@Suite struct FeatureGroupTests {
  @Test func catalogueNamesMapToGroups() {
    let names = [
      "age_years", "rr_ms", "pr_ms", "p_ms", "qrs_ms", "qtc_bazett_ms", "t_end", "qrs_axis_deg",
      "p_axis", "v1_r_amp_mv", "v5_st60_mv", "ii_t_amp_mv", "avl_r_prime", "i_quality", "foo",
    ]
    #expect(
      names.map(featureGroup(of:)) == [
        "demographics", "rhythm", "PR", "P wave", "QRS", "QT", "QT", "axes", "axes", "amplitudes", "ST-T", "ST-T",
        "QRS", "signal quality", "other",
      ])
    let groups = defaultFeatureGroups(featureNames: ["rr_interval", "p_axis", "qrs_axis", "t_end"])
    #expect(groups == ["rhythm": [0], "axes": [1, 2], "QT": [3]])
  }
}
