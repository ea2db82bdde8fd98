import ECGLensTestSupport
import Reports
import Statistics
import Testing

@Suite struct ReportTests {
  @Test func rocCurveIntegratesToTheAUROC() {
    var rng = SeededGenerator(seed: 4)
    let labels = (0..<300).map { _ in Bool.random(using: &rng) }
    let scores = labels.map { ($0 ? 0.3 : 0) + Double(Int.random(in: 0...20, using: &rng)) / 20 }
    let curve = rocCurve(scores: scores, labels: labels)
    #expect(curve.first! == (0, 0) && curve.last! == (1, 1))
    // Trapezoids over the curve equal the AUROC with ties counted one half.
    let area = zip(curve, curve.dropFirst()).reduce(0.0) { $0 + ($1.1.0 - $1.0.0) * ($1.0.1 + $1.1.1) / 2 }
    #expect(abs(area - auroc(scores: scores, labels: labels)!) < 1e-12)
  }

  /// The step sum over the precision-recall curve is the average precision (sklearn's definition).
  @Test func precisionRecallCurveSumsToTheAveragePrecision() {
    var rng = SeededGenerator(seed: 5)
    let labels = (0..<300).map { _ in Double.random(in: 0..<1, using: &rng) < 0.2 }
    let scores = labels.map { ($0 ? 0.25 : 0) + Double(Int.random(in: 0...20, using: &rng)) / 20 }
    let curve = precisionRecallCurve(scores: scores, labels: labels)
    #expect(curve.first!.0 == 0 && curve.last!.0 == 1)
    let ap = zip(curve, curve.dropFirst()).reduce(0.0) { $0 + ($1.1.0 - $1.0.0) * $1.1.1 }
    #expect(abs(ap - averagePrecision(scores: scores, labels: labels)!) < 1e-12)
  }

  @Test func plotsAreSelfContainedSVG() {
    var plot = SVGPlot(x: niceAxis(0, 1), y: niceAxis(0, 1))
    plot.line([(0, 0), (1, 1)], colour: Palette.colour(0))
    let svg = plot.render(title: "A <b> title", xLabel: "x (ms)", yLabel: "y", legend: [("a & b", "#000")])
    #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>"))
    #expect(svg.contains("A &lt;b&gt; title") && svg.contains("a &amp; b"))
    #expect(!svg.contains("<script"))
  }
}
