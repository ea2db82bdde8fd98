import Modelling
import Statistics
import Tables

/// What `predictTable` found.
public struct TablePrediction: Sendable {
  /// `ID,target,variant,label,probability`, one row per ECG, target and variant.
  public var csv: String
  /// Per model, when labels are given: labelled rows, patients, positives, AUROC (nil with one
  /// class), its DeLong interval (clustered by patient when the table has the patient column and the
  /// unit is patients) and its percentile bootstrap interval.
  /// Notes for the console: rows the study itself trained or chose on, whose AUROC is in-sample.
  public var notes: [String] = []
  public var scores:
    [(
      target: String, variant: String, rows: Int, patients: Int?, positives: Int, auroc: Double?, delong: AUROCEstimate?,
      bootstrap: BootstrapInterval?
    )] = []

  /// The console table of `scores`, each interval's method in the header.
  public var table: String {
    let delong = scores.compactMap { $0.delong?.method.shortName }.first ?? "DeLong"
    let unit = scores.compactMap { $0.bootstrap?.unit.rawValue }.first ?? "row"
    let width = max(32, (scores.map(\.target.count).max() ?? 0) + 2)
    func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
    var report = [
      pad("target", width) + pad("variant", 18) + pad("rows", 8) + pad("positives", 11) + pad("AUROC", 8) + pad("\(delong) 95% CI", 26)
        + "bootstrap (\(unit)s) 95% CI"
    ]
    for s in scores {
      report.append(
        pad(s.target, width) + pad(s.variant, 18) + pad(String(s.rows), 8) + pad(String(s.positives), 11)
          + pad(s.auroc.map { String(format: "%.4f", $0) } ?? "n/a (one class)", 8)
          + pad(s.delong.map { String(format: "%.4f-%.4f", $0.lower, $0.upper) } ?? "", 26)
          + (s.bootstrap.map { String(format: "%.4f-%.4f", $0.percentileLower, $0.percentileUpper) } ?? ""))
    }
    return report.joined(separator: "\n")
  }
}

/// Applies every trained model of a study to another table (the study's id column and every
/// feature its models use); with labels (label tables first, then the table's own columns), the
/// AUROC of each model with its DeLong interval, clustered by patient (Obuchowski 1997) when the
/// table has the study's patient column (or `patientColumn`) and `options.unit` is `.patient`,
/// classic otherwise, and its percentile bootstrap interval (`options`; patients resampled when known).
public func predictTable(
  study: String, table: String, labels: [String], patientColumn: String? = nil, options: BootstrapOptions = .init()
) throws -> TablePrediction {
  let summary = try readStudy(at: study)
  let config = summary.configuration
  let patientName = patientColumn ?? config.patientColumn
  let features = try readCSV(at: table, options: CSVReadOptions(textColumns: [config.idColumn, patientName]))
  let ids = try features.text(config.idColumn)
  if patientColumn != nil && features.index(of: patientName) == nil {
    throw PipelineError.invalid(file: table, reason: "no patient column \"\(patientName)\"")
  }
  let patients = features.index(of: patientName) == nil ? nil : try features.text(patientName)
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
  result.notes = inSampleNotes(study: study, table: table, ids: ids, patients: patients, config: config)
  for entry in summary.entries where entry.status == "trained" {
    guard entry.variant.learner == .trees else {
      result.notes.append("note: \(entry.target) (\(entry.variant.rawValue)): a linear probe, not applied to other tables")
      continue
    }
    let booster = try loadModel(study: study, entry: entry)
    let (rows, p) = try predict(entry: entry, booster: booster, features: columns, rowCount: ids.count, sexMale: sex)
    let truth = labelColumns[entry.target]
    for (r, prob) in zip(rows, p) {
      let label = truth.map { formatCell($0[r]) } ?? ""
      result.csv += csvLine([ids[r], entry.target, entry.variant.rawValue, label, "\(prob)"])
    }
    if let truth {
      let labelled = rows.indices.filter { !truth[rows[$0]].isNaN }
      let y = labelled.map { truth[rows[$0]] == 1 }, scores = labelled.map { Double(p[$0]) }
      let who = patients.map { pt in labelled.map { pt[rows[$0]] } }
      let clustered = options.unit == .patient ? who : nil
      var o = options
      o.unit = clustered == nil ? .ecg : .patient
      result.scores.append(
        (
          entry.target, entry.variant.rawValue, labelled.count, who.map { Set($0).count }, y.filter { $0 }.count,
          auroc(scores: scores, labels: y), delongAUROC(scores: scores, labels: y, clusters: clustered),
          bootstrapAUROC(scores: scores, labels: y, patients: clustered ?? labelled.map(String.init), options: o)
        ))
    }
  }
  return result
}

/// Warns when rows of `table` were part of the study's training or validation partitions (their
/// predictions are in-sample, and an AUROC on them is optimistic), or belong to patients it trained on.
func inSampleNotes(study: String, table: String, ids: [String], patients: [String]?, config: StudyConfiguration) -> [String] {
  guard
    let split = try? readCSV(at: study + "/split.csv", options: CSVReadOptions(textColumns: [config.idColumn, config.patientColumn, "partition"])),
    let splitIDs = try? split.text(config.idColumn), let parts = try? split.text("partition"),
    let splitPatients = try? split.text(config.patientColumn)
  else { return [] }
  var usedIDs = Set<String>(), usedPatients = Set<String>()
  for k in splitIDs.indices where parts[k] == "train" || parts[k] == "validation" {
    usedIDs.insert(splitIDs[k])
    usedPatients.insert(splitPatients[k])
  }
  var notes: [String] = []
  let sameRows = ids.filter(usedIDs.contains).count
  if sameRows > 0 {
    notes.append(
      "warning: \(sameRows) of \(ids.count) rows of \(table) were in the study's training or validation partitions: their predictions are in-sample and an AUROC on them is optimistic; score held-out rows (ecglens evaluate reports the test partition)"
    )
  }
  if let patients {
    let samePatients = zip(ids, patients).filter { !usedIDs.contains($0.0) && usedPatients.contains($0.1) }.count
    if samePatients > 0 {
      notes.append("warning: \(samePatients) other rows of \(table) belong to patients the study trained or chose on")
    }
  }
  return notes
}
