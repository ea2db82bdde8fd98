import ECGLensTestSupport
import Privacy
import Testing

@testable import Reports

/// The audit page and the study report's privacy section render as self-contained HTML.
@Suite struct ReidentificationReportTests {
  /// 240 simulated patients with 1-4 ECGs (180 with repeats: the growth curve has 100 and all); features carry the patient, sex and a target. Seed 5.
  static func audit() throws -> ReidentificationAudit {
    var rng = SeededGenerator(seed: 5)
    var rows: [[Double]] = [], ids: [String] = [], sex: [Double] = [], age: [Double] = [], target: [Double] = []
    for k in 0..<240 {
      // In the features' units (ms, degrees), so the release coarsening keeps them informative.
      let centre = (0..<4).map { _ in 40 * rng.standardNormal() }
      for _ in 0..<(1 + k % 4) {
        let row = centre.map { $0 + 16 * rng.standardNormal() }
        rows.append(row)
        ids.append("P\(k)")
        sex.append(centre[0] > 0 ? 1 : 0)
        age.append(50 + centre[1] / 4)
        target.append(row[2] > 0 ? 1 : 0)
      }
    }
    let table = try PatientFeatureTable(
      values: rows, patientIDs: ids, featureNames: ["qrs_ms", "pr_ms", "qt_ms", "t_axis_deg"], source: "sim.csv")
    var options = AuditOptions()
    options.linkage.bootstrap = BootstrapSettings(resamples: 50)
    options.attributionRepeats = 1
    options.threads = 1
    return try auditReidentification(
      AuditData(table: table, ageYears: age, sexMale: sex, target: target, targetName: "target"), options: options)
  }

  @Test func pageIsSelfContainedAndHoldsEverySection() throws {
    let page = renderReidentificationReport(try Self.audit(), title: "audit <sim>")
    #expect(page.hasPrefix("<!DOCTYPE html>"))
    #expect(!page.contains("<script"))
    #expect(
      !page.contains("http://") || page.components(separatedBy: "http://").count - 1 == page.components(separatedBy: "xmlns=\"http://").count - 1)
    #expect(page.contains("audit &lt;sim&gt;"))
    for heading in [
      "Identification rate by rank (CMC)", "Rank-1 as the gallery grows", "Rank-1 lost per feature group",
      "Utility against identification", "Mitigation: identification left and utility cost", "Uniqueness",
    ] {
      #expect(page.contains(heading), "missing \(heading)")
    }
    #expect(page.components(separatedBy: "<svg").count - 1 == 4)
    #expect(page.contains("negative control: patient ids permuted"))
  }

  @Test func studySectionExplainsAMissingAudit() {
    let html = studyPrivacySection(StudyPrivacy(audit: nil, note: "No patient has two or more ECGs <here>"))
    #expect(html == "<h2>Privacy</h2><p class=muted>No patient has two or more ECGs &lt;here&gt;</p>")
    #expect(studyPrivacySection(nil) == "")
  }
}
