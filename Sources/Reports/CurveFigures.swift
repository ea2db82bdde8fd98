import Foundation
import Modelling
import Statistics

/// One figure of the report: its SVG, a stable file name and the caption printed under it.
public struct ReportFigure: Sendable, Equatable {
  /// File name without extension, by section and target (`roc-AFIB`), stable across runs.
  public var name: String
  public var svg: String
  /// What is plotted and how its intervals or bins were made.
  public var caption: String
}

/// A target name as part of a file name.
func fileStem(_ s: String) -> String { folderName(s) }

/// The colour of a variant: its position in the study's variant order.
func variantColour(_ variant: FeatureVariant, in order: [FeatureVariant]) -> String {
  Palette.colour(order.firstIndex(of: variant) ?? 0)
}

/// ROC curves of a target's variants on the test partition, with the chance diagonal.
func rocFigure(target: String, models ms: [ModelReport], order: [FeatureVariant]) -> ReportFigure {
  var roc = SVGPlot(x: niceAxis(0, 1), y: niceAxis(0, 1))
  roc.line([(0, 0), (1, 1)], colour: "#999", width: 1, dash: "4 3", guide: true)
  var legend: [(String, String)] = []
  for m in ms {
    let c = variantColour(m.entry.variant, in: order)
    roc.line(rocCurve(scores: m.testScores, labels: m.testLabels), colour: c)
    legend.append((String(format: "%@, AUROC %.3f", m.entry.variant.rawValue, m.evaluation?.auroc.auc ?? .nan), c))
  }
  let n = ms.first?.testLabels.count ?? 0, pos = ms.first?.testLabels.filter { $0 }.count ?? 0
  let caption =
    "ROC curves of \(target) on the test partition (\(n) ECGs, \(pos) positives), one per feature variant; the legend gives each "
    + "AUROC. Dashed: chance."
  let svg = roc.render(title: "ROC, \(target)", xLabel: "1 − specificity", yLabel: "sensitivity", legend: legend, description: caption)
  return ReportFigure(name: "roc-\(fileStem(target))", svg: svg, caption: caption)
}

/// Precision-recall curves of a target's variants with the prevalence as the no-skill line.
func precisionRecallFigure(target: String, models ms: [ModelReport], order: [FeatureVariant]) -> ReportFigure {
  var pr = SVGPlot(x: niceAxis(0, 1), y: niceAxis(0, 1))
  var prevalence = Double.nan
  if let first = ms.first, !first.testLabels.isEmpty {
    prevalence = Double(first.testLabels.filter { $0 }.count) / Double(first.testLabels.count)
    pr.line([(0, prevalence), (1, prevalence)], colour: "#999", width: 1, dash: "4 3", guide: true)
  }
  var legend: [(String, String)] = []
  for m in ms {
    let c = variantColour(m.entry.variant, in: order)
    pr.line(precisionRecallCurve(scores: m.testScores, labels: m.testLabels), colour: c)
    legend.append((String(format: "%@, AP %.3f", m.entry.variant.rawValue, m.evaluation?.averagePrecision ?? .nan), c))
  }
  let caption =
    "Precision-recall curves of \(target) on the test partition; the legend gives each average precision (AP). Dashed: the prevalence "
    + String(format: "(%.3f), a model without skill.", prevalence)
  let svg = pr.render(
    title: "Precision-recall, \(target)", xLabel: "recall (sensitivity)", yLabel: "precision (PPV)", legend: legend, description: caption)
  return ReportFigure(name: "precision-recall-\(fileStem(target))", svg: svg, caption: caption)
}

