import Boosting
import Core
import Foundation
import Modelling
import Statistics
import Tables

/// What the report shows of one model.
public struct ModelReport: Sendable {
  public let entry: StudyEntry
  public let testScores: [Double]
  public let testLabels: [Bool]
  public let evaluation: Evaluation?
  /// (features, validation AUROC) per RFE step.
  public let elimination: [(count: Int, auroc: Double)]
  /// (feature, mean |SHAP| on test rows in log-odds), largest first.
  public let shap: [(feature: String, value: Double)]
  /// Per test row SHAP values and feature values of the top features (for the beeswarm), when
  /// the study's feature table is readable.
  public let beeswarm: [(feature: String, shap: [Double], values: [Double])]
}

/// Everything a study report needs, read from a study folder.
public struct StudyReportData: Sendable {
  public let summary: StudySummary
  public let models: [ModelReport]
  public let bootstrap: BootstrapOptions
  /// (file name, CSV text) of comparison and external-validation outputs found in the folder.
  public let extraTables: [(title: String, csv: String)]
  /// Table 1: ECGs, patients, age, sex and every model feature per partition, when the study
  /// table is readable.
  public let tableOne: ReportTable?
  /// The study folder, to which paths in the report are made relative.
  public var folder: String = ""
  /// Per-ECG explanations found in `explanations/` (written by `ecglens explain --json`), by
  /// record name, with the HTML page beside each when there is one.
  public var explanations: [(record: String, page: String?, targets: [TargetExplanation])] = []
  /// The fusion comparison (`fusion.json`), in fusion studies.
  public var fusion: FusionAnalysis? = nil
  /// The re-identification audit of the study's feature table (`auditStudyTable`).
  public var privacy: StudyPrivacy? = nil
}

/// Reads a study folder (and evaluates each model on its test rows with `bootstrap`).
public func loadStudyReport(at path: String, bootstrap: BootstrapOptions = .init()) throws -> StudyReportData {
  let summary = try readStudy(at: path)
  let config = summary.configuration
  let table = try? readCSV(at: config.table, options: CSVReadOptions(textColumns: [config.idColumn, config.patientColumn]))
  var rowOf: [String: Int] = [:]
  if let table, let ids = try? table.text(config.idColumn) { for (i, id) in ids.enumerated() { rowOf[id] = i } }
  var models: [ModelReport] = []
  for entry in summary.entries where entry.status == "trained" {
    guard let folder = entry.modelFolder else { continue }
    let dir = "\(path)/\(folder)"
    let stored = try readPredictions(study: path, entry: entry)
    let patient = stored.patients, label = stored.labels, p = stored.probabilities
    let test = stored.rows(.test), val = stored.rows(.validation)
    let scores = test.map { p[$0] }, labels = test.map { label[$0] == 1 }
    let evaluation = evaluate(
      scores: scores, labels: labels, patients: test.map { patient[$0] }, validationScores: val.map { p[$0] },
      validationLabels: val.map { label[$0] == 1 }, options: bootstrap)
    var elimination: [(Int, Double)] = []
    if let e = try? readCSV(at: dir + "/elimination.csv", options: CSVReadOptions(textColumns: ["removed", "features"])) {
      elimination = zip(try e.numeric("n_features"), try e.numeric("validation_auroc")).map { (Int($0), $1) }
    }
    var shap: [(String, Double)] = []
    if let imp = try? readCSV(at: dir + "/importance.csv", options: CSVReadOptions(textColumns: ["feature"])) {
      shap = zip(try imp.text("feature"), try imp.numeric("mean_abs_shap")).map { ($0, $1) }.sorted { $0.1 > $1.1 }
    }
    var swarm: [(String, [Double], [Double])] = []
    if let table, !rowOf.isEmpty, let booster = try? loadModel(study: path, entry: entry) {
      let ids = stored.ids
      let rows = test.compactMap { rowOf[ids[$0]] }
      let names = booster.featureNames
      if rows.count == test.count, let columns = try? names.map({ try table.numeric($0) }),
        let matrix = try? DMatrix(FeatureMatrix(columns: columns, featureNames: names, rowIndices: rows)),
        let contributions = try? booster.contributions(matrix)
      {
        let k = names.count + 1
        for feature in shap.prefix(8).map(\.0) {
          guard let j = names.firstIndex(of: feature) else { continue }
          swarm.append((feature, rows.indices.map { Double(contributions[$0 * k + j]) }, rows.map { columns[j][$0] }))
        }
      }
    }
    models.append(
      ModelReport(
        entry: entry, testScores: scores, testLabels: labels, evaluation: evaluation, elimination: elimination, shap: shap,
        beeswarm: swarm))
  }
  var extra: [(String, String)] = []
  let files = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
  for f in files.sorted() where (f.hasPrefix("compare-") || f.hasPrefix("external-")) && f.hasSuffix(".csv") {
    if let text = try? String(contentsOfFile: path + "/" + f, encoding: .utf8) { extra.append((f, text)) }
  }
  var tableOne: ReportTable? = nil
  if let table,
    let split = try? readCSV(at: path + "/split.csv", options: CSVReadOptions(textColumns: [config.idColumn, config.patientColumn, "partition"]))
  {
    var features: [String] = []
    for m in models { for f in m.entry.features ?? [] where !features.contains(f) { features.append(f) } }
    tableOne = try? cohortTable(split: split, table: table, rowOf: rowOf, config: config, features: features)
  }
  var data = StudyReportData(summary: summary, models: models, bootstrap: bootstrap, extraTables: extra, tableOne: tableOne)
  data.folder = path
  data.fusion = try readFusion(study: path)
  let explained = path + "/explanations"
  for f in ((try? FileManager.default.contentsOfDirectory(atPath: explained)) ?? []).sorted() where f.hasSuffix(".json") {
    guard let bytes = FileManager.default.contents(atPath: explained + "/" + f),
      let targets = try? explanationDecoder().decode([TargetExplanation].self, from: bytes)
    else { continue }
    let record = String(f.dropLast(5))
    let page = FileManager.default.fileExists(atPath: "\(explained)/\(record).html") ? "explanations/\(record).html" : nil
    data.explanations.append((record, page, targets))
  }
  data.privacy = auditStudyTable(summary, folder: path)
  return data
}
