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
  /// Table 1 rows per partition (train, validation, test), when the study table is readable.
  public let tableOne: [(partition: String, ecgs: Int, patients: Int, ageMedian: Double, ageQ1: Double, ageQ3: Double, male: Int, sexKnown: Int)]
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
  // Table 1 from split.csv and the study table.
  var tableOne: [(String, Int, Int, Double, Double, Double, Int, Int)] = []
  if let table,
    let split = try? readCSV(at: path + "/split.csv", options: CSVReadOptions(textColumns: [config.idColumn, config.patientColumn, "partition"]))
  {
    let ids = try split.text(config.idColumn), pats = try split.text(config.patientColumn), parts = try split.text("partition")
    let ageName = config.options.demographicFeatures.first { $0 != config.sexColumn }
    let age = ageName.flatMap { try? table.numeric($0) }, sex = config.sexColumn.flatMap { try? table.numeric($0) }
    for p in ["train", "validation", "test"] {
      let rows = ids.indices.filter { parts[$0] == p }
      let tableRows = rows.compactMap { rowOf[ids[$0]] }
      let ages = age.map { a in tableRows.map { a[$0] }.filter { !$0.isNaN } } ?? []
      let sexes = sex.map { s in tableRows.map { s[$0] }.filter { !$0.isNaN } } ?? []
      func q(_ f: Double) -> Double { ages.isEmpty ? .nan : quantile(ages, f) }
      tableOne.append((p, rows.count, Set(rows.map { pats[$0] }).count, q(0.5), q(0.25), q(0.75), sexes.filter { $0 == 1 }.count, sexes.count))
    }
  }
  var data = StudyReportData(summary: summary, models: models, bootstrap: bootstrap, extraTables: extra, tableOne: tableOne)
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
  data.privacy = auditStudyTable(summary)
  return data
}

