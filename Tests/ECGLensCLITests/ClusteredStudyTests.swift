import ArgumentParser
import ECGLensTestSupport
import Foundation
import Modelling
import Statistics
import Tables
import Testing

@testable import ECGLensCLI
@testable import Pipeline

/// Parses and runs one ecglens command line.
func runECGLens(_ arguments: [String]) throws {
  var command = try ECGLens.parseAsRoot(arguments)
  try command.run()
}

/// Cluster-aware statistics end to end on a real study (the bundled Chapman-Shaoxing excerpt), the
/// predictions-table contract, and the training workflow's guards.
@Suite struct ClusteredStudyTests {
  let sample = TestPaths.samples + "/chapman/Diagnostics-first2000.csv"

  /// Ingests the excerpt, builds labels and trains SB and AFIB in the three ablation variants.
  func chapmanStudy() throws -> String {
    let folder = try TestPaths.temporaryFolder()
    try runECGLens(["ingest", "muse", sample, "--out", folder + "/features.csv"])
    try runECGLens([
      "labels", folder + "/features.csv", "--id-column", "ecg_id", "--categorical", "rhythm", "--min-count", "150",
      "--out", folder + "/labels.csv",
    ])
    try runECGLens([
      "train", "--table", folder + "/features.csv", "--labels", folder + "/labels.csv", "--id-column", "ecg_id",
      "--patient-column", "patient_id", "--targets", "rhythm_SB,rhythm_AFIB", "--ablation", "--min-positives", "5", "--folds", "10",
      "--out", folder + "/study",
    ])
    return folder
  }

