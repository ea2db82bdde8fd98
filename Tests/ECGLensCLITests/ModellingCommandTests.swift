import ArgumentParser
import ECGLensTestSupport
import Foundation
import Modelling
import Reports
import Tables
import Testing

@testable import ECGLensCLI
@testable import Extraction
@testable import Pipeline

/// ingest -> labels -> train -> predict on the bundled Chapman-Shaoxing excerpt.
@Suite struct ModellingCommandTests {
  let sample = TestPaths.samples + "/chapman/Diagnostics-first2000.csv"

  func prepare() throws -> String {
    let folder = try TestPaths.temporaryFolder()
    var ingest = try ECGLens.parseAsRoot(["ingest", "muse", sample, "--out", folder + "/features.csv"])
    try ingest.run()
    var labels = try ECGLens.parseAsRoot([
      "labels", folder + "/features.csv", "--id-column", "ecg_id", "--categorical", "rhythm",
      "--multi-valued", "beat", "--ignore", "NONE", "--min-count", "150", "--out", folder + "/labels.csv",
    ])
    try labels.run()
    return folder
  }

  @Test func trainWritesAStudyThatPredictReproduces() throws {
    let folder = try prepare()
    let header = try String(contentsOfFile: folder + "/labels.csv", encoding: .utf8).split(separator: "\n")[0]
    #expect(header.hasPrefix("ecg_id,rhythm_SB,"))
    var train = try ECGLens.parseAsRoot([
      "train", "--table", folder + "/features.csv", "--labels", folder + "/labels.csv",
      "--id-column", "ecg_id", "--patient-column", "patient_id", "--targets", "rhythm_SB,rhythm_AFIB",
      "--rfe", "--ablation", "--min-positives", "5", "--folds", "10", "--out", folder + "/study",
    ])
    try train.run()
    let summary = try readStudy(at: folder + "/study")
    #expect(summary.entries.count == 6)
    #expect(summary.entries.allSatisfy { $0.status == "trained" })
    let sb = try #require(summary.entries.first { $0.target == "rhythm_SB" && $0.variant == .ecgDemographics })
    // Sinus bradycardia is defined by the rate: the RR feature must carry it.
    #expect(sb.validationAUROC! > 0.95)
    #expect(sb.features!.contains("rr_ms"))
    for file in [
      "study.json", "summary.csv", "split.csv", sb.modelFolder! + "/model.json",
      sb.modelFolder! + "/predictions.csv", sb.modelFolder! + "/importance.csv",
      sb.modelFolder! + "/elimination.csv",
    ] {
      #expect(FileManager.default.fileExists(atPath: folder + "/study/" + file), "\(file)")
    }
    var predict = try ECGLens.parseAsRoot([
      "predict", folder + "/study", "--table", folder + "/features.csv", "--labels", folder + "/labels.csv",
      "--out", folder + "/predictions.csv",
    ])
    try predict.run()
    let rows = try String(contentsOfFile: folder + "/predictions.csv", encoding: .utf8).split(separator: "\n")
    #expect(rows.first == "ecg_id,target,variant,label,probability")
    #expect(rows.count == 1 + 6 * 2000)

    var evaluate = try ECGLens.parseAsRoot(["evaluate", folder + "/study", "--bootstrap", "200", "--seed", "3"])
    try evaluate.run()
    let evaluation = try readCSV(at: folder + "/study/evaluation.csv", options: CSVReadOptions(textColumns: ["target", "variant", "bootstrap_unit"]))
    #expect(evaluation.rowCount == 6)
    let auc = try evaluation.numeric("auroc"), lo = try evaluation.numeric("auroc_boot_lower"), hi = try evaluation.numeric("auroc_boot_upper")
    for i in 0..<6 { #expect(lo[i] <= auc[i] && auc[i] <= hi[i]) }
    #expect(try evaluation.text("bootstrap_unit").allSatisfy { $0 == "patient" })
    let subgroups = try readCSV(
      at: folder + "/study/evaluation-subgroups.csv", options: CSVReadOptions(textColumns: ["target", "variant", "subgroup"]))
    #expect(try Set(subgroups.text("subgroup")).isSuperset(of: ["male", "female"]))
    #expect(try subgroups.text("subgroup").filter { $0.hasPrefix("age Q") }.count >= 4)

    var compare = try ECGLens.parseAsRoot([
      "compare", folder + "/study", "--base", "demographics", "--new", "ecg+demographics", "--bootstrap", "200",
      "--thresholds", "0.1,0.3",
    ])
    try compare.run()
    let compared = try readCSV(at: folder + "/study/compare-demographics-vs-ecg+demographics.csv", options: CSVReadOptions(textColumns: ["target"]))
    #expect(try compared.text("target") == ["rhythm_SB", "rhythm_AFIB"])
    // The rate-based SB label: ECG features must beat age and sex, significantly.
    #expect(try compared.numeric("auroc_difference")[0] > 0.1)
    #expect(try compared.numeric("delong_p")[0] < 0.01)
    #expect(try !compared.numeric("categorical_nri")[0].isNaN)

    var report = try ECGLens.parseAsRoot(["report", folder + "/study", "--bootstrap", "200"])
    try report.run()
    let html = try String(contentsOfFile: folder + "/study/report.html", encoding: .utf8)
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(!html.contains("<script"))
    #expect(html.components(separatedBy: "<svg").count - 1 >= 1 + 2 * 3)  // forest + ROC, calibration, RFE ... per target
    #expect(html.contains("200 resamples of patients (cluster bootstrap)"))
    #expect(html.contains("grouped by <code>patient_id</code>"))
    #expect(html.contains("Paired comparison: demographics vs ecg+demographics"))
    #expect(html.contains("age, years: median (IQR)") && html.contains("male, n (%)"))
  }

  @Test func validateExternalReportsBothCohortsAndRefusesMissingFeatures() throws {
    let folder = try prepare()
    var train = try ECGLens.parseAsRoot([
      "train", "--table", folder + "/features.csv", "--labels", folder + "/labels.csv",
      "--id-column", "ecg_id", "--patient-column", "patient_id", "--targets", "rhythm_SB",
      "--features", "rr_ms,qrs_ms,qt_ms", "--variants", "ecg", "--min-positives", "5", "--folds", "10",
      "--out", folder + "/study",
    ])
    try train.run()
    // The "external" cohort: the same excerpt, its label renamed.
    let labels = try readCSV(at: folder + "/labels.csv", options: CSVReadOptions(textColumns: ["ecg_id"]))
    try writeCSV(try DataTable([("ecg_id", labels.column("ecg_id")), ("sinus_brady", labels.column("rhythm_SB"))]), to: folder + "/ext-labels.csv")
    var external = try ECGLens.parseAsRoot([
      "validate-external", folder + "/study", "--table", folder + "/features.csv", "--labels", folder + "/ext-labels.csv",
      "--target", "rhythm_SB=sinus_brady", "--name", "copy", "--bootstrap", "200",
    ])
    try external.run()
    let out = try readCSV(
      at: folder + "/study/external-copy.csv",
      options: CSVReadOptions(textColumns: ["target", "variant", "external_column", "missing_features", "max_abs_smd_feature"]))
    #expect(out.rowCount == 1)
    #expect(try out.numeric("external_rows")[0] == 2000)
    #expect(try out.numeric("external_auroc")[0] > 0.9)
    #expect(try abs(out.numeric("max_abs_smd")[0]) < 1e-12)  // the same table on both sides
    // A feature column missing from the external table is an error unless fed as missing.
    let features = try readCSV(at: folder + "/features.csv", options: CSVReadOptions(textColumns: ["ecg_id", "patient_id"]))
    try writeCSV(try features.selecting(features.names.filter { $0 != "qt_ms" }), to: folder + "/ext.csv")
    var missing = try ECGLens.parseAsRoot([
      "validate-external", folder + "/study", "--table", folder + "/ext.csv", "--labels", folder + "/ext-labels.csv",
      "--target", "rhythm_SB=sinus_brady", "--bootstrap", "200",
    ])
    #expect { try missing.run() } throws: { "\($0)".contains("qt_ms") && "\($0)".contains("--missing-features nan") }
  }

  @Test func badLabelsAreNamedAndNothingIsWritten() throws {
    let folder = try prepare()
    var text = try String(contentsOfFile: folder + "/labels.csv", encoding: .utf8)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var cells = lines[3].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    cells[1] = "yes?"
    lines[3] = cells.joined(separator: ",")
    text = lines.joined(separator: "\n")
    try text.write(toFile: folder + "/labels.csv", atomically: true, encoding: .utf8)
    var train = try ECGLens.parseAsRoot([
      "train", "--table", folder + "/features.csv", "--labels", folder + "/labels.csv",
      "--id-column", "ecg_id", "--patient-column", "patient_id", "--targets", "rhythm_SB",
      "--out", folder + "/study",
    ])
    #expect { try train.run() } throws: { error in
      "\(error)".contains("labels.csv") && "\(error)".contains("rhythm_SB")
    }
    #expect(!FileManager.default.fileExists(atPath: folder + "/study"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["features.csv", "labels.csv"])
  }

