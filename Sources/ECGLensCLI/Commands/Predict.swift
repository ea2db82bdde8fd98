import ArgumentParser
import Foundation
import Modelling
import Tables

/// `ecglens predict STUDY_DIR --table FEATURES.csv [--labels LABELS.csv] --out PREDICTIONS.csv`.
struct Predict: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Apply a study's models to another table; with labels, report AUROC per target.",
    discussion: """
      The table needs the study's id column and every feature its models use. Output: one row \
      per ECG, target and variant: id,target,variant,label,probability (label empty when \
      unknown). AUROC here is a point estimate; confidence intervals come from ecglens evaluate.
      """)

  @Argument(help: "Study folder written by ecglens train.")
  var study: String

  @Option(help: "Feature table (CSV).")
  var table: String

  @Option(help: "Label table (CSV) joined on the study's id column (repeatable).")
  var labels: [String] = []

  @Option(help: "Output CSV (written atomically). Default: no predictions file, AUROC only.")
  var out: String?

  func run() throws {
    let summary = try readStudy(at: study)
    let config = summary.configuration
    let features = try readCSV(at: table, options: CSVReadOptions(textColumns: [config.idColumn, config.patientColumn]))
    let ids = try features.text(config.idColumn)
    var byId: [String: Int] = [:]
    for (i, id) in ids.enumerated() {
      if let first = byId[id] { throw CLIError("\(table): column \"\(config.idColumn)\", row \(i + 2): id \"\(id)\" already on row \(first + 2)") }
      byId[id] = i
    }
    // Labels: label tables first, then the feature table.
    let labelColumns = try ECGLensCLI.labelColumns(
      ids: ids, idColumn: config.idColumn, labelFiles: labels, table: features, tableFile: table,
      numeric: Set(config.targets)
    ).filter { config.targets.contains($0.key) }
    var columns: [String: [Double]] = [:]
    for (name, column) in zip(features.names, features.columns) {
      if case .numeric(let v) = column { columns[name] = v }
    }
    let sex = config.sexColumn.flatMap { columns[$0] }

    var csv = "\(config.idColumn),target,variant,label,probability\n"
    var report = ["target                          variant           rows    positives  AUROC"]
    for entry in summary.entries where entry.status == "trained" {
      let booster = try loadModel(study: study, entry: entry)
      let (rows, p) = try predict(entry: entry, booster: booster, features: columns, rowCount: ids.count, sexMale: sex)
      let truth = labelColumns[entry.target]
      for (r, prob) in zip(rows, p) {
        let label = truth.map { formatCell($0[r]) } ?? ""
        csv += "\(ids[r]),\(entry.target),\(entry.variant.rawValue),\(label),\(prob)\n"
      }
      if let truth {
        let labelled = rows.indices.filter { !truth[rows[$0]].isNaN }
        let y = labelled.map { truth[rows[$0]] == 1 }
        let auroc = areaUnderROC(scores: labelled.map { p[$0] }, labels: y)
        report.append(
          entry.target.padding(toLength: max(32, entry.target.count), withPad: " ", startingAt: 0)
            + entry.variant.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)
            + String(format: "%-8d%-11d", labelled.count, y.filter { $0 }.count)
            + (auroc.map { String(format: "%.4f", $0) } ?? "n/a (one class)"))
      }
    }
    if let out { try emit(csv, to: out) }
    if report.count > 1 { print(report.joined(separator: "\n")) }
  }
}
