import Foundation

/// Okabe-Ito colours (Okabe and Ito 2008), distinguishable with every common colour-vision
/// deficiency.
public enum Palette {
  public static let colours = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
  public static func colour(_ i: Int) -> String { colours[i % colours.count] }
}

/// Font sizes in SVG pixels. A 360-pixel figure printed at single-column journal width (85 mm)
/// is scaled by 0.89, so 11 px prints at about 7 pt, the smallest size journals accept.
public enum FontSize {
  public static let tick = 11.0, label = 12.0, title = 12.5, legend = 11.0
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

/// A rectangle in SVG pixels.
public struct PixelRect: Sendable, Equatable {
  public var x: Double, y: Double, width: Double, height: Double
  public init(x: Double, y: Double, width: Double, height: Double) {
    self.x = x; self.y = y; self.width = width; self.height = height
  }
  /// Whether the point lies inside (borders included).
  public func contains(_ px: Double, _ py: Double) -> Bool { px >= x && px <= x + width && py >= y && py <= y + height }
  /// Whether the segment from (x0, y0) to (x1, y1) touches the rectangle (Liang-Barsky clipping).
  public func intersects(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Bool {
    var t0 = 0.0, t1 = 1.0
    let dx = x1 - x0, dy = y1 - y0
    for (p, q) in [(-dx, x0 - x), (dx, x + width - x0), (-dy, y0 - y), (dy, y + height - y0)] {
      if p == 0 {
        if q < 0 { return false }
      } else {
        let r = q / p
        if p < 0 { t0 = max(t0, r) } else { t1 = min(t1, r) }
        if t0 > t1 { return false }
      }
    }
    return true
  }
}

/// A data plot in SVG: data coordinates mapped to pixels inside a frame, with nice-tick axes, a
/// legend placed where it covers no data, and the marks recorded so their geometry can be checked.
/// Marks are drawn `inset` pixels inside the frame, so a point on an axis bound is drawn whole.
/// Everything is inline SVG text; no scripts, fonts or network.
public struct SVGPlot {
  public let width: Double, height: Double
  public let left: Double, right: Double
  public let top = 30.0, bottom = 48.0
  public let inset = 7.0
  public let x: Axis, y: Axis
  var body = ""
  /// Data marks in pixels: line segments and dots (x, y, radius). Guides (chance lines) are kept
  /// apart: a legend may cover a guide only when every corner covers one.
  public private(set) var segments: [(Double, Double, Double, Double)] = []
  public private(set) var dots: [(Double, Double, Double)] = []
  var guideSegments: [(Double, Double, Double, Double)] = []

  public init(width: Double = 360, height: Double = 300, x: Axis, y: Axis, left: Double = 60, right: Double = 16) {
    self.width = width; self.height = height; self.x = x; self.y = y; self.left = left; self.right = right
  }

  /// The frame around the plot area.
  public var frame: PixelRect { PixelRect(x: left, y: top, width: width - left - right, height: height - top - bottom) }

  public func px(_ v: Double) -> Double {
    let r = x.range
    return left + inset + (v - r.lowerBound) / (r.upperBound - r.lowerBound) * (width - left - right - 2 * inset)
  }
  public func py(_ v: Double) -> Double {
    let r = y.range
    return height - bottom - inset - (v - r.lowerBound) / (r.upperBound - r.lowerBound) * (height - top - bottom - 2 * inset)
  }

  /// A polyline through data points. `guide`: a reference line (chance, prevalence), not data.
  public mutating func line(_ points: [(Double, Double)], colour: String, width w: Double = 2, dash: String? = nil, guide: Bool = false) {
    guard points.count > 1 else { return }
    let pixels = points.map { (px($0.0), py($0.1)) }
    for (a, b) in zip(pixels, pixels.dropFirst()) {
      if guide { guideSegments.append((a.0, a.1, b.0, b.1)) } else { segments.append((a.0, a.1, b.0, b.1)) }
    }
    let d = pixels.map { String(format: "%.1f,%.1f", $0.0, $0.1) }.joined(separator: " ")
    body +=
      "<polyline class=\"\(guide ? "guide" : "data")\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"\(w)\""
      + "\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") points=\"\(d)\"/>"
  }

  public mutating func circle(_ cx: Double, _ cy: Double, r: Double = 3, colour: String, opacity: Double = 1) {
    let x0 = px(cx), y0 = py(cy)
    dots.append((x0, y0, r))
    body += String(
      format: "<circle class=\"data\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%@\" fill-opacity=\"%.2f\"/>", x0, y0, r, colour, opacity)
  }

  /// A horizontal interval from `low` to `high` at `atY`; an end beyond the x axis is drawn as an
  /// arrow head at the axis bound, so a truncated interval is never mistaken for a short one.
  public mutating func interval(_ low: Double, _ high: Double, atY: Double, colour: String, width w: Double = 2) {
    let r = x.range
    let a = max(low, r.lowerBound), b = min(high, r.upperBound)
    line([(a, atY), (b, atY)], colour: colour, width: w)
    let yy = py(atY)
    if low < r.lowerBound {
      let x0 = px(r.lowerBound)
      body += String(format: "<path class=\"arrow\" d=\"M%.1f,%.1f l7,-4 l0,8 z\" fill=\"%@\"/>", x0, yy, colour)
    }
    if high > r.upperBound {
      let x1 = px(r.upperBound)
      body += String(format: "<path class=\"arrow\" d=\"M%.1f,%.1f l-7,-4 l0,8 z\" fill=\"%@\"/>", x1, yy, colour)
    }
  }

  /// SVG drawn as is, in pixels (labels, bars); not counted as data marks.
  public mutating func rawPixel(_ svg: String) { body += svg }

  public mutating func text(_ s: String, x: Double, y: Double, anchor: String = "start", size: Double = FontSize.tick, colour: String = "#222") {
    body +=
      String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" text-anchor=\"%@\" fill=\"%@\">", x, y, size, anchor, colour)
      + escapeHTML(s) + "</text>"
  }
}
