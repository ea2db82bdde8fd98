import Foundation
import Modelling

/// The forest plot: test AUROC with its percentile bootstrap interval for every model, grouped by
/// target (best target first) with the variants side by side in the study's order, the 0.5 line,
/// and each estimate and interval printed at the right. The axis reaches the lowest interval (at
/// most down to 0); an interval past an axis bound would end in an arrow head.
func forestFigure(_ models: [ModelReport], order: [FeatureVariant], bootstrap: String) -> ReportFigure? {
  let usable = models.filter { $0.evaluation?.aurocBootstrap != nil }
  guard !usable.isEmpty else { return nil }
  func best(_ t: String) -> Double { usable.filter { $0.entry.target == t }.compactMap { $0.evaluation?.auroc.auc }.max() ?? 0 }
  let targets = usable.map(\.entry.target).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    .sorted { best($0) > best($1) }
  // Rows top to bottom: each target's variants, then a gap.
  var rows: [(target: String?, model: ModelReport)?] = []
  for (k, t) in targets.enumerated() {
    let ms = usable.filter { $0.entry.target == t }.sorted {
      (order.firstIndex(of: $0.entry.variant) ?? 99) < (order.firstIndex(of: $1.entry.variant) ?? 99)
    }
    for (i, m) in ms.enumerated() { rows.append((i == 0 ? t : nil, m)) }
    if k < targets.count - 1 { rows.append(nil) }
  }
  let lowest = usable.compactMap { $0.evaluation?.aurocBootstrap?.percentileLower }.min() ?? 0.5
  let xAxis = niceAxis(min(0.5, lowest), 1, maxTicks: 7, clampTo: 0...1)
  let rowH = 17.0
  let targetChars = targets.map(\.count).max() ?? 6, variantChars = usable.map(\.entry.variant.rawValue.count).max() ?? 6
  let targetWidth = Double(targetChars) * 7 + 14, labelWidth = targetWidth + Double(variantChars) * 6.3 + 14
  let n = Double(rows.count)
  var plot = SVGPlot(
    width: labelWidth + 330 + 150, height: 30 + 48 + 14 + rowH * n, x: xAxis, y: Axis(range: 0...n, ticks: [], step: 1), left: labelWidth,
    right: 150)
  plot.line([(0.5, 0), (0.5, n)], colour: "#999", width: 1, dash: "4 3", guide: true)
  for (i, row) in rows.enumerated() {
    guard let row else { continue }
    let e = row.model.evaluation!, b = e.aurocBootstrap!
    let y = n - Double(i) - 0.5
    let colour = variantColour(row.model.entry.variant, in: order)
    plot.interval(b.percentileLower, b.percentileUpper, atY: y, colour: colour)
    plot.circle(min(max(e.auroc.auc, xAxis.range.lowerBound), xAxis.range.upperBound), y, r: 3.5, colour: colour)
    let py = plot.py(y) + 4
    if let t = row.target {
      plot.rawPixel(
        String(format: "<text x=\"8\" y=\"%.1f\" font-size=\"%g\" font-weight=\"bold\" fill=\"#222\">%@</text>", py, FontSize.tick, escapeHTML(t)))
    }
    plot.rawPixel(
      String(
        format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%g\" fill=\"%@\">%@</text>", targetWidth, py, FontSize.tick, "#222",
        escapeHTML(row.model.entry.variant.rawValue)))
    plot.rawPixel(
      String(
        format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%g\" fill=\"#222\">%@</text>", plot.frame.x + plot.frame.width + 8, py, FontSize.tick,
        formatInterval(e.auroc.auc, b.percentileLower, b.percentileUpper)))
  }
  let caption =
    "Test AUROC (dot) and 95 % percentile bootstrap interval (line; \(bootstrap)) of every model, grouped by target (best first), "
    + "variants in the study's order; the estimate and interval are printed at the right. Dashed: AUROC 0.5 (chance)."
  let legend = order.filter { v in usable.contains { $0.entry.variant == v } }.map { ($0.rawValue, variantColour($0, in: order)) }
  let svg = plot.render(
    title: "Test AUROC by target and variant", xLabel: "AUROC", yLabel: "", legend: legend, showYTicks: false, description: caption)
  return ReportFigure(name: "forest-auroc", svg: svg, caption: caption)
}
