import ECGLensTestSupport
import Foundation
import Testing

@testable import ECGLensCLI

/// `ecglens audit-reid` end to end on a small simulated CSV: the JSON has the issue's keys, the
/// report is written, and a column that is not there is a usage error naming it.
@Suite struct AuditReidCommandTests {
  func writeTable() throws -> String {
    var rng = SeededGenerator(seed: 9)
    var lines = ["ecg_id,patient_id,qrs_ms,pr_ms,qt_ms,age_years,sex_male,afib"]
    for k in 0..<80 {
      let centre = (0..<3).map { _ in rng.standardNormal() }
      for e in 0..<(1 + k % 3) {
        let v = centre.map { 100 + 20 * ($0 + 0.3 * rng.standardNormal()) }
        lines.append("e\(k)_\(e),P\(k),\(v[0]),\(v[1]),\(v[2]),\(40 + k % 40),\(k % 2),\(v[0] > 100 ? 1 : 0)")
      }
    }
    let path = try TestPaths.temporaryFolder() + "/features.csv"
    try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func writesJSONAndReport() throws {
    let table = try writeTable()
    let folder = URL(fileURLWithPath: table).deletingLastPathComponent().path
    var command = try ECGLens.parseAsRoot([
      "audit-reid", table, "--patient", "patient_id", "--target", "afib", "--resamples", "50", "--jobs", "1",
      "--json", folder + "/audit.json", "--out", folder + "/audit.html",
    ])
    try command.run()
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/audit.json")))
    let json = try #require(object as? [String: Any])
    #expect(json["n_patients"] as? Int == 80)
    #expect((json["features_used"] as? [String]) == ["qrs_ms", "pr_ms", "qt_ms"])
    #expect(json["target"] as? String == "afib")
    #expect(json["sex_auroc"] != nil && json["k1_fraction"] != nil)
    let page = try String(contentsOfFile: folder + "/audit.html", encoding: .utf8)
    #expect(page.contains("Re-identification risk"))
  }

  @Test func anUnknownColumnIsAUsageError() throws {
    let table = try writeTable()
    var command = try ECGLens.parseAsRoot(["audit-reid", table, "--patient", "subject_id"])
    do {
      try command.run()
      Issue.record("no error for a missing patient column")
    } catch {
      #expect("\(error)".contains("subject_id"))
      #expect(ECGLens.exitStatus(for: error) == 2)
    }
  }
}
