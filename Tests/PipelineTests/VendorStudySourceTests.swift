import ECGLensTestSupport
import Foundation
import Tables
import Testing

@testable import Pipeline

/// A study whose source is a folder of vendor ECG files, as waveforms (`kind: wfdb`, extracted) or as
/// the carts' own measurements (`kind: cart`, ingested): the first step reads them, and its cache
/// keys on the files themselves.
@Suite struct VendorStudySourceTests {
  /// A study folder with the bundled vendor samples under `ecgs/`, a label table for them, and
  /// the config `source`; returns the config file.
  func study(source: String) throws -> String {
    let dir = try TestPaths.temporaryFolder()
    try FileManager.default.copyItem(atPath: TestPaths.samples + "/vendor-formats", toPath: dir + "/ecgs")
    let labels = "ecg_id,target\npydicom-waveform_ecg,1\n129DYPRG,0\necgtoolkit-Example,1\n"
    try labels.write(toFile: dir + "/labels.csv", atomically: true, encoding: .utf8)
    let config =
      #"{"source": \#(source), "labels": {"file": "labels.csv"}, "patient_column": "ecg_id", "rfe": false, "#
      + #""ablation": false, "split": {"folds": 3}, "bootstrap": {"resamples": 100}}"#
    try config.write(toFile: dir + "/study.json", atomically: true, encoding: .utf8)
    return dir + "/study.json"
  }

  /// Runs the study as far as it goes on three ECGs (too few to train): the first step must have
  /// written the features table, and the cache log must show it ran, then was kept on a rerun.
  func firstStep(_ config: String) throws -> (table: DataTable, log: [String]) {
    var log: [String] = []
    for _ in 0..<2 {
      do {
        _ = try runStudyPipeline(configFile: config, options: StudyRunOptions(version: "test")) {
          if case .note(let line) = $0 { log.append(line) }
        }
      } catch {
        #expect(!"\(error)".contains("cannot be read"), "\(error)")
      }
    }
    let out = URL(fileURLWithPath: config).deletingPathExtension().path
    return (try readCSV(at: out + "/features.csv", options: CSVReadOptions(textColumns: ["ecg_id", "patient_id"])), log)
  }

  @Test func cartSource_ingestsTheVendorFiles() throws {
    let (table, log) = try firstStep(try study(source: #"{"kind": "cart", "paths": ["ecgs"]}"#))
    #expect(try table.text("ecg_id") == ["pydicom-waveform_ecg", "129DYPRG", "ecgtoolkit-Example"])
    #expect(try table.numeric("qt_ms") == [368, 476, 420])
    #expect(log.filter { $0 == "[ingest] running" }.count == 1 && log.contains("[ingest] unchanged, kept"))
  }

  @Test func waveformSource_extractsTheVendorFiles() throws {
    let (table, log) = try firstStep(try study(source: #"{"kind": "wfdb", "paths": ["ecgs"]}"#))
    #expect(try table.text("ecg_id") == ["pydicom-waveform_ecg", "129DYPRG", "ecgtoolkit-Example"])
    #expect(log.filter { $0 == "[extract] running" }.count == 1 && log.contains("[extract] unchanged, kept"))
  }

  @Test func cartSourceConfig_needsPaths_andNoLabelColumn() throws {
    let dir = try TestPaths.temporaryFolder()
    func load(_ json: String) -> String {
      do {
        try json.write(toFile: dir + "/s.json", atomically: true, encoding: .utf8)
        _ = try loadStudyConfig(dir + "/s.json")
        return "no error"
      } catch { return "\(error)" }
    }
    #expect(load(#"{"source": {"kind": "cart"}}"#).contains("paths"))
    #expect(load(#"{"source": {"kind": "cart", "paths": ["."], "label": "x"}}"#).contains("labels.file"))
    #expect(load(#"{"source": {"kind": "cart", "paths": ["."]}, "patient_column": "subject"}"#).contains("ecg_id, patient_id"))
  }
}
