import Foundation

/// Okabe-Ito colours (Okabe and Ito 2008), distinguishable with every common colour-vision
/// deficiency.
public enum Palette {
  public static let colours = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
  public static func colour(_ i: Int) -> String { colours[i % colours.count] }
}

/// Escapes text for HTML and SVG.
public func escapeHTML(_ s: String) -> String {
  var out = ""
  for c in s {
    switch c {
    case "&": out += "&amp;"
    case "<": out += "&lt;"
    case ">": out += "&gt;"
    case "\"": out += "&quot;"
    default: out.append(c)
    }
  }
  return out
}

/// A minimal SVG plot: a rectangle of data coordinates mapped to pixels, with axes, ticks and
/// labels. Everything is inline SVG text; no scripts, fonts or network.
public struct SVGPlot {
  public let width: Double, height: Double
  public let left: Double, right: Double
  public let top = 28.0, bottom = 46.0
  public let xRange: ClosedRange<Double>, yRange: ClosedRange<Double>
  private var body = ""

  /// Where the legend goes.
  public enum Corner: Sendable { case topRight, bottomRight, topLeft }

  public init(
    width: Double = 360, height: Double = 300, x: ClosedRange<Double>, y: ClosedRange<Double>,
    left: Double = 58, right: Double = 16
  ) {
    self.width = width; self.height = height; xRange = x; yRange = y; self.left = left; self.right = right
  }

  public func px(_ x: Double) -> Double {
    left + (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * (width - left - right)
  }
  public func py(_ y: Double) -> Double {
    height - bottom - (y - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * (height - top - bottom)
  }

  public mutating func line(_ points: [(Double, Double)], colour: String, width w: Double = 2, dash: String? = nil) {
    guard points.count > 1 else { return }
    let d = points.map { String(format: "%.1f,%.1f", px($0.0), py($0.1)) }.joined(separator: " ")
    body += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"\(w)\"\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") points=\"\(d)\"/>"
  }

  public mutating func circle(_ x: Double, _ y: Double, r: Double = 3, colour: String, opacity: Double = 1) {
    body += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%@\" fill-opacity=\"%.2f\"/>", px(x), py(y), r, colour, opacity)
  }

  public mutating func rawPixel(_ svg: String) { body += svg }

  public mutating func text(_ s: String, x: Double, y: Double, anchor: String = "start", size: Double = 11, colour: String = "#222") {
    body +=
      String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" text-anchor=\"%@\" fill=\"%@\">", x, y, size, anchor, colour) + escapeHTML(s)
      + "</text>"
  }

  /// Renders the plot with axes, `ticks` per axis, axis labels (with units) and a title.
  public func render(
    title: String, xLabel: String, yLabel: String, xTicks: [Double], yTicks: [Double], legend: [(String, String)] = [],
    legendAt corner: Corner = .topRight
  ) -> String {
    var s = String(
      format: "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\">", width, height,
      width, height)
    s += "<title>\(escapeHTML(title))</title><rect width=\"100%\" height=\"100%\" fill=\"white\"/>"
    let x0 = left, x1 = width - right, y0 = height - bottom, y1 = top
    s += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#888\"/>", x0, y1, x1 - x0, y0 - y1)
    for t in xTicks {
      s += String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>", px(t), px(t), y1, y0)
      s += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\" fill=\"#444\">%@</text>", px(t), y0 + 14, tickLabel(t))
    }
    for t in yTicks {
      s += String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>", x0, x1, py(t), py(t))
      s += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\" fill=\"#444\">%@</text>", x0 - 4, py(t) + 3, tickLabel(t))
    }
    s += body
    s += String(
      format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\" fill=\"#222\">%@</text>", (x0 + x1) / 2, height - 10,
      escapeHTML(xLabel))
    s += String(
      format: "<text transform=\"translate(14 %.1f) rotate(-90)\" font-size=\"11\" text-anchor=\"middle\" fill=\"#222\">%@</text>", (y0 + y1) / 2,
      escapeHTML(yLabel))
    s += String(format: "<text x=\"%.1f\" y=\"16\" font-size=\"12\" font-weight=\"bold\" fill=\"#222\">%@</text>", min(x0, 40), escapeHTML(title))
    let lx = corner == .topLeft ? x0 + 8 : x1 - 136
    for (i, (label, colour)) in legend.enumerated() {
      let ly = corner == .bottomRight ? y0 - 8 - Double(legend.count - 1 - i) * 14 : y1 + 12 + Double(i) * 14
      s += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"130\" height=\"13\" fill=\"white\" fill-opacity=\"0.85\"/>", lx - 2, ly - 10)
      s += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"3\" fill=\"%@\"/>", lx, ly - 4, colour)
      s += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"#222\">%@</text>", lx + 14, ly, escapeHTML(label))
    }
    return s + "</svg>"
  }
}

func tickLabel(_ v: Double) -> String {
  if v == v.rounded() && abs(v) < 1e6 { return String(Int(v)) }
  return String(format: "%.3g", v)
}

/// Evenly spaced ticks from a to b.
public func ticks(_ a: Double, _ b: Double, count: Int = 5) -> [Double] {
  (0...count).map { a + (b - a) * Double($0) / Double(count) }
}