/// The report as one self-contained HTML file: inline CSS and SVG, no scripts, no network.
public func renderStudyReport(_ data: StudyReportData, title: String) -> String {
  let config = data.summary.configuration
  let unit = data.bootstrap.unit == .patient ? "patients (cluster bootstrap)" : "ECGs"
  let delong = data.models.compactMap { $0.evaluation?.auroc.method }.first ?? (data.bootstrap.unit == .patient ? .clusteredDeLong : .deLong)
  var h = """
    <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>\(escapeHTML(title))</title>
    <style>
    body{font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;margin:24px auto;max-width:1180px;color:#222;line-height:1.4}
    h1{font-size:24px;margin-bottom:4px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}
    h3{font-size:15px;margin:18px 0 6px}table{border-collapse:collapse;font-size:12.5px;margin:8px 0}
    th,td{border-bottom:1px solid #e4e4e4;padding:4px 8px;text-align:right}th{background:#f6f6f6}
    td.l,th.l{text-align:left}.muted{color:#666;font-size:12.5px}.cards{display:flex;flex-wrap:wrap;gap:8px}
    .card{border:1px solid #e4e4e4;border-radius:6px;padding:6px;margin-bottom:10px}
    </style></head><body>
    <h1>\(escapeHTML(title))</h1>
    <p class="muted">ECGLens \(escapeHTML(config.ecglensVersion)) · table <code>\(escapeHTML(config.table))</code> · \(data.models.count) models of \(config.targets.count) targets · split: \(escapeHTML(config.split.method))\(config.split.seed.map { ", seed \($0)" } ?? "")</p>
    """

  // Table 1.
  h += "<h2>Cohort</h2>"
  if !data.tableOne.isEmpty {
    h += "<table><tr><th class=l></th>" + data.tableOne.map { "<th>\($0.partition)</th>" }.joined() + "</tr>"
    h += "<tr><td class=l>ECGs</td>" + data.tableOne.map { "<td>\($0.ecgs)</td>" }.joined() + "</tr>"
    h += "<tr><td class=l>patients</td>" + data.tableOne.map { "<td>\($0.patients)</td>" }.joined() + "</tr>"
    if data.tableOne.contains(where: { !$0.ageMedian.isNaN }) {
      h +=
        "<tr><td class=l>age, years: median (IQR)</td>"
        + data.tableOne.map { String(format: "<td>%g (%g–%g)</td>", $0.ageMedian, $0.ageQ1, $0.ageQ3) }.joined() + "</tr>"
    }
    if data.tableOne.contains(where: { $0.sexKnown > 0 }) {
      h +=
        "<tr><td class=l>male, n (%)</td>"
        + data.tableOne.map { String(format: "<td>%d (%.1f)</td>", $0.male, 100 * Double($0.male) / Double(max(1, $0.sexKnown))) }.joined() + "</tr>"
    }
    h += "</table>"
  }
  h += "<table><tr><th class=l>target</th>"
  for p in ["train", "validation", "test"] { h += "<th>\(p) ECGs</th><th>\(p) positives (%)</th>" }
  h += "</tr>"
  var seenTargets: Set<String> = []
  for e in data.summary.entries where !seenTargets.contains(e.target) {
    seenTargets.insert(e.target)
    h += "<tr><td class=l>\(escapeHTML(e.target))</td>"
    for p in ["train", "validation", "test"] {
      if let c = e.counts[p], c.rows > 0 {
        h += "<td>\(c.rows)</td><td>\(c.positives) (\(String(format: "%.1f", 100 * Double(c.positives) / Double(c.rows))))</td>"
      } else {
        h += "<td></td><td></td>"
      }
    }
    h += "</tr>"
  }
  h += "</table>"
  let skipped = data.summary.entries.filter { $0.status != "trained" }
  if !skipped.isEmpty {
    // One line per target: its variants share the reason when it is about the target's counts.
    var byTarget: [(String, [String])] = []
    for e in skipped {
      let reason = escapeHTML(e.reason ?? e.status)
      if let i = byTarget.firstIndex(where: { $0.0 == e.target }) {
        if !byTarget[i].1.contains(reason) { byTarget[i].1.append(reason) }
      } else {
        byTarget.append((e.target, [reason]))
      }
    }
    h +=
      "<p class=muted>Not trained: " + byTarget.map { "<b>\(escapeHTML($0.0))</b> (\($0.1.joined(separator: "; ")))" }.joined(separator: " · ")
      + "</p>"
  }

  // Results table, sorted by AUROC.
  let sorted = data.models.sorted { ($0.evaluation?.auroc.auc ?? 0) > ($1.evaluation?.auroc.auc ?? 0) }
  h +=
    "<h2>Results on the test partition</h2><p class=muted>AUROC with 95 % percentile bootstrap intervals, \(data.bootstrap.resamples) resamples of \(unit), seed \(data.bootstrap.seed); beside it the \(delong.rawValue) interval\(delong == .clusteredDeLong ? ", whose variance treats each patient's ECGs as one unit" : ", which treats every ECG as independent"). The test partition chose nothing: early stopping, feature selection, thresholds and recalibration used the validation partition.</p>"
  h +=
    "<table><tr><th class=l>target</th><th class=l>variant</th><th>test positives</th><th>AUROC</th><th>bootstrap 95 % CI (\(data.bootstrap.unit.rawValue)s)</th><th>\(delong.shortName) 95 % CI</th><th>AUPRC</th><th>Brier</th><th>calibration slope</th><th>features</th></tr>"
  for m in sorted {
    guard let e = m.evaluation else { continue }
    let b = e.aurocBootstrap
    h += "<tr><td class=l>\(escapeHTML(m.entry.target))</td><td class=l>\(m.entry.variant.rawValue)</td><td>\(e.positives)</td>"
    h += String(
      format: "<td><b>%.3f</b></td><td>%.3f–%.3f</td><td>%.3f–%.3f</td><td>%.3f</td><td>%.3f</td><td>%.2f</td><td>%d</td></tr>",
      e.auroc.auc, b?.percentileLower ?? .nan, b?.percentileUpper ?? .nan, e.auroc.lower, e.auroc.upper, e.averagePrecision, e.brier,
      e.calibration?.slope ?? .nan, m.entry.features?.count ?? 0)
  }
  h += "</table>"

  if let fusion = data.fusion { h += fusionSection(fusion) }

  // Forest plot.
  let forest = sorted.filter { $0.evaluation?.aurocBootstrap != nil }
  if !forest.isEmpty {
    let rowH = 18.0, height = 60 + rowH * Double(forest.count)
    var plot = SVGPlot(width: 1000, height: height, x: 0.4...1.0, y: 0...Double(forest.count), right: 260)
    plot.line([(0.5, 0), (0.5, Double(forest.count))], colour: "#999", width: 1, dash: "4 3")
    let variants = Array(Set(forest.map(\.entry.variant.rawValue))).sorted()
    for (i, m) in forest.enumerated() {
      let e = m.evaluation!, b = e.aurocBootstrap!
      let y = Double(forest.count) - Double(i) - 0.5
      let colour = Palette.colour(variants.firstIndex(of: m.entry.variant.rawValue) ?? 0)
      plot.line([(max(0.4, b.percentileLower), y), (b.percentileUpper, y)], colour: colour, width: 2)
      plot.circle(max(0.4, e.auroc.auc), y, r: 3.5, colour: colour)
      plot.rawPixel(
        String(
          format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"start\" fill=\"#222\">%@</text>",
          plot.px(1.0) + 6, plot.py(y) + 3, escapeHTML("\(m.entry.target) · \(m.entry.variant.rawValue)")))
    }
    h += "<h2>Forest plot</h2><div style=\"overflow-x:auto\">"
    h += plot.render(
      title: "AUROC (95 % bootstrap CI) on test", xLabel: "AUROC", yLabel: "", xTicks: [0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], yTicks: [],
      legend: variants.enumerated().map { ($1, Palette.colour($0)) }, legendAt: .topLeft)
    h += "</div>"
  }

  // Per-target panels.
  h += "<h2>Per target</h2>"
  let targets = sorted.map(\.entry.target).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
  for target in targets {
    let ms = data.models.filter { $0.entry.target == target }
    h += "<h3>\(escapeHTML(target))</h3><div class=cards>"
    // ROC, variants overlaid.
    var roc = SVGPlot(x: 0...1, y: 0...1)
    roc.line([(0, 0), (1, 1)], colour: "#999", width: 1, dash: "4 3")
    var legend: [(String, String)] = []
    for (i, m) in ms.enumerated() {
      roc.line(rocCurve(scores: m.testScores, labels: m.testLabels), colour: Palette.colour(i))
      legend.append((String(format: "%@ %.3f", m.entry.variant.rawValue, m.evaluation?.auroc.auc ?? .nan), Palette.colour(i)))
    }
    h +=
      "<div class=card>"
      + roc.render(
        title: "ROC (test)", xLabel: "1 − specificity", yLabel: "sensitivity", xTicks: ticks(0, 1), yTicks: ticks(0, 1), legend: legend,
        legendAt: .bottomRight) + "</div>"
    // Precision-recall, variants overlaid, with the prevalence as the no-skill line.
    var pr = SVGPlot(x: 0...1, y: 0...1)
    var prLegend: [(String, String)] = []
    if let first = ms.first, !first.testLabels.isEmpty {
      let prevalence = Double(first.testLabels.filter { $0 }.count) / Double(first.testLabels.count)
      pr.line([(0, prevalence), (1, prevalence)], colour: "#999", width: 1, dash: "4 3")
    }
    for (i, m) in ms.enumerated() {
      pr.line(precisionRecallCurve(scores: m.testScores, labels: m.testLabels), colour: Palette.colour(i))
      prLegend.append((String(format: "%@ AP %.3f", m.entry.variant.rawValue, m.evaluation?.averagePrecision ?? .nan), Palette.colour(i)))
    }
    h +=
      "<div class=card>"
      + pr.render(
        title: "Precision-recall (test)", xLabel: "recall (sensitivity)", yLabel: "precision (PPV)", xTicks: ticks(0, 1), yTicks: ticks(0, 1),
        legend: prLegend, legendAt: .topRight) + "</div>"
    // Calibration of the richest variant.
    if let m = ms.last, let e = m.evaluation, !e.reliability.isEmpty {
      let top = max(0.05, (e.reliability.map { max($0.meanPrediction, $0.observedRate) }.max() ?? 1) * 1.1)
      var cal = SVGPlot(x: 0...min(1, top), y: 0...min(1, top))
      cal.line([(0, 0), (1, 1)], colour: "#999", width: 1, dash: "4 3")
      cal.line(e.reliability.map { ($0.meanPrediction, $0.observedRate) }, colour: Palette.colour(ms.count - 1))
      for b in e.reliability { cal.circle(b.meanPrediction, b.observedRate, colour: Palette.colour(ms.count - 1)) }
      h +=
        "<div class=card>"
        + cal.render(
          title: "Calibration, \(m.entry.variant.rawValue) (10 quantile bins)", xLabel: "mean predicted probability", yLabel: "observed rate",
          xTicks: ticks(0, min(1, top), count: 4).map { ($0 * 100).rounded() / 100 },
          yTicks: ticks(0, min(1, top), count: 4).map { ($0 * 100).rounded() / 100 }) + "</div>"
    }
    // RFE curves.
    let withRFE = ms.filter { !$0.elimination.isEmpty }
    if !withRFE.isEmpty {
      let counts = withRFE.flatMap { $0.elimination.map(\.count) }, aucs = withRFE.flatMap { $0.elimination.map(\.auroc) }
      let lo = max(0, (aucs.min() ?? 0.5) - 0.02), hi = min(1, (aucs.max() ?? 1) + 0.02)
      var rfe = SVGPlot(x: Double(counts.min()! - 1)...Double(counts.max()! + 1), y: lo...hi, left: 64)
      for m in withRFE {
        let c = Palette.colour(ms.firstIndex { $0.entry.variant == m.entry.variant } ?? 0)
        rfe.line(m.elimination.map { (Double($0.count), $0.auroc) }, colour: c)
        if let kept = m.entry.features?.count, let best = m.elimination.first(where: { $0.count == kept }) {
          rfe.circle(Double(kept), best.auroc, r: 4.5, colour: c)
        }
      }
      h +=
        "<div class=card>"
        + rfe.render(
          title: "RFE: validation AUROC (dot: kept)", xLabel: "number of features", yLabel: "validation AUROC",
          xTicks: Array(Set(ticks(Double(counts.min()! - 1), Double(counts.max()! + 1), count: 4).map { $0.rounded() })).sorted(),
          yTicks: ticks(lo, hi, count: 4).map { ($0 * 1000).rounded() / 1000 },
          legend: withRFE.map { m in (m.entry.variant.rawValue, Palette.colour(ms.firstIndex { $0.entry.variant == m.entry.variant } ?? 0)) })
        + "</div>"
    }
    // Top features by mean |SHAP| of the richest variant.
    if let m = ms.last, !m.shap.isEmpty {
      let top = Array(m.shap.prefix(10))
      let maxV = max(1e-9, top.map(\.value).max()!)
      var bars = SVGPlot(width: 360, height: 300, x: 0...maxV * 1.05, y: 0...Double(top.count), left: 130)
      for (i, f) in top.enumerated() {
        let y = Double(top.count - i)
        bars.rawPixel(
          String(
            format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%@\"/>",
            bars.px(0), bars.py(y - 0.15), bars.px(f.value) - bars.px(0), bars.py(y - 0.85) - bars.py(y - 0.15), Palette.colour(0)))
        bars.rawPixel(
          String(
            format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\" fill=\"#222\">%@</text>",
            bars.px(0) - 4, bars.py(y - 0.5) + 3, escapeHTML(f.feature)))
      }
      h +=
        "<div class=card>"
        + bars.render(
          title: "mean |SHAP| on test, \(m.entry.variant.rawValue)", xLabel: "mean |SHAP| (log-odds)", yLabel: "",
          xTicks: ticks(0, maxV * 1.05, count: 3).map { ($0 * 100).rounded() / 100 }, yTicks: []) + "</div>"
    }
    if let m = ms.last, !m.beeswarm.isEmpty {
      h += "<div class=card>" + beeswarmSVG(m.beeswarm, title: "SHAP per test ECG, \(m.entry.variant.rawValue)") + "</div>"
    }
    h += "</div>"
  }

  // Cross-target SHAP heatmap (first variant present for every target: the richest).
  let primary = sorted.reduce(into: [String: ModelReport]()) { acc, m in
    if acc[m.entry.target] == nil || m.entry.variant == .ecgDemographics { acc[m.entry.target] = m }
  }
  let features = Array(Set(primary.values.flatMap { $0.shap.map(\.feature) })).sorted()
  if !features.isEmpty {
    h +=
      "<h2>Mean |SHAP| across targets</h2><p class=muted>Each row scaled to its largest feature; the number is mean |SHAP| in log-odds on test rows.</p><table><tr><th class=l>target</th>"
    for f in features { h += "<th style=\"writing-mode:vertical-rl;transform:rotate(180deg);font-weight:normal\">\(escapeHTML(f))</th>" }
    h += "</tr>"
    for target in targets {
      guard let m = primary[target] else { continue }
      let values = Dictionary(m.shap.map { ($0.feature, $0.value) }, uniquingKeysWith: { a, _ in a })
      let top = max(1e-12, values.values.max() ?? 1)
      h += "<tr><td class=l>\(escapeHTML(target))</td>"
      for f in features {
        if let v = values[f] {
          let a = v / top
          h += String(format: "<td style=\"background:rgba(0,114,178,%.2f);color:%@\">%.2f</td>", a, a > 0.6 ? "white" : "#222", v)
        } else {
          h += "<td style=\"color:#bbb\">·</td>"
        }
      }
      h += "</tr>"
    }
    h += "</table>"
  }

  // Comparison and external validation tables.
  for (name, csv) in data.extraTables {
    h += "<h2>\(escapeHTML(name))</h2><div style=\"overflow-x:auto\"><table>"
    if let table = try? parseCSV(Data(csv.utf8), file: name) {
      h += "<tr>" + table.names.map { "<th>\(escapeHTML($0))</th>" }.joined() + "</tr>"
      for row in 0..<table.rowCount {
        h +=
          "<tr>"
          + table.columns.map { column -> String in
            switch column {
            case .text(let v): return "<td>\(escapeHTML(v[row]))</td>"
            case .numeric(let v):
              let x = v[row]
              let shown =
                x.isNaN
                ? "" : abs(x) < 1e-3 && x != 0 ? String(format: "%.1e", x) : String(format: "%.3f", x).replacingOccurrences(of: ".000", with: "")
              return "<td>\(escapeHTML(shown))</td>"
            }
          }.joined() + "</tr>"
      }
    }
    h += "</table></div>"
  }

  // Per-ECG explanations.
  if !data.explanations.isEmpty {
    h +=
      "<h2>Per-ECG explanations</h2><p class=\"muted\">Each ECG was measured from its waveform (<code>ecglens explain</code>) and every model applied; the three most probable findings are shown with the evidence behind the first. Sentences are generated from the measured values, the feature catalogue's adult ranges and the TreeSHAP contributions; the full page has the 12-lead strip with its fiducials.</p>"
    for (record, page, targets) in data.explanations {
      let ranked = targets.sorted { $0.probability > $1.probability }
      h +=
        "<h3>\(escapeHTML(record))\(page.map { " <a href=\"\(escapeHTML($0))\" style=\"font-size:13px;font-weight:normal\">full explanation</a>" } ?? "")</h3><p>"
      h += ranked.prefix(3).map { String(format: "%@ %.2f", escapeHTML($0.target), $0.probability) }.joined(separator: " · ") + "</p>"
      if let first = ranked.first {
        h += "<ul>" + explanationSentences(first, top: 3).dropFirst().map { "<li>\(escapeHTML($0))</li>" }.joined() + "</ul>"
      }
    }
  }

  h += studyPrivacySection(data.privacy)
  // Methods.
  let o = config.options, p = o.parameters
  h += "<h2>Methods</h2><p>"
  h +=
    "Rows of <code>\(escapeHTML(config.table))</code>\(config.labels.isEmpty ? "" : " joined on <code>\(escapeHTML(config.idColumn))</code> with " + config.labels.map { "<code>\(escapeHTML($0))</code>" }.joined(separator: ", ")) were split "
  if config.split.method.hasPrefix("patient") {
    h +=
      "into \(config.split.folds ?? 20) folds grouped by <code>\(escapeHTML(config.patientColumn))</code> (no patient in two folds) and stratified on every target, age quartile and sex (iterative stratification, seed \(config.split.seed ?? 0)); the last fold is the test partition, the one before it validation, the rest training. "
  } else {
    h +=
      "by the given fold column <code>\(escapeHTML(config.split.foldColumn ?? ""))</code> (validation folds \(config.split.validationFolds ?? []), test folds \(config.split.testFolds ?? [])), checked for patient leaks. "
  }
  h +=
    "Each target was modelled with gradient-boosted trees (XGBoost, binary:logistic, eta \(p.learningRate), max_depth \(p.maxDepth), tree_method \(p.treeMethod.rawValue), at most \(p.maxRounds) rounds, early stopping after \(p.earlyStoppingRounds) rounds without improvement of validation \(p.evalMetric.rawValue), missing values handled natively). "
  if o.rfe {
    h +=
      "Features were selected per target by recursive feature elimination: the feature with the lowest gain was removed one at a time, each subset scored by validation AUROC, keeping at least \(o.minimumECGFeatures) ECG features\(o.parsimonyTolerance.map { "; the smallest subset within \($0) of the best validation AUROC was kept" } ?? "; the best subset was kept"). "
  }
  if !o.sexSpecific.isEmpty {
    h +=
      "Sex-specific targets ("
      + o.sexSpecific.sorted { $0.key < $1.key }.map { "\(escapeHTML($0.key)): \($0.value.rawValue)" }.joined(separator: ", ")
      + ") used that sex's rows only and no sex feature. "
  }
  h += "Targets with fewer than \(o.minimumPositives) positives or negatives in any partition were not trained. "
  h +=
    "On the test partition, AUROC intervals are percentile bootstraps over \(unit) (\(data.bootstrap.resamples) resamples, seed \(data.bootstrap.seed); resamples with one class were drawn again) and the normal approximation of \(delong == .clusteredDeLong ? "the clustered DeLong method (Obuchowski, Biometrics 1997: structural components summed per patient)" : "DeLong's method (DeLong et al., Biometrics 1988; ECGs independent)"); paired comparisons use the same DeLong form, and NRI and IDI p-values \(delong == .clusteredDeLong ? "cluster-robust (patient-level) standard errors" : "Pencina's (2008) standard errors"); calibration slopes come from logistic recalibration (Cox 1958), SHAP values from XGBoost's exact TreeSHAP in log-odds.</p>"
  h +=
    "<p class=muted>Generated by ECGLens from <code>study.json</code>; every number here is also in the study's CSV and JSON files.</p></body></html>\n"
  return h
}