  @Test func duplicateIdsAndUnknownColumnsAreNamed() throws {
    let folder = try prepare()
    var train = try ECGLens.parseAsRoot([
      "train", "--table", folder + "/features.csv", "--labels", folder + "/labels.csv",
      "--id-column", "ecg_id", "--patient-column", "patient_id", "--targets", "rhythm_SB",
      "--features", "rr_ms,heart_weight", "--out", folder + "/study",
    ])
    #expect { try train.run() } throws: { "\($0)".contains("heart_weight") }
    // Duplicate an id in the label table.
    var lines = try String(contentsOfFile: folder + "/labels.csv", encoding: .utf8).split(separator: "\n").map(String.init)
    lines.append(lines[1])
    try (lines.joined(separator: "\n") + "\n").write(toFile: folder + "/labels.csv", atomically: true, encoding: .utf8)
    var again = try ECGLens.parseAsRoot([
      "train", "--table", folder + "/features.csv", "--labels", folder + "/labels.csv",
      "--id-column", "ecg_id", "--patient-column", "patient_id", "--targets", "rhythm_SB", "--out", folder + "/study",
    ])
    #expect { try again.run() } throws: { "\($0)".contains("row 2002") && "\($0)".contains("already on row 2") }
  }
}

@Suite struct CohortCommandTests {
  @Test func buildsDiagnosisLabAndXRayTargetsAndLogsBadRows() throws {
    let f = TestPaths.fixtures + "/cohort/"
    let out = try TestPaths.temporaryFolder() + "/labels.csv"
    var command = try ECGLens.parseAsRoot([
      "cohort", "--ecgs", f + "record_list.csv", "--diagnoses", f + "diagnoses_icd.csv", "--encounters", f + "admissions.csv",
      "--min-count", "2", "--labs", f + "labevents.csv", "--min-lab-values", "2", "--lab-window-minutes", "60",
      "--cxr", f + "cxr.csv", "--patients", f + "patients.csv", "--out", out,
    ])
    try command.run()
    let t = try readCSV(at: out, options: CSVReadOptions(textColumns: ["study_id", "subject_id", "ecg_time"]))
    #expect(try t.text("study_id") == ["101", "102", "201", "301"])
    // 101 (K7030) and 201 (ICD-9 571.2 -> K7030) and 301 (K7031) share K703 and K70.
    #expect(try t.numeric("icd10_K70").map(formatCell) == ["1", "", "1", "1"])
    #expect(try t.numeric("icd10_K7030").map(formatCell) == ["1", "", "1", "0"])
    // AF: I4891 directly, and ICD-9 427.31 through the GEMs.
    #expect(try t.numeric("icd10_I4891").map(formatCell) == ["1", "", "1", "0"])
    #expect(try t.numeric("lab_50971_high").map(formatCell) == ["1", "", "0", ""])
    #expect(try t.numeric("cxr_Cardiomegaly").map(formatCell) == ["1", "", "", "0"])
    #expect(try t.numeric("cxr_Edema").map(formatCell) == ["", "", "", "0"])
    let log = try String(contentsOfFile: out.replacingOccurrences(of: ".csv", with: ".log.txt"), encoding: .utf8)
    for reason in ["duplicate ECG id", "ECG without a patient id", "ECG time that does not parse", "duplicate diagnosis row", "not frontal"] {
      #expect(log.contains(reason), "\(reason)")
    }
    let summary = try readCSV(at: out.replacingOccurrences(of: ".csv", with: ".summary.csv"), options: CSVReadOptions(textColumns: ["target"]))
    let k70 = try #require(try summary.text("target").firstIndex(of: "icd10_K70"))
    #expect(try summary.numeric("positives_male")[k70] == 2 && summary.numeric("positives_female")[k70] == 1)
    #expect(try summary.numeric("median_age_positives")[k70] == 61)
    let dropped = try readCSV(
      at: out.replacingOccurrences(of: ".csv", with: ".dropped.csv"), options: CSVReadOptions(textColumns: ["source", "reason", "row"]))
    #expect(try dropped.text("row").contains("401"))  // the ECG without a patient, by id
    let targets = try String(contentsOfFile: out.replacingOccurrences(of: ".csv", with: ".targets.csv"), encoding: .utf8)
    #expect(targets.contains("icd10_K70,diagnosis,K70,Alcoholic liver disease,K70-K77,Diseases of liver (K70-K77),11,"))
  }
}

