import Foundation

/// Mean |SHAP| of a model's ten strongest features on the test rows, as horizontal bars.
func shapImportanceFigure(target: String, model m: ModelReport) -> ReportFigure? {
  guard !m.shap.isEmpty else { return nil }
  let top = Array(m.shap.prefix(10))
  let axis = niceAxis(0, top.map(\.value).max() ?? 1, maxTicks: 5, includeZero: true)
  let left = Double(top.map(\.feature.count).max() ?? 8) * 6.8 + 14
  let title = "Mean |SHAP|, \(target)", xLabel = "mean |SHAP| (log-odds), \(m.entry.variant.rawValue) model"
  let width = max(left + 230, Double(title.count) * FontSize.title * 0.62 + 24, left + Double(xLabel.count) * FontSize.label * 0.62 + 24)
  var bars = SVGPlot(
    width: width, height: 60 + 24 * Double(top.count), x: axis, y: Axis(range: 0...Double(top.count), ticks: [], step: 1), left: left)
  for (i, f) in top.enumerated() {
    let y = Double(top.count - i)
    bars.rawPixel(
      String(
        format: "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%@\"/>", bars.px(0), bars.py(y - 0.2),
        bars.px(f.value) - bars.px(0), bars.py(y - 0.8) - bars.py(y - 0.2), Palette.colour(0)))
    bars.rawPixel(
      String(
        format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%g\" text-anchor=\"end\" fill=\"#222\">%@</text>", left - 5, bars.py(y - 0.5) + 4,
        FontSize.tick, escapeHTML(f.feature)))
  }
  let caption =
    "Mean absolute SHAP value (exact TreeSHAP, log-odds) over the test ECGs of the \(m.entry.variant.rawValue) model of \(target): its "
    + "\(top.count) strongest features."
  let svg = bars.render(
    title: title, xLabel: xLabel, yLabel: "", showYTicks: false,
    description: caption)
  return ReportFigure(name: "shap-importance-\(fileStem(target))", svg: svg, caption: caption)
}

/// A SHAP summary (beeswarm) plot in the shap package's convention: one row per feature, each dot
/// one test ECG at its SHAP value, stacked where dense but always inside its row, coloured from
/// low (blue) to high (vermilion) feature value by rank within the feature (grey: missing), with a
/// colour bar and the zero line.
func beeswarmFigure(target: String, model m: ModelReport) -> ReportFigure? {
  let rows = m.beeswarm
  guard !rows.isEmpty else { return nil }
  let all = rows.flatMap(\.shap)
  let axis = niceAxis(min(0, all.min() ?? 0), max(0, all.max() ?? 0), maxTicks: 6)
  let left = Double(rows.map(\.feature.count).max() ?? 8) * 6.8 + 14
  let rowCount = Double(rows.count)
  var plot = SVGPlot(
    width: left + 330 + 64, height: 78 + 30 * rowCount, x: axis, y: Axis(range: 0...rowCount, ticks: [], step: 1), left: left, right: 64)
  plot.line([(0, 0), (0, rowCount)], colour: "#777", width: 1, guide: true)
  let bins = 60
  for (i, r) in rows.enumerated() {
    let yMid = rowCount - Double(i) - 0.5
    let known = r.values.filter { !$0.isNaN }.sorted()
    let order = r.shap.indices.sorted { r.shap[$0] < r.shap[$1] }
    func bin(_ v: Double) -> Int {
      Int((v - axis.range.lowerBound) / (axis.range.upperBound - axis.range.lowerBound) * Double(bins))
    }
    // The densest bin sets the spacing, so every stack fits inside 80 % of the row.
    let tallest = Dictionary(grouping: r.shap, by: bin).values.map(\.count).max() ?? 1
    let spacing = min(0.07, 0.8 / Double(max(1, tallest)))
    var filled = [Int: Int]()
    for idx in order {
      let v = r.shap[idx], b = bin(v)
      let n = filled[b, default: 0]
      filled[b] = n + 1
      let offset = Double((n + 1) / 2) * (n % 2 == 0 ? 1 : -1) * spacing
      let colour: String
      if r.values[idx].isNaN || known.isEmpty {
        colour = "#AAAAAA"
      } else {
        var a = 0, z = known.count
        while a < z { let mid = (a + z) / 2; if known[mid] < r.values[idx] { a = mid + 1 } else { z = mid } }
        colour = mix(Double(a) / Double(max(1, known.count - 1)))
      }
      plot.circle(v, yMid + min(0.4, max(-0.4, offset)), r: 2.2, colour: colour, opacity: 0.85)
    }
    plot.rawPixel(
      String(
        format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%g\" text-anchor=\"end\" fill=\"#222\">%@</text>", left - 5, plot.py(yMid) + 4,
        FontSize.tick, escapeHTML(r.feature)))
  }
  // Colour bar: low (bottom) to high (top) feature value.
  let f = plot.frame, barX = f.x + f.width + 14, id = "featurevalue-\(fileStem(target))"
  plot.rawPixel(
    String(
      format: "<rect class=\"colourbar\" x=\"%.1f\" y=\"%.1f\" width=\"9\" height=\"%.1f\" fill=\"url(#%@)\"/>", barX, f.y, f.height, id)
      + String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%g\" fill=\"#222\">high</text>", barX + 12, f.y + 9, FontSize.tick)
      + String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%g\" fill=\"#222\">low</text>", barX + 12, f.y + f.height, FontSize.tick)
      + String(
        format: "<text transform=\"translate(%.1f %.1f) rotate(-90)\" font-size=\"%g\" text-anchor=\"middle\" fill=\"#222\">feature value</text>",
        barX + 24, f.y + f.height / 2, FontSize.tick))
  let gradient =
    "<linearGradient id=\"\(id)\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\"><stop offset=\"0\" stop-color=\"\(mix(0))\"/>"
    + "<stop offset=\"1\" stop-color=\"\(mix(1))\"/></linearGradient>"
  let caption =
    "SHAP values (exact TreeSHAP, log-odds) of the \(m.entry.variant.rawValue) model of \(target) for each of the \(rows.first?.shap.count ?? 0) "
    + "test ECGs (one dot each) and its \(rows.count) strongest features; dots right of the zero line raise the predicted risk. Colour: the "
    + "feature's value ranked within the test ECGs, low (blue) to high (vermilion); grey: missing. Dots are stacked where dense."
  let svg = plot.render(
    title: "SHAP values per test ECG, \(target)", xLabel: "SHAP value (log-odds), \(m.entry.variant.rawValue) model", yLabel: "",
    showYTicks: false, description: caption, defs: gradient)
  return ReportFigure(name: "shap-beeswarm-\(fileStem(target))", svg: svg, caption: caption)
}

/// Blue (#0072B2) to vermilion (#D55E00).
func mix(_ t: Double) -> String {
  let a = (0.0, 114.0, 178.0), b = (213.0, 94.0, 0.0)
  let c = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t, a.2 + (b.2 - a.2) * t)
  return String(format: "#%02X%02X%02X", Int(c.0), Int(c.1), Int(c.2))
}
