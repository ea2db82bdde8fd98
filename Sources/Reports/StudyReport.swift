import Foundation
import Modelling
import Statistics

/// A rendered study report: the HTML page and every figure and table it shows, for export.
public struct StudyReportDocument: Sendable {
  public var html: String
  public var figures: [ReportFigure]
  public var tables: [ReportTable]
}

/// The report title: the study's name when given, else the name of its folder (the folder above
/// a pipeline's `study/` subfolder), e.g. "chapman-sample".
public func studyTitle(folder: String, name: String? = nil) -> String {
  if let name, !name.isEmpty { return name }
  let url = URL(fileURLWithPath: folder).standardizedFileURL
  let last = url.lastPathComponent
  return "Study report: " + (last == "study" ? url.deletingLastPathComponent().lastPathComponent : last)
}

/// The report as one self-contained HTML file: inline CSS and SVG, no scripts, no network.
public func renderStudyReport(_ data: StudyReportData, title: String) -> String {
  studyReportDocument(data, title: title).html
}

/// The report and its figures and tables. Every figure has a caption under it saying what is
/// plotted and how its intervals or bins were made; every table has human-readable headers.
public func studyReportDocument(_ data: StudyReportData, title: String) -> StudyReportDocument {
  let config = data.summary.configuration
  let unit = data.bootstrap.unit == .patient ? "patients (cluster bootstrap)" : "ECGs"
  let delong = data.models.compactMap { $0.evaluation?.auroc.method }.first ?? (data.bootstrap.unit == .patient ? .clusteredDeLong : .deLong)
  var figures: [ReportFigure] = [], tables: [ReportTable] = []
  func figure(_ f: ReportFigure?) -> String {
    guard let f else { return "" }
    figures.append(f)
    return "<figure class=card>\(f.svg)<figcaption>\(escapeHTML(f.caption))</figcaption></figure>"
  }
  func table(_ t: ReportTable?) -> String {
    guard let t else { return "" }
    tables.append(t)
    return t.html
  }
  var h = """
    <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>\(escapeHTML(title))</title>
    <style>
    body{font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;margin:24px auto;max-width:1180px;color:#222;line-height:1.4;padding:0 12px}
    h1{font-size:24px;margin-bottom:4px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}
    h3{font-size:15px;margin:18px 0 6px}table{border-collapse:collapse;font-size:12.5px;margin:8px 0}
    th,td{border-bottom:1px solid #e4e4e4;padding:4px 8px;text-align:right}th{background:#f6f6f6}td{white-space:nowrap}
    caption{text-align:left;font-weight:bold;font-size:13px;padding:4px 0}.tablewrap{overflow-x:auto;max-width:100%}
    td.l,th.l{text-align:left}.muted,.caption{color:#555;font-size:12.5px}.cards{display:flex;flex-wrap:wrap;gap:10px;align-items:flex-start}
    figure.card{border:1px solid #e4e4e4;border-radius:6px;padding:6px;margin:0 0 10px;max-width:100%;overflow-x:auto}
    figure.card svg{max-width:100%;height:auto}figcaption{font-size:12px;color:#444;max-width:420px;margin-top:4px}
    </style></head><body>
    <h1>\(escapeHTML(title))</h1>
    <p class="muted">ECGLens \(escapeHTML(config.ecglensVersion)) · data <code>\(escapeHTML(relativePath(config.table, from: data.folder)))</code> · \(data.models.count) models of \(config.targets.count) targets · split: \(escapeHTML(config.split.method))\(config.split.seed.map { ", seed \($0)" } ?? "") · every figure is also an SVG file in <code>figures/</code>, every table a CSV and Markdown file in <code>tables/</code></p>
    """

  h += "<h2>Cohort</h2>" + table(data.tableOne)
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

  // Results, sorted by AUROC.
  let sorted = data.models.sorted { ($0.evaluation?.auroc.auc ?? 0) > ($1.evaluation?.auroc.auc ?? 0) }
  h +=
    "<h2>Results on the test partition</h2><p class=muted>The test partition chose nothing: early stopping, feature selection, "
    + "thresholds and recalibration used the validation partition. The \(delong.rawValue) interval "
    + (delong == .clusteredDeLong ? "treats each patient's ECGs as one unit." : "treats every ECG as independent.") + "</p>"
  h += table(resultsTable(data, sorted: sorted))
  if let fusion = data.fusion { h += fusionSection(fusion) }

  // The study's variant order sets every figure's colours.
  var order = FeatureVariant.allCases.filter { v in data.models.contains { $0.entry.variant == v } }
  for m in data.models where !order.contains(m.entry.variant) { order.append(m.entry.variant) }
  h += "<h2>Forest plot</h2>" + figure(forestFigure(data.models, order: order, bootstrap: "\(data.bootstrap.resamples) resamples of \(unit)"))

  h += "<h2>Per target</h2>"
  let targets = sorted.map(\.entry.target).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
  for target in targets {
    let ms = data.models.filter { $0.entry.target == target }
    h += "<h3>\(escapeHTML(target))</h3><div class=cards>"
    h += figure(rocFigure(target: target, models: ms, order: order))
    h += figure(precisionRecallFigure(target: target, models: ms, order: order))
    h += figure(calibrationFigure(target: target, models: ms, order: order))
    h += figure(eliminationFigure(target: target, models: ms, order: order))
    // SHAP of the richest variant.
    if let m = ms.first(where: { $0.entry.variant == .ecgDemographics }) ?? ms.last {
      h += figure(shapImportanceFigure(target: target, model: m))
      h += figure(beeswarmFigure(target: target, model: m))
    }
    h += "</div>"
  }

  let heatmap = shapHeatmap(sorted: sorted, targets: targets)
  h += heatmap.html
  if let t = heatmap.table { tables.append(t) }

  for (name, csv) in data.extraTables {
    guard let t = extraTable(file: name, csv: csv) else { continue }
    h += "<h2>\(t.name.hasPrefix("table-external") ? "External validation" : "Comparison")</h2>" + table(t)
  }

  h += explanationsSection(data.explanations)
  h += studyPrivacySection(data.privacy)
  h += methodsParagraph(data, unit: unit, delong: delong)
  h +=
    "<p class=muted>Generated by ECGLens from <code>study.json</code>; every number here is also in the study's CSV and JSON files.</p></body></html>\n"
  return StudyReportDocument(html: h, figures: figures, tables: tables)
}