/// Equal-count bins of the predictions sorted by value (ties split in row order, so every bin has
/// n/bins rows within one): (mean prediction, observed rate, count) per bin.
public func quantileBins(scores: [Double], labels: [Bool], bins: Int) -> [(prediction: Double, observed: Double, count: Int)] {
  let order = scores.indices.sorted { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
  let n = order.count
  guard n > 0, bins > 0 else { return [] }
  return (0..<min(bins, n)).map { k in
    let members = order[(n * k / min(bins, n))..<(n * (k + 1) / min(bins, n))]
    let p = members.reduce(0) { $0 + scores[$1] } / Double(members.count)
    let o = Double(members.filter { labels[$0] }.count) / Double(members.count)
    return (p, o, members.count)
  }
}

/// Calibration of every variant of a target: observed rate against mean prediction in 10
/// equal-count bins, the identity line, and each variant's histogram of predictions along the
/// bottom (20 bins of the axis range, scaled to the tallest bin).
func calibrationFigure(target: String, models ms: [ModelReport], order: [FeatureVariant], bins: Int = 10) -> ReportFigure? {
  let curves = ms.filter { !$0.testScores.isEmpty }.map { ($0, quantileBins(scores: $0.testScores, labels: $0.testLabels, bins: bins)) }
  guard !curves.isEmpty else { return nil }
  // The axis reaches the largest prediction too, so the histograms show every prediction.
  let top = max(curves.flatMap { $0.1.map { max($0.prediction, $0.observed) } }.max() ?? 1, curves.flatMap(\.0.testScores).max() ?? 0)
  let axis = niceAxis(0, max(0.05, top), maxTicks: 6, clampTo: 0...1)
  var cal = SVGPlot(height: 320, x: axis, y: axis)
  let hi = axis.range.upperBound
  cal.line([(0, 0), (hi, hi)], colour: "#999", width: 1, dash: "4 3", guide: true)
  let histBins = 20, histHeight = 0.14 * hi
  for (m, curve) in curves {
    let c = variantColour(m.entry.variant, in: order)
    var counts = [Int](repeating: 0, count: histBins)
    for s in m.testScores { counts[min(histBins - 1, max(0, Int(s / hi * Double(histBins))))] += 1 }
    let tallest = Double(counts.max() ?? 1)
    var steps: [(Double, Double)] = []
    for (k, n) in counts.enumerated() {
      let h = Double(n) / tallest * histHeight
      steps += [(Double(k) * hi / Double(histBins), h), (Double(k + 1) * hi / Double(histBins), h)]
    }
    cal.line([(0, 0)] + steps + [(hi, 0)], colour: c, width: 1)
    cal.line(curve.map { ($0.prediction, $0.observed) }, colour: c, width: 1.5)
    for b in curve { cal.circle(b.prediction, b.observed, r: 3, colour: c) }
  }
  let legend = curves.map { m, _ in
    (String(format: "%@, slope %.2f", m.entry.variant.rawValue, m.evaluation?.calibration?.slope ?? .nan), variantColour(m.entry.variant, in: order))
  }
  let n = curves.first?.0.testScores.count ?? 0
  let caption =
    "Calibration of \(target) on the test partition: observed rate of positives against the mean predicted probability in \(bins) "
    + "equal-count bins of the \(n) test ECGs sorted by prediction (tied predictions split in row order, about \(n / max(1, bins)) ECGs per "
    + "bin). Dashed: perfect calibration. Along the bottom, each variant's histogram of predicted probabilities (20 bins, tallest bin "
    + "scaled to 14 % of the axis). Legend: calibration slope (logistic recalibration)."
  let svg = cal.render(
    title: "Calibration, \(target)", xLabel: "mean predicted probability", yLabel: "observed rate", legend: legend, description: caption)
  return ReportFigure(name: "calibration-\(fileStem(target))", svg: svg, caption: caption)
}

/// Validation AUROC of every recursive-feature-elimination step, with the kept subset marked.
func eliminationFigure(target: String, models ms: [ModelReport], order: [FeatureVariant]) -> ReportFigure? {
  let withRFE = ms.filter { !$0.elimination.isEmpty }
  guard !withRFE.isEmpty else { return nil }
  let counts = withRFE.flatMap { $0.elimination.map { Double($0.count) } }, aucs = withRFE.flatMap { $0.elimination.map(\.auroc) }
  let xAxis = niceAxis(counts.min() ?? 0, counts.max() ?? 1, maxTicks: 7, integer: true)
  let yAxis = niceAxis(aucs.min() ?? 0.5, aucs.max() ?? 1, maxTicks: 6, clampTo: 0...1)
  var rfe = SVGPlot(x: xAxis, y: yAxis, left: 64)
  for m in withRFE {
    let c = variantColour(m.entry.variant, in: order)
    rfe.line(m.elimination.map { (Double($0.count), $0.auroc) }, colour: c)
    if let kept = m.entry.features?.count, let best = m.elimination.first(where: { $0.count == kept }) {
      rfe.circle(Double(kept), best.auroc, r: 4.5, colour: c)
    }
  }
  let caption =
    "Recursive feature elimination for \(target): validation AUROC of each feature subset as the lowest-gain feature is removed one "
    + "at a time; the dot marks the subset kept. The test partition is not used."
  let svg = rfe.render(
    title: "Feature elimination, \(target)", xLabel: "number of features", yLabel: "validation AUROC",
    legend: withRFE.map { ($0.entry.variant.rawValue, variantColour($0.entry.variant, in: order)) }, description: caption)
  return ReportFigure(name: "feature-elimination-\(fileStem(target))", svg: svg, caption: caption)
}
