import Foundation

/// Where a legend went: a corner inside the plot area, or below the plot.
public enum LegendPlacement: String, Sendable {
  case topRight, topLeft, bottomRight, bottomLeft, below
}

extension SVGPlot {
  static let legendRow = 15.0

  /// The legend's size in pixels (an estimate of the text width at `FontSize.legend`).
  func legendSize(_ legend: [(String, String)]) -> (Double, Double) {
    let chars = legend.map(\.0.count).max() ?? 0
    // 0.62 em per character: the average advance of DejaVu Sans and Helvetica, generous for digits.
    return (28 + Double(chars) * FontSize.legend * 0.62, Double(legend.count) * Self.legendRow + 6)
  }

  /// The first corner (top right, top left, bottom right, bottom left) whose legend box touches no
  /// data mark, preferring one that also misses the guides; `.below` when every corner covers data.
  public func legendPlacement(_ legend: [(String, String)]) -> (LegendPlacement, PixelRect) {
    let (w, h) = legendSize(legend)
    let f = frame, pad = 4.0
    let corners: [(LegendPlacement, PixelRect)] = [
      (.topRight, PixelRect(x: f.x + f.width - w - pad, y: f.y + pad, width: w, height: h)),
      (.topLeft, PixelRect(x: f.x + pad, y: f.y + pad, width: w, height: h)),
      (.bottomRight, PixelRect(x: f.x + f.width - w - pad, y: f.y + f.height - h - pad, width: w, height: h)),
      (.bottomLeft, PixelRect(x: f.x + pad, y: f.y + f.height - h - pad, width: w, height: h)),
    ]
    func clear(_ box: PixelRect, guides: Bool) -> Bool {
      guard box.width <= f.width - 2 * pad, box.height <= f.height - 2 * pad else { return false }
      // Keep 3 px between the legend and the nearest mark.
      let r = PixelRect(x: box.x - 3, y: box.y - 3, width: box.width + 6, height: box.height + 6)
      let lines = guides ? segments + guideSegments : segments
      if lines.contains(where: { r.intersects($0.0, $0.1, $0.2, $0.3) }) { return false }
      return !dots.contains { d in
        d.0 + d.2 >= r.x && d.0 - d.2 <= r.x + r.width && d.1 + d.2 >= r.y && d.1 - d.2 <= r.y + r.height
      }
    }
    if let c = corners.first(where: { clear($0.1, guides: true) }) ?? corners.first(where: { clear($0.1, guides: false) }) { return c }
    return (.below, PixelRect(x: f.x, y: height + 2, width: w, height: h))
  }

  /// The plot as SVG: frame, ticks and labels of both axes (`showXTicks`/`showYTicks` off for
  /// category axes), the marks, axis labels with units, a title, and the legend where it covers no
  /// data (below the plot, growing the figure, when no corner is free). `description` goes in the
  /// SVG's `<desc>` so an exported file carries its caption.
  public func render(
    title: String, xLabel: String, yLabel: String, legend: [(String, String)] = [], showXTicks: Bool = true, showYTicks: Bool = true,
    description: String = "", defs: String = ""
  ) -> String {
    let placement = legend.isEmpty ? nil : legendPlacement(legend)
    let extra = placement?.0 == .below ? (placement?.1.height ?? 0) + 6 : 0
    let total = height + extra
    var s = String(
      format: "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
        + "font-family=\"Helvetica, Arial, sans-serif\">", width, total, width, total)
    s += "<title>\(escapeHTML(title))</title>"
    if !description.isEmpty { s += "<desc>\(escapeHTML(description))</desc>" }
    if !defs.isEmpty { s += "<defs>\(defs)</defs>" }
    s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>"
    let f = frame, x0 = f.x, x1 = f.x + f.width, y0 = f.y + f.height, y1 = f.y
    if showXTicks {
      for (t, label) in zip(x.ticks, x.labels) {
        s += String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>", px(t), px(t), y1, y0)
        s += String(
          format: "<text class=\"tick x\" x=\"%.1f\" y=\"%.1f\" font-size=\"%g\" text-anchor=\"middle\" fill=\"#444\">%@</text>", px(t), y0 + 15,
          FontSize.tick, label)
      }
    }
    if showYTicks {
      for (t, label) in zip(y.ticks, y.labels) {
        s += String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>", x0, x1, py(t), py(t))
        s += String(
          format: "<text class=\"tick y\" x=\"%.1f\" y=\"%.1f\" font-size=\"%g\" text-anchor=\"end\" fill=\"#444\">%@</text>", x0 - 4, py(t) + 4,
          FontSize.tick, label)
      }
    }
    s += String(
      format: "<rect class=\"frame\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#888\"/>", x0, y1, x1 - x0,
      y0 - y1)
    s += body
    s += String(
      format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%g\" text-anchor=\"middle\" fill=\"#222\">%@</text>", (x0 + x1) / 2, height - 12,
      FontSize.label, escapeHTML(xLabel))
    if !yLabel.isEmpty {
      s += String(
        format: "<text transform=\"translate(15 %.1f) rotate(-90)\" font-size=\"%g\" text-anchor=\"middle\" fill=\"#222\">%@</text>",
        (y0 + y1) / 2, FontSize.label, escapeHTML(yLabel))
    }
    s += String(
      format: "<text x=\"%.1f\" y=\"18\" font-size=\"%g\" font-weight=\"bold\" fill=\"#222\">%@</text>", min(x0, 12), FontSize.title,
      escapeHTML(title))
    if let (_, box) = placement {
      s += String(
        format: "<g class=\"legend\"><rect class=\"legend-box\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"white\" "
          + "fill-opacity=\"0.9\" stroke=\"#ddd\"/>", box.x, box.y, box.width, box.height)
      for (i, (label, colour)) in legend.enumerated() {
        let ly = box.y + 4 + Double(i) * Self.legendRow
        s += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"4\" fill=\"%@\"/>", box.x + 5, ly + 5, colour)
        s += String(
          format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%g\" fill=\"#222\">%@</text>", box.x + 21, ly + 11, FontSize.legend,
          escapeHTML(label))
      }
      s += "</g>"
    }
    return s + "</svg>"
  }
}
