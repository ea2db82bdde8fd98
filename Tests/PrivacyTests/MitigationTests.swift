import Core
import Foundation
import Privacy
import Testing

@Suite struct MitigationTests {
  @Test func unitsComeFromTheNames() {
    let names = ["qrs_ms", "rr_interval", "p_axis", "t_axis_deg", "v1_r_amp_mv", "heart_rate_bpm", "p_rr", "i_quality"]
    #expect(
      names.map { FeatureUnit(featureName: $0) } == [
        .milliseconds, .milliseconds, .degrees, .degrees, .millivolts, .beatsPerMinute, .other, .other,
      ])
    #expect(ReleaseSteps.coarse.step(forFeature: "qrs_axis_deg") == 30)
    #expect(ReleaseSteps.release.step(forFeature: "p_rr") == nil)
  }

  @Test func coarseningAndSuppressionTouchOnlyTheirColumns() throws {
    let table = try PatientFeatureTable(
      values: [[93, 0.137, 0.42], [.nan, 0.2, -0.26]], patientIDs: ["A", "A"], featureNames: ["qrs_ms", "p_rr", "v1_r_amp_mv"])
    let coarse = try Mitigation.coarsening(.release).apply(to: table)
    #expect(coarse[0] == [90, 0.137, 0.4])
    #expect(coarse[1][0].isNaN && coarse[1][1] == 0.2 && abs(coarse[1][2] + 0.25) < 1e-12)
    let kept = try Mitigation.suppression(keeping: ["p_rr"]).apply(to: table)
    #expect(kept.allSatisfy { $0[0].isNaN && $0[2].isNaN })
    #expect(kept.map { $0[1] } == [0.137, 0.2])
  }
}

/// The whole audit on a simulated table: 240 patients, 6 features carrying the patient, 2 of noise,
/// a target driven by feature 0, sex by feature 1.
@Suite struct WholeAuditTests {
  static func data() throws -> AuditData {
    let base = try simulatedTable(patients: 240, features: 6, withinSD: 0.5, seed: 41)
    var rng = SplitMix64(seed: 42)
    let names = ["qrs_ms", "pr_ms", "qt_ms", "p_axis_deg", "t_axis_deg", "v1_r_amp_mv", "noise_a", "noise_b"]
    let values = base.values.map { $0 + [rng.standardNormal(), rng.standardNormal()] }
    let table = try PatientFeatureTable(
      values: values, patientIDs: base.patientIDs, times: base.times, featureNames: names, source: "simulated")
    let target = values.map { $0[0].isNaN ? Double.nan : ($0[0] + 0.5 * rng.standardNormal() > 0 ? 1 : 0) }
    let sex = values.map { $0[1].isNaN ? Double.nan : ($0[1] > 0 ? 1.0 : 0) }
    let age = values.map { _ in 40 + 40 * rng.uniformUnit() }
    return AuditData(table: table, ageYears: age, sexMale: sex, target: target, targetName: "target", timeUnit: "days")
  }

  static func audit() throws -> ReidentificationAudit {
    var options = AuditOptions()
    options.linkage.bootstrap = BootstrapSettings(resamples: 100)
    options.attributionRepeats = 2
    options.threads = 1
    return try auditReidentification(data(), options: options)
  }

  @Test func figuresHangTogether() throws {
    let a = try Self.audit()
    let s = a.linkage.summary
    #expect(s.rank1 > 20 * s.chanceRank1)
    #expect(a.permuted.rank1 < 5 * a.permuted.chanceRank1)
    #expect(a.mitigations.count == Mitigation.defaults.count)  // 5 of the 8 features are base measurements
    let base = try #require(a.mitigations.last)
    #expect(
      base.mitigation == .suppression(keeping: ["rr_ms", "pr_ms", "qrs_ms", "qt_ms", "qtc_bazett_ms", "p_axis_deg", "qrs_axis_deg", "t_axis_deg"]))
    let original = try #require(a.mitigations.first)
    #expect(original.euclidean.rank1 == s.rank1)
    let noisiest = try #require(a.mitigations.first { $0.mitigation == .gaussianNoise(fractionOfSD: 2, seed: 4) })
    #expect(noisiest.euclidean.rank1 < 0.5 * s.rank1)
    let originalAUROC = try #require(original.targetAUROC)
    #expect(originalAUROC > 0.8)
    #expect(try #require(noisiest.targetAUROC) < originalAUROC)
    #expect(try #require(a.attributes.sex?.auroc) > 0.8)
    #expect(a.kAnonymity.quasiIdentifiers.prefix(2) == ["age", "sex"])
    #expect(a.linkage.timeGaps != nil)
  }

  @Test func jsonHasTheIssueKeys() throws {
    let object = try JSONSerialization.jsonObject(with: try Self.audit().json()) as? [String: Any]
    let o = try #require(object)
    for key in [
      "n_patients", "n_gallery", "n_probes", "rank1", "rank1_ci", "rank10", "eer", "chance_rank1", "rank1_permuted",
      "sex_auroc", "age_mae", "group_importance", "k1_fraction",
    ] {
      #expect(o[key] != nil, "missing \(key)")
    }
    #expect((o["rank1_ci"] as? [Double])?.count == 2)
    #expect((o["group_importance"] as? [String: Any])?["QRS"] != nil)
    #expect((o["mitigation"] as? [[String: Any]])?.count == Mitigation.defaults.count)
  }

  /// Features in small values named as ms and degrees all round to 0 at the release steps: the
  /// coarsenings are noted as not scored, not an error that loses the whole audit.
  @Test func aMitigationThatLeavesNothingIsNoted() throws {
    let base = try simulatedTable(patients: 60, features: 2, maxECGs: 3, seed: 7)
    let table = try PatientFeatureTable(
      values: base.values.map { $0.map { $0 / 100 } }, patientIDs: base.patientIDs, featureNames: ["qrs_ms", "t_axis_deg"],
      source: "small")
    var options = AuditOptions()
    options.linkage.bootstrap = nil
    options.learnedMetric = false
    options.attributionRepeats = 1
    options.mitigations = [.original, .coarsening(.release), .gaussianNoise(fractionOfSD: 1, seed: 1)]
    let audit = try auditReidentification(AuditData(table: table), options: options)
    #expect(audit.mitigations.map(\.mitigation) == [.original, .gaussianNoise(fractionOfSD: 1, seed: 1)])
    #expect(audit.notes.contains { $0.hasPrefix("coarsened to 10 ms") && $0.hasSuffix("not scored") })
  }
}
