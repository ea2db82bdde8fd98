import ECGLensTestSupport
import Foundation
import Testing

@testable import Pipeline

/// A study config is checked whole before any work: every key known, every number in range and a
/// whole number where it must be, every file present, the output folder a safe place; each error
/// names the config file, the key and the problem.
@Suite struct StudyConfigTests {
  func plan(_ json: String, folder: String? = nil) throws -> StudyPlan {
    let dir = try folder ?? TestPaths.temporaryFolder()
    try Data(count: 0).write(to: URL(fileURLWithPath: dir + "/table.csv"))
    let file = dir + "/study.json"
    try json.write(toFile: file, atomically: true, encoding: .utf8)
    return try loadStudyConfig(file)
  }

  func message(_ json: String) -> String {
    do {
      _ = try plan(json)
      return "no error"
    } catch {
      return "\(error)"
    }
  }

  let source = #""source": {"kind": "table", "file": "table.csv"}"#

  @Test func unknownKeysAreNamedWithTheirPath() {
    #expect(message(#"{\#(source), "bootstrp": {}}"#).contains("bootstrp: unknown key"))
    #expect(message(#"{\#(source), "split": {"fold": 5}}"#).contains("split.fold: unknown key"))
    #expect(message(#"{\#(source), "external": [{"name": "e", "sorce": {}}]}"#).contains("external[0].sorce: unknown key"))
  }

  /// The crash and the confusing messages of the mutation campaign: a 1e12 bootstrap allocated
  /// 320 GB after training; a seed of -1, 1.5 or 1e308 said "not valid JSON".
  @Test func numbersAreBoundedAndWhole() {
    #expect(
      message(#"{\#(source), "bootstrap": {"resamples": 1e12}}"#).contains(
        "bootstrap.resamples: 1000000000000.0 is not a whole number from 100 to 100000"))
    for seed in ["-1", "1.5", "1e308"] {
      let m = message(#"{\#(source), "split": {"seed": \#(seed)}}"#)
      #expect(m.contains("split.seed") && m.contains("not a whole number from 0"), "\(m)")
    }
    #expect(message(#"{\#(source), "min_positives": 1e9}"#).contains("min_positives"))
    #expect(message(#"{\#(source), "labels": {"min_count": -3}}"#).contains("labels.min_count"))
    #expect(message(#"{\#(source), "split": {"folds": 2}}"#).contains("split.folds"))
  }

  @Test func emptyListsAndWrongTypesAreNamed() {
    #expect(message(#"{\#(source), "targets": []}"#).contains("targets: is empty"))
    #expect(message(#"{\#(source), "features": []}"#).contains("features: is empty"))
    #expect(message(#"{\#(source), "rfe": "yes"}"#).contains("rfe: expected true or false"))
    #expect(message(#"{"source": {"kind": "csv", "file": "table.csv"}}"#).contains("source.kind"))
    #expect(message(#"{"source": {"kind": "table"}}"#).contains("source.file: is required"))
    #expect(message("{not json").contains("not valid JSON"))
  }

  @Test func missingFilesAreNamedBeforeAnyWork() {
    let m = message(#"{"source": {"kind": "muse", "file": "missing.csv"}}"#)
    #expect(m.contains("source.file") && m.contains("missing.csv") && m.contains("does not exist"), "\(m)")
    #expect(message(#"{\#(source), "explain": ["nowhere/1"]}"#).contains("explain[0]"))
  }

  @Test func outputMustBeAPlaceOfItsOwn() throws {
    #expect(message(#"{\#(source), "output": "/"}"#).contains("system or home folder"))
    #expect(message(#"{\#(source), "output": "/etc"}"#).contains("system or home folder"))
    let folder = try TestPaths.temporaryFolder()
    try "keep me".write(toFile: folder + "/notes.txt", atomically: true, encoding: .utf8)
    #expect(message(#"{\#(source), "output": "\#(folder)"}"#).contains("not an ECGLens study"))
    // An empty folder, or an earlier study's folder, is fine.
    let empty = try TestPaths.temporaryFolder()
    #expect(message(#"{\#(source), "output": "\#(empty)"}"#) == "no error")
  }

  @Test func documentationListsEveryKey() {
    let text = StudyConfig.documentationText
    for key in StudyConfig.Keys.allCases { #expect(text.contains("  \(key.stringValue): "), "\(key)") }
    for key in SplitConfig.Keys.allCases { #expect(text.contains("  \(key.stringValue): "), "\(key)") }
    for key in LabelsConfig.Keys.allCases { #expect(text.contains("  \(key.stringValue): "), "\(key)") }
  }
}