  /// A copy of the study whose every test row appears `k` times under its own patient (new ids).
  func duplicateTestRows(_ study: String, k: Int) throws -> String {
    let copy = study + "-dup"
    try FileManager.default.copyItem(atPath: study, toPath: copy)
    for entry in try readStudy(at: copy).entries where entry.status == "trained" {
      let path = copy + "/" + entry.modelFolder! + "/predictions.csv"
      let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
      var out = lines
      for copyIndex in 1..<k {
        for line in lines.dropFirst() where line.split(separator: ",")[2] == "test" {
          out.append(line.replacingOccurrences(of: "^([^,]*)", with: "$1#\(copyIndex)", options: .regularExpression))
        }
      }
      try (out.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }
    return copy
  }

  /// Duplicating test rows within patients leaves every clustered DeLong interval and p-value of
  /// evaluate and compare unchanged; the classic forms (--unit ecg) move.
  @Test func duplicatedRowsLeaveClusteredResultsUnchanged() throws {
    let folder = try chapmanStudy()
    let study = folder + "/study", dup = try duplicateTestRows(study, k: 5)
    var options = BootstrapOptions()
    options.resamples = 200
    let one = try evaluateStudy(at: study, options: options), five = try evaluateStudy(at: dup, options: options)
    #expect(one.rows.count == 6 && five.rows.count == 6)
    for (a, b) in zip(one.rows, five.rows) {
      #expect(b.evaluation.rows == 5 * a.evaluation.rows && a.evaluation.auroc.method == .clusteredDeLong)
      #expect(abs(a.evaluation.auroc.lower - b.evaluation.auroc.lower) < 1e-9 && abs(a.evaluation.auroc.upper - b.evaluation.auroc.upper) < 1e-9)
      #expect(abs(a.evaluation.pAboveChance - b.evaluation.pAboveChance) < 1e-9 && abs(a.pAboveCAdjusted - b.pAboveCAdjusted) < 1e-9)
    }
    let c1 = try compareVariants(at: study, base: .demographics, new: .ecgDemographics, thresholds: [0.1, 0.3], options: options)
    let c5 = try compareVariants(at: dup, base: .demographics, new: .ecgDemographics, thresholds: [0.1, 0.3], options: options)
    for (a, b) in zip(c1.rows, c5.rows) {
      #expect(abs(a.comparison.delong.pValue - b.comparison.delong.pValue) < 1e-9)
      #expect(abs(a.comparison.delong.lower - b.comparison.delong.lower) < 1e-9)
      #expect(abs(a.comparison.continuous.nriPValue - b.comparison.continuous.nriPValue) < 1e-9)
      #expect(abs(a.comparison.continuous.idiPValue - b.comparison.continuous.idiPValue) < 1e-9)
      #expect(abs(a.comparison.categorical!.nriPValue - b.comparison.categorical!.nriPValue) < 1e-9)
    }
    #expect(c1.table.contains("clustered DeLong") && c1.csv.contains("clustered DeLong (Obuchowski 1997)"))
    options.unit = .ecg
    let classic1 = try compareVariants(at: study, base: .demographics, new: .ecgDemographics, thresholds: [], options: options)
    let classic5 = try compareVariants(at: dup, base: .demographics, new: .ecgDemographics, thresholds: [], options: options)
    #expect(classic5.rows[0].comparison.delong.pValue < classic1.rows[0].comparison.delong.pValue)
    #expect(classic1.rows[0].comparison.delong.method == .deLong)
  }

  /// `evaluate --predictions` and `compare --predictions` write exactly the contract's JSON keys.
  @Test func predictionsContractOnAStudysPredictions() throws {
    let folder = try chapmanStudy()
    let summary = try readStudy(at: folder + "/study")
    let entry = try #require(summary.entries.first { $0.target == "rhythm_AFIB" && $0.variant == .ecgDemographics })
    let base = try #require(summary.entries.first { $0.target == "rhythm_AFIB" && $0.variant == .demographics })
    let a = try readPredictions(study: folder + "/study", entry: base), b = try readPredictions(study: folder + "/study", entry: entry)
    let p = Dictionary(uniqueKeysWithValues: zip(b.ids, b.probabilities))
    var csv = "ecg,patient,afib,base,new\n"
    for i in a.ids.indices { csv += "\(a.ids[i]),\(a.patients[i]),\(Int(a.labels[i])),\(a.probabilities[i]),\(p[a.ids[i]]!)\n" }
    try csv.write(toFile: folder + "/p.csv", atomically: true, encoding: .utf8)
    try runECGLens([
      "evaluate", "--predictions", folder + "/p.csv", "--label", "afib", "--score", "new", "--patient", "patient", "--resamples", "200",
      "--json", folder + "/e.json",
    ])
    try runECGLens([
      "compare", "--predictions", folder + "/p.csv", "--label", "afib", "--base", "base", "--new", "new", "--patient", "patient",
      "--thresholds", "0.1,0.3", "--resamples", "200", "--json", folder + "/c.json",
    ])
    let e = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/e.json"))) as! [String: Any]
    let c = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/c.json"))) as! [String: Any]
    #expect(Set(e.keys) == ["n_rows", "n_patients", "auroc", "auroc_ci", "method"])
    #expect((e["auroc_ci"] as! [Double]).count == 2 && e["n_rows"] as! Int == a.ids.count)
    #expect(
      Set(c.keys) == [
        "n_rows", "n_patients", "auroc_base", "auroc_new", "auroc_difference", "auroc_difference_ci", "auroc_difference_p",
        "nri_continuous", "nri_continuous_p", "nri_categorical", "nri_categorical_p", "idi", "idi_p", "method",
      ])
    #expect((c["method"] as! String).contains("clustered DeLong"))
    #expect(throws: (any Error).self) {
      try runECGLens(["evaluate", "--predictions", folder + "/p.csv", "--label", "afib", "--score", "nope", "--json", folder + "/x.json"])
    }
  }

  /// An empty test fold is an error naming the fold, and no study folder is written; a validation
  /// table trains without a test partition; identifiers are never default features.
  @Test func workflowGuards() throws {
    let folder = try TestPaths.temporaryFolder()
    try runECGLens(["ingest", "muse", sample, "--out", folder + "/features.csv"])
    var t = try readCSV(at: folder + "/features.csv", options: CSVReadOptions(textColumns: ["ecg_id", "patient_id", "rhythm", "beat"]))
    let rhythm = try t.text("rhythm")
    try t.append("afib", .numeric(rhythm.map { $0 == "AFIB" ? 1 : 0 }))
    try t.append("cart_id", .numeric(t.names.indices.isEmpty ? [] : (0..<t.rowCount).map { Double($0 % 7) }))
    try t.append("fold", .numeric((0..<t.rowCount).map { Double($0 % 5) }))
    try writeCSV(t.rows(Array(0..<1500)), to: folder + "/train.csv")
    try writeCSV(t.rows(Array(1500..<2000)), to: folder + "/val.csv")
    #expect(throws: ModellingError.self) {
      try runECGLens([
        "train", "--table", folder + "/train.csv", "--id-column", "ecg_id", "--patient-column", "patient_id", "--targets", "afib",
        "--fold-column", "fold", "--validation-folds", "3", "--test-folds", "9", "--out", folder + "/empty",
      ])
    }
    #expect(!FileManager.default.fileExists(atPath: folder + "/empty"))
    var r = TrainingRequest(table: folder + "/train.csv", idColumn: "ecg_id", patientColumn: "patient_id", output: folder + "/v", version: "test")
    r.targets = ["afib"]
    r.validationTable = folder + "/val.csv"
    r.minimumPositives = 5
    let report = try trainStudy(r)
    #expect(report.trained == 1)
    #expect(report.notes.contains { $0.contains("cart_id (identifier)") && $0.contains("fold") })
    let entry = report.summary.entries[0]
    #expect(entry.counts["test"]?.rows == 0 && entry.counts["validation"]?.rows == 500 && !(entry.features ?? []).contains("cart_id"))
    let scored = try predictTable(study: folder + "/v", table: folder + "/val.csv", labels: [])
    #expect(scored.scores.count == 1 && scored.scores[0].delong?.method == .clusteredDeLong)
  }
}

