import Foundation
import Reports

/// Pixel geometry read back from a rendered SVG: what a reader of the figure sees.
public struct SVGGeometry {
  /// A rectangle in pixels: x, y (top), width, height (the one the plots draw with).
  public typealias Box = PixelRect
  /// The plot frame (`class="frame"`) and the legend box (`class="legend-box"`).
  public var frame: Box
  public var legend: Box?
  /// Data polylines (`class="data"`) as pixel points, data dots as (x, y, radius).
  public var points: [[(Double, Double)]]
  public var circles: [(Double, Double, Double)]
  /// Axis tick labels (`class="tick x"`, `class="tick y"`).
  public var xTickLabels: [String], yTickLabels: [String]
  /// Whether every tick label is a number and no axis repeats one.
  public var tickLabelsDistinctNumbers: Bool {
    [xTickLabels, yTickLabels].allSatisfy { Set($0).count == $0.count && $0.allSatisfy { Double($0) != nil } }
  }

  public init(_ svg: String) {
    func attributes(_ tag: String) -> [[String: String]] {
      let pattern = try! NSRegularExpression(pattern: "<\(tag) ([^>]*)/?>")
      let attr = try! NSRegularExpression(pattern: "([a-z-]+)=\"([^\"]*)\"")
      return pattern.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).map { m in
        let body = String(svg[Range(m.range(at: 1), in: svg)!])
        var out: [String: String] = [:]
        for a in attr.matches(in: body, range: NSRange(body.startIndex..., in: body)) {
          out[String(body[Range(a.range(at: 1), in: body)!])] = String(body[Range(a.range(at: 2), in: body)!])
        }
        return out
      }
    }
    func rect(_ a: [String: String]) -> Box {
      Box(x: Double(a["x"]!)!, y: Double(a["y"]!)!, width: Double(a["width"]!)!, height: Double(a["height"]!)!)
    }
    let rects = attributes("rect")
    frame = rect(rects.first { $0["class"] == "frame" }!)
    legend = rects.first { $0["class"] == "legend-box" }.map(rect)
    points = attributes("polyline").filter { $0["class"] == "data" }.map { a in
      a["points"]!.split(separator: " ").map { p in
        let xy = p.split(separator: ",").map { Double($0)! }
        return (xy[0], xy[1])
      }
    }
    circles = attributes("circle").filter { $0["class"] == "data" }.map { (Double($0["cx"]!)!, Double($0["cy"]!)!, Double($0["r"]!)!) }
    func labels(_ axis: String) -> [String] {
      let label = try! NSRegularExpression(pattern: "<text class=\"tick \(axis)\"[^>]*>([^<]*)</text>")
      return label.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).map { String(svg[Range($0.range(at: 1), in: svg)!]) }
    }
    xTickLabels = labels("x")
    yTickLabels = labels("y")
  }

  /// Whether the legend box touches any data line or dot.
  public var legendCoversData: Bool {
    guard let legend else { return false }
    for line in points { for (a, b) in zip(line, line.dropFirst()) where legend.intersects(a.0, a.1, b.0, b.1) { return true } }
    return circles.contains { legend.intersects($0.0 - $0.2, $0.1, $0.0 + $0.2, $0.1) }
  }

  /// Whether every data mark lies inside the frame, dots whole.
  public var marksInsideFrame: Bool {
    points.joined().allSatisfy { frame.contains($0.0, $0.1) }
      && circles.allSatisfy { frame.contains($0.0 - $0.2, $0.1 - $0.2) && frame.contains($0.0 + $0.2, $0.1 + $0.2) }
  }
}
