import Foundation
import Measurements

/// The global measurements shown at the top of an explanation, in this order.
let summaryFeatures = [
  "heart_rate_bpm", "rr_irregularity", "p_wave_fraction", "pr_ms", "p_ms", "qrs_ms", "qt_ms", "qtc_bazett_ms",
  "qtc_fridericia_ms", "p_axis_deg", "qrs_axis_deg", "t_axis_deg", "qrs_t_angle_deg", "sokolow_lyon_mv", "cornell_mv",
]

/// One ECG's explanation page: the record, its measurements against adult ranges, the
/// 12-lead strip with fiducials, and per target the probability and the evidence behind it.
/// Self-contained HTML with inline SVG; no scripts.
///
/// - Parameters:
///   - values: `featureValues` of the ECG, by catalogue name.
///   - plot: the `twelveLeadSVG` of the record (empty when explaining a table row).
public func renderExplanation(
  title: String, subtitle: String, values: [String: Double], plot: String, explanations: [TargetExplanation], top: Int
) -> String {
  var h = """
    <!doctype html><html lang="en"><head><meta charset="utf-8"><title>\(escapeHTML(title))</title>
    <style>
    body{font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;margin:24px auto;max-width:1180px;color:#222;line-height:1.4}
    table{border-collapse:collapse;margin:8px 0 16px}td,th{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left;font-size:13px}
    th{background:#f4f4f4}.normal{color:#0b6b3a}.borderline{color:#9a6700}.abnormal{color:#b3261e;font-weight:bold}
    .target{border:1px solid #ddd;border-radius:6px;padding:10px 16px;margin:14px 0}.p{font-size:20px;font-weight:bold}
    .muted{color:#666;font-size:13px}.strip{overflow-x:auto}
    </style></head><body>
    <h1>\(escapeHTML(title))</h1><p class="muted">\(escapeHTML(subtitle))</p>
    <h2>Measurements</h2><table><tr><th>measurement</th><th>value</th><th>adult normal</th><th>assessment</th><th>source of the range</th></tr>

    """
  // Sex-specific ranges (Cornell voltage, QTc) use the patient's sex when it is known.
  let sexMale = values["sex_male"].flatMap { $0.isNaN ? nil : $0 == 1 }
  for name in summaryFeatures {
    guard let d = featureDefinition(named: name), let v = values[name] else { continue }
    let a = d.assess(v, sexMale: sexMale)
    h += "<tr><td>\(escapeHTML(d.definition.components(separatedBy: ":").first ?? name)) <span class=\"muted\">(\(name))</span></td>"
    let unit = d.unit == "ratio" || d.unit == "0/1" ? "" : " " + d.unit
    h += "<td>\(v.isNaN ? "not measured" : formatNumber(v) + unit)</td>"
    h += "<td>\(escapeHTML(rangeText(d, sexMale: sexMale) ?? ""))</td>"
    h += "<td class=\"\(a?.rawValue ?? "")\">\(a?.rawValue ?? "")</td><td class=\"muted\">\(escapeHTML(d.source ?? ""))</td></tr>\n"
  }
  h += "</table>\n"
  if !plot.isEmpty {
    h += "<h2>ECG and detected fiducials</h2><div class=\"strip\">\(plot)</div>\n"
  }
  h +=
    "<h2>Predicted findings</h2><p class=\"muted\">Each model's probability, and the features that drove it: SHAP contributions to the log-odds (TreeSHAP), largest first. Every sentence is generated from the measured values and the feature catalogue; no language model is involved.</p>\n"
  var references: [String] = []
  for x in explanations.sorted(by: { $0.probability > $1.probability }) {
    h +=
      "<div class=\"target\"><span class=\"p\">\(escapeHTML(x.target))</span> &nbsp; probability <span class=\"p\">\(String(format: "%.2f", x.probability))</span>"
    h +=
      " <span class=\"muted\">(\(escapeHTML(x.variant)) model\(x.testAUROC.map { String(format: ", test AUROC %.3f", $0) } ?? ""); base log-odds \(String(format: "%.2f", x.baseLogOdds)))</span>"
    h += "<ul>" + explanationSentences(x, top: top, citing: &references).dropFirst().map { "<li>\(escapeHTML($0))</li>" }.joined() + "</ul>"
    h += shapBars(x.evidence.prefix(top).map { ($0.feature, $0.shap) })
    h += "</div>\n"
  }
  if !references.isEmpty {
    h += "<h2>Sources of the ranges</h2><ol class=\"muted\">" + references.map { "<li>\(escapeHTML($0))</li>" }.joined() + "</ol>\n"
  }
  return h + "</body></html>\n"
}

/// Horizontal SHAP bars (red raises, blue lowers the log-odds), as in shap's waterfall colours.
func shapBars(_ items: [(String, Double)]) -> String {
  guard let largest = items.map({ abs($0.1) }).max(), largest > 0 else { return "" }
  // Each half of the bar area keeps `valueRoom` pixels free beyond its longest bar for the value
  // label, so a label never reaches the feature names.
  let rowHeight = 18.0, labelWidth = 170.0, barWidth = 260.0, valueRoom = 46.0
  let height = rowHeight * Double(items.count) + 6
  var s = String(
    format: "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" role=\"img\"><title>SHAP contributions</title>",
    labelWidth + 2 * barWidth + 60, height)
  let zero = labelWidth + barWidth
  s += String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"0\" y2=\"%.1f\" stroke=\"#888\"/>", zero, zero, height)
  for (i, (name, v)) in items.enumerated() {
    let y = Double(i) * rowHeight + 3
    let w = abs(v) / largest * (barWidth - valueRoom)
    let x = v >= 0 ? zero : zero - w
    s += String(
      format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" fill=\"#222\">%@</text>", labelWidth - 6, y + 12, escapeHTML(name))
    s += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"13\" fill=\"%@\"/>", x, y, max(w, 1), v >= 0 ? "#D55E00" : "#0072B2")
    s += String(
      format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"%@\" fill=\"#444\">%+.2f</text>", v >= 0 ? x + w + 4 : x - 4, y + 11,
      v >= 0 ? "start" : "end", v)
  }
  return s + "</svg>"
}
