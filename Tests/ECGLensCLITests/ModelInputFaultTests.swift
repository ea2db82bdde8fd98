import ArgumentParser
import ECGLensTestSupport
import Foundation
import Modelling
import Testing

@testable import ECGLensCLI
@testable import Pipeline

/// Applying a model to the wrong rows or a table without its features is named, not answered.
@Suite struct ModelInputFaultTests {
  /// The mutation campaign's case: a table without `rr_ms` was explained as "rr_ms was not
  /// measured" and predicted sinus bradycardia 0.86 for an atrial-fibrillation row, exit 0.
  @Test func explainingATableRowNeedsEveryModelFeature() throws {
    let folder = try ExplainCommandTests().trainedStudy()
    let table = try String(contentsOfFile: folder + "/features.csv", encoding: .utf8)
    var lines = table.split(separator: "\n").map(String.init)
    let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    let drop = try #require(header.firstIndex(of: "rr_ms"))
    lines = lines.map { line in
      var cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      if cells.count == header.count { cells.remove(at: drop) }
      return cells.joined(separator: ",")
    }
    try (lines.joined(separator: "\n") + "\n").write(toFile: folder + "/no-rr.csv", atomically: true, encoding: .utf8)
    let id = String(lines[1].prefix { $0 != "," })
    var command = try ECGLens.parseAsRoot(["explain", "--table", folder + "/no-rr.csv", "--row", id, "--study", folder + "/study"])
    #expect(performing: { try command.run() }, throws: { "\($0)".contains("rr_ms") && "\($0)".contains("--allow-missing") })
    var allowed = try ECGLens.parseAsRoot([
      "explain", "--table", folder + "/no-rr.csv", "--row", id, "--study", folder + "/study", "--allow-missing", "rr_ms", "--quiet",
    ])
    try allowed.run()
  }

  /// `predict` on the study's own training table printed an in-sample AUROC without a word.
  @Test func predictingTheTrainingRowsWarns() throws {
    let folder = try ExplainCommandTests().trainedStudy()
    let result = try predictTable(study: folder + "/study", table: folder + "/features.csv", labels: [folder + "/labels.csv"])
    #expect(result.notes.contains { $0.contains("training or validation partitions") && $0.contains("in-sample") }, "\(result.notes)")
  }

  /// Minimum positives count patients: 13 positive ECGs of 3 patients are 3 observations.
  @Test func minimumPositivesCountPatients() throws {
    let labels: [Double] = [1, 1, 1, 1, 0, 0, 0, 1]
    let patients = ["a", "a", "a", "b", "c", "d", "e", "a"]
    let c = ClassCounts(rows: Array(labels.indices), labels: labels, patients: patients)
    #expect(c.positives == 5 && c.patientsWithPositives == 2 && c.patientsWithNegatives == 3)
    #expect(c.largestPatientPositives == 4)
    #expect(c.concentrationNote("test")?.contains("one patient contributes 4 of the 5 positive ECGs in test") == true)
  }
}