/// A fusion study on the bundled Chapman-Shaoxing excerpt, and the fusion config's bounds.
@Suite struct FusionStudyTests {
  func config(_ fusion: String, in folder: String, extra: String = "") throws -> String {
    let text = """
      {\(extra)"output": "\(folder)/out", "source": {"kind": "muse", "file": "\(TestPaths.samples)/chapman/Diagnostics-first2000.csv"},
       "labels": {"categorical": ["rhythm"], "min_count": 150}, "id_column": "ecg_id", "patient_column": "patient_id",
       "targets": ["rhythm_SB", "rhythm_AFIB"], "rfe": false, "min_positives": 5, "split": {"folds": 10, "seed": 0},
       "bootstrap": {"resamples": 200, "unit": "patient", "seed": 0}, "fusion": \(fusion)}
      """
    let path = folder + "/study.json"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func fusionStudyComparesEveryModelWithTheReference() throws {
    let folder = try TestPaths.temporaryFolder()
    let path = try config(
      """
      {"groups": [{"name": "ecg", "features": "measurements"}, {"name": "risk", "features": ["age_years", "sex_male"]}],
       "reference": "risk", "thresholds": [0.1, 0.3]}
      """, in: folder)
    let run = try runStudyPipeline(configFile: path, options: StudyRunOptions(version: "test")) { _ in }
    let fusion = try #require(try readFusion(study: run.studyFolder))
    #expect(fusion.targets.map(\.target) == ["rhythm_SB", "rhythm_AFIB"])
    for t in fusion.targets {
      #expect(t.models.map(\.model) == ["ecg", "risk", "early-fusion", "late-fusion"])
      #expect(t.lateInputs == ["ecg", "risk"] && t.lateFusion?.coefficients.count == 3)
      #expect(t.models.allSatisfy { ($0.model == "risk") == ($0.versusReference == nil) })
      #expect(t.models.allSatisfy { $0.strata.count == 3 && $0.auroc.method == .clusteredDeLong })
      #expect(t.models.first { $0.model == "ecg" }!.versusReference!.categorical != nil)
    }
    let summary = try readStudy(at: run.studyFolder)
    let ecg = try #require(summary.entries.first { $0.variant.rawValue == "ecg" })
    #expect(!(ecg.candidateFeatures ?? []).contains("age_years") && (ecg.candidateFeatures ?? []).contains("rr_ms"))
    let early = try #require(summary.entries.first { $0.variant.rawValue == "early-fusion" })
    #expect((early.candidateFeatures ?? []).contains("age_years") && (early.candidateFeatures ?? []).contains("rr_ms"))
    let report = try String(contentsOfFile: run.report, encoding: .utf8)
    #expect(report.contains("Fusion: ECG and clinical risk factors") && report.contains("late-fusion"))
    #expect(FileManager.default.fileExists(atPath: run.studyFolder + "/fusion-strata.csv"))
  }

  /// `learners: [trees, linear]`: every group and early fusion again as a linear probe, compared with the
  /// linear reference; the early-fusion models' mean |SHAP| split by group.
  @Test func linearProbesAreComparedBesideTheTrees() throws {
    let folder = try TestPaths.temporaryFolder()
    let path = try config(
      """
      {"groups": [{"name": "ecg", "features": "measurements"}, {"name": "risk", "features": ["age_years", "sex_male"]}],
       "reference": "risk"}
      """, in: folder, extra: #""learners": ["trees", "linear"], "#)
    let run = try runStudyPipeline(configFile: path, options: StudyRunOptions(version: "test")) { _ in }
    let fusion = try #require(try readFusion(study: run.studyFolder))
    #expect(fusion.targets.map(\.learner) == [.trees, .trees, .linear, .linear])
    for t in fusion.targets where t.learner == .linear {
      #expect(t.models.map(\.model) == ["ecg+linear", "risk+linear", "early-fusion+linear", "late-fusion+linear"])
      #expect(t.reference == "risk+linear" && t.sharesModel == "early-fusion+linear")
    }
    for t in fusion.targets {
      let shares = try #require(t.groupShares)
      #expect(shares.map(\.group) == ["ecg", "risk"])
      #expect(abs(shares.map(\.share).reduce(0, +) - 1) < 1e-9)
      // Sinus bradycardia and AF are rhythm findings: the ECG group carries most of the explanation.
      #expect(shares[0].share > 0.5, "\(t.target) \(t.learner!): \(shares)")
    }
    let summary = try readStudy(at: run.studyFolder)
    let probe = try #require(summary.entries.first { $0.variant.rawValue == "ecg+linear" && $0.status == "trained" })
    #expect(probe.features?.contains("age_years") == false)
    let csv = try String(contentsOfFile: run.studyFolder + "/fusion-shap-groups.csv", encoding: .utf8)
    #expect(csv.split(separator: "\n").count == 1 + 4 * 2)
    let report = try String(contentsOfFile: run.report, encoding: .utf8)
    #expect(report.contains("SHAP of early-fusion+linear by group"))
  }

  @Test func learnersAreChecked() throws {
    let folder = try TestPaths.temporaryFolder()
    let groups = #"{"groups": [{"name": "a", "features": ["age_years"]}, {"name": "b", "features": ["rr_ms"]}], "reference": "a"}"#
    for learners in [#"[]"#, #"["trees", "trees"]"#] {
      let path = try config(groups, in: folder, extra: "\"learners\": \(learners), ")
      #expect {
        try loadStudyConfig(path)
      } throws: { error in
        guard case .config(_, let k, _) = error as? PipelineError else { return false }
        return k == "learners"
      }
    }
    #expect(throws: (any Error).self) { try loadStudyConfig(try config(groups, in: folder, extra: #""learners": ["forest"], "#)) }
    // A group may not take a linear probe's name.
    let reserved = #"{"groups": [{"name": "a+linear", "features": ["age_years"]}, {"name": "b", "features": ["rr_ms"]}], "reference": "b"}"#
    #expect(throws: (any Error).self) { try loadStudyConfig(try config(reserved, in: folder)) }
    let ok = try loadStudyConfig(try config(groups, in: folder, extra: #""learners": ["linear"], "#))
    #expect(ok.config.learners == [.linear])
  }

  @Test func fusionKeysAreBounded() throws {
    let folder = try TestPaths.temporaryFolder()
    for (fusion, key) in [
      (#"{"groups": [{"name": "ecg", "features": "measurements"}], "reference": "ecg"}"#, "fusion.groups"),
      (#"{"groups": [{"name": "a", "features": ["age_years"]}, {"name": "b", "features": ["rr_ms"]}], "reference": "c"}"#, "fusion.reference"),
      (
        #"{"groups": [{"name": "a", "features": ["age_years"]}, {"name": "b", "features": ["rr_ms"]}], "reference": "a", "thresholds": [0.5, 0.2]}"#,
        "fusion.thresholds"
      ),
    ] {
      let path = try config(fusion, in: folder)
      #expect {
        try loadStudyConfig(path)
      } throws: { error in
        guard case .config(_, let k, _) = error as? PipelineError else { return false }
        return k == key
      }
    }
  }
}
