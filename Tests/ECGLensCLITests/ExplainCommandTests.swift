import ArgumentParser
import ECGLensTestSupport
import Foundation
import Reports
import Testing

@testable import ECGLensCLI
@testable import Extraction
@testable import Pipeline

/// A study trained on the Chapman excerpt's machine measurements, explained on a bundled LUDB
/// waveform (sinus bradycardia, 45 bpm) and on a row of the table itself.
@Suite struct ExplainCommandTests {
  init() {}
  public func trainedStudy() throws -> String {
    let folder = try TestPaths.temporaryFolder()
    let sample = TestPaths.samples + "/chapman/Diagnostics-first2000.csv"
    for arguments in [
      ["ingest", "muse", sample, "--out", folder + "/features.csv"],
      [
        "labels", folder + "/features.csv", "--id-column", "ecg_id", "--categorical", "rhythm", "--min-count", "150",
        "--out", folder + "/labels.csv",
      ],
      [
        "train", "--table", folder + "/features.csv", "--labels", folder + "/labels.csv", "--id-column", "ecg_id",
        "--patient-column", "patient_id", "--targets", "rhythm_SB,rhythm_SR", "--min-positives", "5", "--folds", "10",
        "--out", folder + "/study",
      ],
    ] {
      var command = try ECGLens.parseAsRoot(arguments)
      try command.run()
    }
    return folder
  }

  @Test func explainsARecordFromItsMeasurements() throws {
    let folder = try trainedStudy()
    var command = try ECGLens.parseAsRoot([
      "explain", TestPaths.samples + "/ludb/1", "--study", folder + "/study", "--out", folder + "/x.html", "--json", folder + "/x.json",
    ])
    try command.run()
    let explanations = try explanationDecoder().decode([TargetExplanation].self, from: Data(contentsOf: URL(fileURLWithPath: folder + "/x.json")))
    #expect(explanations.map(\.target).sorted() == ["rhythm_SB", "rhythm_SR"])
    for x in explanations {
      // SHAP additivity: base + contributions = the model's log-odds.
      let logOdds = x.baseLogOdds + x.evidence.map(\.shap).reduce(0, +)
      #expect(abs(1 / (1 + exp(-logOdds)) - x.probability) < 1e-4)
    }
    // 45 bpm: the rate is the evidence, stated with its value, range and assessment.
    let sb = try #require(explanations.first { $0.target == "rhythm_SB" })
    #expect(sb.probability > 0.5)
    let rr = try #require(sb.evidence.first { $0.feature == "rr_ms" })
    #expect(abs(rr.value - 1321) < 15 && rr.assessment == "abnormal" && rr.unit == "ms")
    // A machine measurement is supplied by its waveform counterpart and says so.
    if let machine = sb.evidence.first(where: { $0.feature == "machine_qrs_ms" }) { #expect(machine.measuredAs == "qrs_ms") }
    let html = try String(contentsOfFile: folder + "/x.html", encoding: .utf8)
    #expect(html.contains("<svg") && html.contains("rhythm_SB") && !html.contains("<script"))
    #expect(html.components(separatedBy: "<polyline").count - 1 >= 12)
  }

  @Test func explainsATableRow_andNamesBadInput() throws {
    let folder = try trainedStudy()
    let id = try String(contentsOfFile: folder + "/features.csv", encoding: .utf8).split(separator: "\n")[1].split(separator: ",")[0]
    var command = try ECGLens.parseAsRoot([
      "explain", "--table", folder + "/features.csv", "--row", String(id), "--study", folder + "/study",
      "--json", folder + "/row.json",
    ])
    try command.run()
    let explanations = try explanationDecoder().decode([TargetExplanation].self, from: Data(contentsOf: URL(fileURLWithPath: folder + "/row.json")))
    #expect(explanations.count == 2 && explanations.allSatisfy { $0.unmeasured.isEmpty })
    var missing = try ECGLens.parseAsRoot(["explain", "--table", folder + "/features.csv", "--row", "nope", "--study", folder + "/study"])
    #expect(performing: { try missing.run() }, throws: { "\($0)".contains("no row with ecg_id = nope") })
    var noStudy = try ECGLens.parseAsRoot(["explain", TestPaths.samples + "/ludb/1", "--study", folder + "/absent"])
    #expect(throws: (any Error).self) { try noStudy.run() }
  }

  /// A study folder from an incompatible (or unversioned) ECGLens is named as such before any work.
  @Test func refusesAStudyFolderOfAnotherFormat() throws {
    let folder = try trainedStudy()
    let path = folder + "/study/study.json"
    var json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    #expect(json["formatVersion"] as? Int == 1)
    json["formatVersion"] = nil
    try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
    for arguments in [
      ["evaluate", folder + "/study"], ["explain", TestPaths.samples + "/ludb/1", "--study", folder + "/study"],
      ["report", folder + "/study"],
    ] {
      var command = try ECGLens.parseAsRoot(arguments)
      #expect(performing: { try command.run() }, throws: { "\($0)".contains("format 0 (unversioned)") && "\($0)".contains("train the study again") })
    }
  }
}
