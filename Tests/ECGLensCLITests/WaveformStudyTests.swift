import ArgumentParser
import ECGLensTestSupport
import Foundation
import Modelling
import Tables
import Testing

@testable import ECGLensCLI
@testable import Extraction
@testable import Pipeline

@Suite struct WaveformStudyTests {
  /// Extracted PTB-XL rows get the chosen metadata columns, age and sex (PTB-XL codes sex 0 as
  /// male), and nothing else; records without metadata are counted, bad metadata is named.
  @Test func joinsMetadataOnTheRecordName() throws {
    let folder = try TestPaths.temporaryFolder()
    var extract = try ECGLens.parseAsRoot(["extract", TestPaths.samples + "/ptb-xl", TestPaths.samples + "/ludb/1", "--out", folder + "/f.csv"])
    try extract.run()
    let features = try readCSV(at: folder + "/f.csv", options: CSVReadOptions(textColumns: ["ecg_id"]))
    let join = MetadataJoin(
      file: TestPaths.samples + "/ptb-xl/ptbxl_database-excerpt.csv", recordColumn: "filename_hr",
      ageColumn: "age", sexColumn: "sex", maleValue: "0", columns: ["patient_id", "scp_codes"])
    let (joined, unmatched) = try joinMetadata(features: features, join)
    #expect(unmatched == 1)  // LUDB 1 has no PTB-XL row
    #expect(joined.rowCount == 11)
    #expect(joined.index(of: "nurse") == nil && joined.index(of: "scp_codes") != nil)
    let ids = try joined.text("ecg_id"), age = try joined.numeric("age_years"), sex = try joined.numeric("sex_male")
    let first = try #require(ids.firstIndex(of: "00001_hr"))  // 56-year-old woman
    #expect(age[first] == 56 && sex[first] == 0)
    let second = try #require(ids.firstIndex(of: "00002_hr"))  // 19-year-old man
    #expect(age[second] == 19 && sex[second] == 1)
    var bad = join
    bad.columns = ["no_such_column"]
    #expect(performing: { _ = try joinMetadata(features: features, bad) }, throws: { "\($0)".contains("no_such_column") })
  }

  /// The waveform path of `ecglens study` on the 500 shared PTB-XL records: extract, join,
  /// SCP superclass labels, the PTB-XL folds, one model.
  @Test func studyFromWaveforms() throws {
    guard TestPaths.hasSharedData("ptb-xl/records500") else {
      print("skipped: \(TestPaths.sharedData)/ptb-xl is missing")
      return
    }
    let folder = try TestPaths.temporaryFolder()
    let data = TestPaths.sharedData + "/ptb-xl"
    let config = """
      {"source": {"kind": "wfdb", "paths": ["\(data)/records500"],
                  "metadata": {"file": "\(data)/ptbxl_database.csv", "record_column": "filename_hr", "age_column": "age",
                               "sex_column": "sex", "male_value": "0", "columns": ["patient_id", "scp_codes", "strat_fold"]}},
       "labels": {"scp_codes": "scp_codes", "scp_statements": "\(data)/scp_statements.csv", "min_count": 40},
       "targets": ["scp_super_NORM"], "rfe": false, "ablation": false, "min_positives": 5,
       "split": {"fold_column": "strat_fold", "validation_folds": [9], "test_folds": [10]},
       "bootstrap": {"resamples": 200}}
      """
    try config.write(toFile: folder + "/s.json", atomically: true, encoding: .utf8)
    var command = try ECGLens.parseAsRoot(["study", folder + "/s.json", "--out", folder + "/out"])
    try command.run()
    let summary = try readStudy(at: folder + "/out/study")
    let norm = try #require(summary.entries.first { $0.target == "scp_super_NORM" })
    #expect(norm.testAUROC ?? 0 > 0.75)
    // Only catalogue features: no recording metadata leaks into the model.
    #expect(!(norm.candidateFeatures ?? []).contains("strat_fold") && (norm.candidateFeatures ?? []).contains("qrs_ms"))
    #expect((norm.candidateFeatures ?? []).allSatisfy { !["patient_id", "nurse", "site"].contains($0) })
  }
}
