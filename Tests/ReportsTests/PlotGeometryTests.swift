import ECGLensTestSupport
import Foundation
import Reports
import Testing

@Suite struct PlotGeometryTests {
  /// Every tick is a whole multiple of a 1, 2, 2.5 or 5 x 10^k step, the ticks cover the data,
  /// there are at most `maxTicks`, their labels are distinct, and 0 is a tick when the data cross it.
  @Test func ticksAreRoundAndCoverTheData() {
    var rng = SeededGenerator(seed: 23)
    var cases: [(Double, Double)] = [(0.961, 0.981), (3, 16), (0, 4.31), (0.16, 0.65), (-0.62, 1.93), (0.4, 1), (0, 1), (-3.1e-4, 2e-4)]
    for _ in 0..<300 {
      let scale = pow(10, Double.random(in: -4...4, using: &rng))
      let a = Double.random(in: -1...1, using: &rng) * scale, b = a + Double.random(in: 0.001...2, using: &rng) * scale
      cases.append((a, b))
    }
    for (a, b) in cases {
      let axis = niceAxis(a, b, maxTicks: 6)
      #expect(axis.ticks.count >= 2 && axis.ticks.count <= 6, "\(a)...\(b): \(axis.ticks)")
      #expect(axis.ticks.allSatisfy { isNiceMultiple($0, of: axis.step) }, "\(a)...\(b): \(axis.ticks)")
      #expect(axis.range.lowerBound <= a && axis.range.upperBound >= b, "\(a)...\(b): \(axis.range)")
      #expect(Set(axis.labels).count == axis.labels.count, "\(a)...\(b): \(axis.labels)")
      if a < 0 && b > 0 { #expect(axis.ticks.contains(0), "\(a)...\(b): \(axis.ticks)") }
    }
    // The odd ticks, now round.
    #expect(niceAxis(0, 1).labels == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    #expect(niceAxis(0.961, 0.981).labels == ["0.960", "0.965", "0.970", "0.975", "0.980", "0.985"])
    #expect(niceAxis(3, 16, maxTicks: 7, integer: true).ticks == [0, 5, 10, 15, 20])
    #expect(niceAxis(0, 4.31, includeZero: true).ticks == [0, 1, 2, 3, 4, 5])
    #expect(niceAxis(0.02, 0.97, clampTo: 0...1).range == 0...1)
  }

  /// A precision-recall plot whose curves run along the top and down the right: the legend goes
  /// to a corner they do not touch, and every mark is inside the frame.
  @Test func legendAvoidsTheCurves() {
    var plot = SVGPlot(x: niceAxis(0, 1), y: niceAxis(0, 1))
    plot.line([(0, 1), (0.6, 0.98), (0.8, 0.9), (0.95, 0.5), (1, 0.1)], colour: Palette.colour(0))
    plot.line([(0, 1), (0.5, 0.95), (0.9, 0.8), (1, 0.2)], colour: Palette.colour(1))
    plot.line([(0, 0.1), (1, 0.1)], colour: "#999", guide: true)
    plot.circle(1, 1, colour: Palette.colour(2))
    let svg = plot.render(title: "PR", xLabel: "recall", yLabel: "precision", legend: [("ecg, AP 0.912", "#000"), ("demographics, AP 0.3", "#111")])
    let g = SVGGeometry(svg)
    #expect(g.legend != nil)
    #expect(!g.legendCoversData)
    #expect(g.marksInsideFrame)
    #expect(g.xTickLabels == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"] && g.tickLabelsDistinctNumbers)
  }

  /// Data in every corner: the legend moves below the plot, outside the frame.
  @Test func legendGoesBelowWhenEveryCornerHasData() {
    var plot = SVGPlot(x: niceAxis(0, 1), y: niceAxis(0, 1))
    for (x, y) in [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)] { plot.line([(x, y), (0.5, 0.5)], colour: "#000") }
    let placement = plot.legendPlacement([("a long legend label", "#000")])
    #expect(placement.0 == .below)
    let g = SVGGeometry(plot.render(title: "t", xLabel: "x", yLabel: "y", legend: [("a long legend label", "#000")]))
    #expect(g.legend!.y > g.frame.y + g.frame.height && !g.legendCoversData)
  }

  /// An interval running past the axis minimum ends in an arrow head at the axis, and a point on
  /// the axis maximum (AUROC 1.0) is drawn whole inside the frame.
  @Test func truncatedIntervalsGetArrowsAndBoundPointsAreNotClipped() {
    var plot = SVGPlot(x: niceAxis(0.4, 1, clampTo: 0...1), y: Axis(range: 0...2, ticks: [], step: 1))
    plot.interval(0.2, 0.8, atY: 0.5, colour: "#000")
    plot.interval(0.95, 1, atY: 1.5, colour: "#000")
    plot.circle(1.0, 1.5, r: 3.5, colour: "#000")
    let svg = plot.render(title: "forest", xLabel: "AUROC", yLabel: "", showYTicks: false)
    #expect(svg.components(separatedBy: "class=\"arrow\"").count - 1 == 1)
    #expect(SVGGeometry(svg).marksInsideFrame)
  }

  /// Calibration bins: ten equal-count bins even when most predictions are tied.
  @Test func quantileBinsSplitTies() {
    let scores = Array(repeating: 0.05, count: 700) + (0..<300).map { 0.1 + Double($0) / 400 }
    let labels = scores.indices.map { $0 % 7 == 0 }
    let bins = quantileBins(scores: scores, labels: labels, bins: 10)
    #expect(bins.count == 10)
    #expect(bins.allSatisfy { $0.count == 100 })
    #expect(bins.map(\.prediction) == bins.map(\.prediction).sorted())
  }
}