/// Label sources of the real shared tables.
@Suite struct RealLabelSourceTests {
  @Test func ptbxlSuperclassesMatchThePublishedRecipe() throws {
    guard TestPaths.hasSharedData("ptb-xl") else { print("skipped: no ptb-xl in \(TestPaths.sharedData)"); return }
    let d = TestPaths.sharedData + "/ptb-xl/"
    let out = try TestPaths.temporaryFolder() + "/ptbxl.csv"
    var command = try ECGLens.parseAsRoot([
      "labels", d + "ptbxl_database.csv", "--id-column", "ecg_id", "--scp-codes", "scp_codes",
      "--scp-statements", d + "scp_statements.csv", "--min-count", "1", "--out", out,
    ])
    try command.run()
    let t = try readCSV(at: out, options: CSVReadOptions(textColumns: ["ecg_id"]))
    // pandas, following the PTB-XL example: diagnostic_class of every scp_codes key with
    // diagnostic == 1, any likelihood, over these 500 records.
    let expected = ["NORM": 297, "STTC": 96, "CD": 78, "MI": 73, "HYP": 40]
    for (k, v) in expected { #expect(try t.numeric("scp_super_" + k).filter { $0 == 1 }.count == v, "\(k)") }
    #expect(try t.numeric("scp_SR").filter { $0 == 1 }.count == 407)
    #expect(try t.numeric("scp_AFIB").filter { $0 == 1 }.count == 13)
  }

  @Test func ludbMultiValuedNewlineCells() throws {
    guard TestPaths.hasSharedData("ludb") else { print("skipped: no ludb in \(TestPaths.sharedData)"); return }
    let out = try TestPaths.temporaryFolder() + "/ludb.csv"
    var command = try ECGLens.parseAsRoot([
      "labels", TestPaths.sharedData + "/ludb/ludb.csv", "--id-column", "ID", "--multi-valued", "Rhythms",
      "--separator", "newline", "--min-count", "10", "--out", out,
    ])
    try command.run()
    let t = try readCSV(at: out, options: CSVReadOptions(textColumns: ["ID"]))
    #expect(t.rowCount == 200)
    #expect(try t.numeric("Rhythms_Sinus_rhythm").filter { $0 == 1 }.count == 143)
    #expect(try t.numeric("Rhythms_Atrial_fibrillation").filter { $0 == 1 }.count == 15)
  }
}

@Suite struct StudyCommandTests {
  @Test func runsTheBundledStudyAndCachesUnchangedSteps() throws {
    let out = try TestPaths.temporaryFolder() + "/study-run"
    var first = try ECGLens.parseAsRoot(["study", TestPaths.samples + "/chapman/study.json", "--out", out])
    try first.run()
    for file in [
      "features.csv", "labels.csv", "study/study.json", "study/evaluation.csv", "study/report.html",
      "study/compare-demographics-vs-ecg+demographics.csv",
    ] {
      #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file)")
    }
    let stamp = try FileManager.default.attributesOfItem(atPath: out + "/study/study.json")[.modificationDate] as? Date
    // The bundled ECGs are explained by every model and summarised in the report.
    for record in ["00001_hr", "00180_hr", "1"] {
      #expect(FileManager.default.fileExists(atPath: out + "/study/explanations/\(record).html"), "\(record)")
    }
    #expect(try String(contentsOfFile: out + "/study/report.html", encoding: .utf8).contains("Per-ECG explanations"))
    var second = try ECGLens.parseAsRoot(["study", TestPaths.samples + "/chapman/study.json", "--out", out])
    try second.run()
    #expect(try FileManager.default.attributesOfItem(atPath: out + "/study/study.json")[.modificationDate] as? Date == stamp)
  }