/// The per-ECG explanations: the three most probable findings of each ECG with the evidence behind
/// the first, each range's source cited once in a numbered list below.
func explanationsSection(_ explanations: [(record: String, page: String?, targets: [TargetExplanation])]) -> String {
  guard !explanations.isEmpty else { return "" }
  var h =
    "<h2>Per-ECG explanations</h2><p class=\"muted\">Each ECG was measured from its waveform (<code>ecglens explain</code>) and every "
    + "model applied; the three most probable findings are shown with the evidence behind the first. Sentences are generated from the "
    + "measured values, the feature catalogue's adult ranges (for the patient's sex where they differ) and the TreeSHAP contributions; "
    + "the full page has the 12-lead strip with its fiducials.</p>"
  var references: [String] = []
  for (record, page, targets) in explanations {
    let ranked = targets.sorted { $0.probability > $1.probability }
    h += "<h3>\(escapeHTML(record))"
    h += page.map { " <a href=\"\(escapeHTML($0))\" style=\"font-size:13px;font-weight:normal\">full explanation</a>" } ?? ""
    h += "</h3><p>" + ranked.prefix(3).map { String(format: "%@ %.2f", escapeHTML($0.target), $0.probability) }.joined(separator: " · ") + "</p>"
    if let first = ranked.first {
      h += "<ul>" + explanationSentences(first, top: 3, citing: &references).dropFirst().map { "<li>\(escapeHTML($0))</li>" }.joined() + "</ul>"
    }
  }
  if !references.isEmpty {
    h += "<p class=muted>Sources of the ranges:</p><ol class=muted>" + references.map { "<li>\(escapeHTML($0))</li>" }.joined() + "</ol>"
  }
  return h
}
