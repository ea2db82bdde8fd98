import Modelling
import Statistics
import Tables

/// What `predictTable` found.
public struct TablePrediction: Sendable {
  /// `ID,target,variant,label,probability`, one row per ECG, target and variant.
  public var csv: String
  /// Per model, when labels are given: labelled rows, positives, AUROC (nil with one class).
  public var scores: [(target: String, variant: String, rows: Int, positives: Int, auroc: Double?)] = []

  /// The console table of `scores`.
  public var table: String {
    var report = ["target                          variant           rows    positives  AUROC"]
    for s in scores {
      report.append(
        s.target.padding(toLength: max(32, s.target.count), withPad: " ", startingAt: 0)
          + s.variant.padding(toLength: 18, withPad: " ", startingAt: 0)
          + String(format: "%-8d%-11d", s.rows, s.positives)
          + (s.auroc.map { String(format: "%.4f", $0) } ?? "n/a (one class)"))
    }
    return report.joined(separator: "\n")
  }
}

/// Applies every trained model of a study to another table (the study's id column and every
/// feature its models use); with labels (label tables first, then the table's own columns),
/// the AUROC of each model as a point estimate.
public func predictTable(study: String, table: String, labels: [String]) throws -> TablePrediction {
  let summary = try readStudy(at: study)
  let config = summary.configuration
  let features = try readCSV(at: table, options: CSVReadOptions(textColumns: [config.idColumn, config.patientColumn]))
  let ids = try features.text(config.idColumn)
  var byId: [String: Int] = [:]
  for (i, id) in ids.enumerated() {
    if let first = byId[id] {
      throw PipelineError.invalid(file: table, reason: "column \"\(config.idColumn)\", row \(i + 2): id \"\(id)\" already on row \(first + 2)")
    }
    byId[id] = i
  }
  let labelColumns = try Pipeline.labelColumns(
    ids: ids, idColumn: config.idColumn, labelFiles: labels, table: features, tableFile: table, numeric: Set(config.targets)
  ).filter { config.targets.contains($0.key) }
  var columns: [String: [Double]] = [:]
  for (name, column) in zip(features.names, features.columns) {
    if case .numeric(let v) = column { columns[name] = v }
  }
  let sex = config.sexColumn.flatMap { columns[$0] }
  var result = TablePrediction(csv: csvLine([config.idColumn, "target", "variant", "label", "probability"]))
  for entry in summary.entries where entry.status == "trained" {
    let booster = try loadModel(study: study, entry: entry)
    let (rows, p) = try predict(entry: entry, booster: booster, features: columns, rowCount: ids.count, sexMale: sex)
    let truth = labelColumns[entry.target]
    for (r, prob) in zip(rows, p) {
      let label = truth.map { formatCell($0[r]) } ?? ""
      result.csv += csvLine([ids[r], entry.target, entry.variant.rawValue, label, "\(prob)"])
    }
    if let truth {
      let labelled = rows.indices.filter { !truth[rows[$0]].isNaN }
      let y = labelled.map { truth[rows[$0]] == 1 }
      result.scores.append(
        (
          entry.target, entry.variant.rawValue, labelled.count, y.filter { $0 }.count,
          auroc(scores: labelled.map { Double(p[$0]) }, labels: y)
        ))
    }
  }
  return result
}