  /// The study cache is keyed by the running build too: its version and the executable's path,
  /// size and modification time, so a rebuilt ecglens does not keep another build's results.
  @Test func cacheKeyNamesTheRunningBuild() throws {
    let parts = programBuild(version: ECGLens.version).split(separator: "|").map(String.init)
    #expect(parts.count == 4, "\(parts)")
    #expect(parts.first == ECGLens.version)
    let size = try FileManager.default.attributesOfItem(atPath: parts[1])[.size] as? Int
    #expect(size != nil && size == Int(parts[2]))
  }

  @Test func studyRunsExternalValidationAndExplanationSteps() throws {
    let folder = try TestPaths.temporaryFolder()
    let config = """
      {"source": {"kind": "muse", "file": "\(TestPaths.samples)/chapman/Diagnostics-first2000.csv"},
       "labels": {"categorical": ["rhythm"], "min_count": 150},
       "targets": ["rhythm_SB"], "rfe": false, "ablation": false, "min_positives": 5,
       "split": {"folds": 10, "seed": 1}, "bootstrap": {"resamples": 100},
       "external": [{"name": "again", "source": {"kind": "muse", "file": "\(TestPaths.samples)/chapman/Diagnostics-first2000.csv"},
                     "labels": {"categorical": ["rhythm"], "min_count": 150}}],
       "explain": [{"record": "\(TestPaths.samples)/ptb-xl/00002_hr", "age": 19, "sex": "male"}]}
      """
    try config.write(toFile: folder + "/s.json", atomically: true, encoding: .utf8)
    var command = try ECGLens.parseAsRoot(["study", folder + "/s.json", "--out", folder + "/out"])
    try command.run()
    let external = try String(contentsOfFile: folder + "/out/study/external-again.csv", encoding: .utf8)
    #expect(external.contains("rhythm_SB"))
    let report = try String(contentsOfFile: folder + "/out/study/report.html", encoding: .utf8)
    #expect(report.contains("External validation: again") && report.contains("00002_hr"))
    let x = try explanationDecoder().decode(
      [TargetExplanation].self,
      from: Data(contentsOf: URL(fileURLWithPath: folder + "/out/study/explanations/00002_hr.json")))
    // PTB-XL 2 is sinus bradycardia (rate 47): the SB model sees it, with the given age.
    #expect(x.first?.probability ?? 0 > 0.5)
    #expect(x.first?.unmeasured.isEmpty == true)

    try #"{"source": {"kind": "muse", "file": "x.csv"}, "external": [{"name": "e", "sorce": {}}]}"#
      .write(toFile: folder + "/bad.json", atomically: true, encoding: .utf8)
    var bad = try ECGLens.parseAsRoot(["study", folder + "/bad.json"])
    #expect { try bad.run() } throws: { "\($0)".contains("external[0].sorce") }
  }

  @Test func unknownKeysAndMissingFilesAreNamedBeforeAnyWork() throws {
    let folder = try TestPaths.temporaryFolder()
    try #"{"source": {"kind": "muse", "file": "x.csv"}, "bootstrp": {}}"#.write(toFile: folder + "/a.json", atomically: true, encoding: .utf8)
    var a = try ECGLens.parseAsRoot(["study", folder + "/a.json"])
    #expect { try a.run() } throws: { "\($0)".contains("bootstrp: unknown key") }
    try #"{"source": {"kind": "muse", "file": "missing.csv"}}"#.write(toFile: folder + "/b.json", atomically: true, encoding: .utf8)
    var b = try ECGLens.parseAsRoot(["study", folder + "/b.json"])
    #expect { try b.run() } throws: { "\($0)".contains("missing.csv") && "\($0)".contains("does not exist") }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["a.json", "b.json"])
  }
}
