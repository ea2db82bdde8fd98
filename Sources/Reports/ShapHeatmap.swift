import Foundation
import Modelling

/// The cross-target mean |SHAP| heatmap (for each target its ecg+demographics model, else its best),
/// as an HTML table with cells shaded by the row's largest value, and the same numbers as a table
/// for export.
func shapHeatmap(sorted: [ModelReport], targets: [String]) -> (html: String, table: ReportTable?) {
  var h = ""
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
  guard !features.isEmpty else { return ("", nil) }
  let rows = targets.compactMap { t -> [String]? in
    guard let m = primary[t] else { return nil }
    let values = Dictionary(m.shap.map { ($0.feature, $0.value) }, uniquingKeysWith: { a, _ in a })
    return [t, m.entry.variant.rawValue] + features.map { values[$0].map { String(format: "%.3f", $0) } ?? "" }
  }
  let table = ReportTable(
    name: "table-shap-across-targets", title: "Mean |SHAP| (log-odds) on the test partition across targets",
    headers: ["target", "variant"] + features, rows: rows, textColumns: 2,
    caption: "Mean absolute TreeSHAP value of each feature over the test ECGs; empty: the feature is not in the target's model.")
  return (h, table)
}