/// A SHAP summary (beeswarm) plot in the shap package's convention: one row per feature, each
/// dot one ECG at its SHAP value, stacked where dense, coloured from low (blue) to high
/// (vermilion) feature value by rank; grey where the value is missing.
func beeswarmSVG(_ rows: [(feature: String, shap: [Double], values: [Double])], title: String) -> String {
  let all = rows.flatMap(\.shap)
  let lo = min(0, all.min() ?? 0), hi = max(0, all.max() ?? 0)
  let pad = max(1e-9, (hi - lo) * 0.05)
  var plot = SVGPlot(width: 560, height: 60 + 34 * Double(rows.count), x: (lo - pad)...(hi + pad), y: 0...Double(rows.count), left: 130)
  plot.line([(0, 0), (0, Double(rows.count))], colour: "#999", width: 1)
  for (i, r) in rows.enumerated() {
    let yMid = Double(rows.count - i) - 0.5
    let known = r.values.filter { !$0.isNaN }.sorted()
    // Stack dots in 60 bins across the x range so dense regions spread vertically.
    var binCount = [Int: Int]()
    let order = r.shap.indices.sorted { r.shap[$0] < r.shap[$1] }
    for idx in order {
      let v = r.shap[idx]
      let bin = Int(((v - lo) / max(1e-12, hi - lo)) * 60)
      let n = binCount[bin, default: 0]
      binCount[bin] = n + 1
      let offset = Double((n + 1) / 2) * (n % 2 == 0 ? 1 : -1) * 0.045
      let colour: String
      if r.values[idx].isNaN || known.isEmpty {
        colour = "#AAAAAA"
      } else {
        var a = 0, b = known.count
        while a < b { let mid = (a + b) / 2; if known[mid] < r.values[idx] { a = mid + 1 } else { b = mid } }
        colour = mix(Double(a) / Double(max(1, known.count - 1)))
      }
      plot.circle(v, yMid + max(-0.42, min(0.42, offset)), r: 2.2, colour: colour, opacity: 0.85)
    }
    plot.rawPixel(
      String(
        format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\" fill=\"#222\">%@</text>",
        plot.px(lo - pad) - 4, plot.py(yMid) + 3, escapeHTML(r.feature)))
  }
  return plot.render(
    title: title, xLabel: "SHAP value (log-odds; right raises the predicted risk)", yLabel: "",
    xTicks: ticks(lo - pad, hi + pad, count: 4).map { ($0 * 100).rounded() / 100 }, yTicks: [],
    legend: [("low feature value", mix(0)), ("high feature value", mix(1))], legendAt: .bottomRight)
}

/// Blue (#0072B2) to vermilion (#D55E00).
func mix(_ t: Double) -> String {
  let a = (0.0, 114.0, 178.0), b = (213.0, 94.0, 0.0)
  let c = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t, a.2 + (b.2 - a.2) * t)
  return String(format: "#%02X%02X%02X", Int(c.0), Int(c.1), Int(c.2))
}
