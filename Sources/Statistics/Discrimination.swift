/// Area under the ROC curve with optional case weights: the weighted Mann-Whitney statistic,
/// ties counting one half. With unit weights it equals scikit-learn's `roc_auc_score`; integer
/// weights equal repeating rows, which is how bootstrap resamples are scored without copying.
///
/// - Parameter order: indices sorting `scores` ascending (pass it when scoring many weightings
///   of the same scores).
/// - Returns: nil when the weighted positives or negatives are zero.
public func auroc(scores: [Double], labels: [Bool], weights: [Double]? = nil, order: [Int]? = nil) -> Double? {
  precondition(scores.count == labels.count && (weights?.count ?? scores.count) == scores.count)
  let order = order ?? ascendingOrder(scores)
  var u = 0.0, negativesBelow = 0.0, positives = 0.0
  forEachTieRun(scores, order) { run in
    var groupPositive = 0.0, groupNegative = 0.0
    for k in run {
      let w = weights?[order[k]] ?? 1
      if labels[order[k]] { groupPositive += w } else { groupNegative += w }
    }
    u += groupPositive * (negativesBelow + 0.5 * groupNegative)
    negativesBelow += groupNegative
    positives += groupPositive
  }
  guard positives > 0, negativesBelow > 0 else { return nil }
  return u / (positives * negativesBelow)
}

/// Average precision, the area under the precision-recall curve as scikit-learn's
/// `average_precision_score` computes it: Σₙ (Rₙ − Rₙ₋₁) Pₙ over the distinct score thresholds,
/// highest first (no interpolation).
///
/// - Returns: nil when there is no positive.
public func averagePrecision(scores: [Double], labels: [Bool]) -> Double? {
  weightedAveragePrecision(scores: scores, labels: labels, weights: nil, order: ascendingOrder(scores))
}

/// Average precision with row weights (integer weights = repeated rows, as the bootstrap scores
/// resamples); `order` sorts scores ascending. Nil without positive weight.
func weightedAveragePrecision(scores: [Double], labels: [Bool], weights: [Double]?, order: [Int]) -> Double? {
  var positives = 0.0
  for i in scores.indices where labels[i] { positives += weights?[i] ?? 1 }
  guard positives > 0 else { return nil }
  var tp = 0.0, fp = 0.0, ap = 0.0, lastRecall = 0.0
  forEachTieRun(scores, order, descending: true) { run in
    for k in run {
      let w = weights?[order[k]] ?? 1
      if labels[order[k]] { tp += w } else { fp += w }
    }
    if tp + fp > 0 {
      let recall = tp / positives
      ap += (recall - lastRecall) * tp / (tp + fp)
      lastRecall = recall
    }
  }
  return ap
}

/// Brier score: mean squared difference between the predicted probability and the outcome
/// (0 or 1); lower is better.
public func brierScore(probabilities: [Double], labels: [Bool]) -> Double {
  precondition(probabilities.count == labels.count && !labels.isEmpty)
  return zip(probabilities, labels).reduce(0) { $0 + ($1.0 - ($1.1 ? 1 : 0)) * ($1.0 - ($1.1 ? 1 : 0)) }
    / Double(labels.count)
}

/// Counts and rates of a binary decision "positive when score ≥ threshold".
public struct ThresholdMetrics: Sendable, Equatable, Codable {
  public let threshold: Double
  public let truePositives: Int, falsePositives: Int, trueNegatives: Int, falseNegatives: Int
  /// TP / (TP + FN); NaN when there is no positive.
  public var sensitivity: Double { ratio(truePositives, truePositives + falseNegatives) }
  /// TN / (TN + FP); NaN when there is no negative.
  public var specificity: Double { ratio(trueNegatives, trueNegatives + falsePositives) }
  /// Positive predictive value TP / (TP + FP); NaN when nothing is called positive.
  public var ppv: Double { ratio(truePositives, truePositives + falsePositives) }
  /// Negative predictive value TN / (TN + FN); NaN when nothing is called negative.
  public var npv: Double { ratio(trueNegatives, trueNegatives + falseNegatives) }
  /// Youden's J = sensitivity + specificity − 1.
  public var youden: Double { sensitivity + specificity - 1 }

  public init(scores: [Double], labels: [Bool], threshold: Double) {
    var tp = 0, fp = 0, tn = 0, fn = 0
    for (s, y) in zip(scores, labels) {
      switch (s >= threshold, y) {
      case (true, true): tp += 1
      case (true, false): fp += 1
      case (false, false): tn += 1
      case (false, true): fn += 1
      }
    }
    self.threshold = threshold
    truePositives = tp; falsePositives = fp; trueNegatives = tn; falseNegatives = fn
  }
}

private func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? .nan : Double(a) / Double(b) }

/// The threshold maximising Youden's J (Youden 1950) among the observed scores; ties go to the
/// higher threshold (fewer positive calls).
public func youdenOptimum(scores: [Double], labels: [Bool]) -> ThresholdMetrics? {
  let positives = labels.filter { $0 }.count, negatives = labels.count - positives
  guard positives > 0, negatives > 0 else { return nil }
  let order = ascendingOrder(scores)
  var tp = 0, fp = 0, bestJ = -Double.infinity, best = scores[order[order.count - 1]]
  forEachTieRun(scores, order, descending: true) { run in
    for k in run { if labels[order[k]] { tp += 1 } else { fp += 1 } }
    let j = Double(tp) / Double(positives) - Double(fp) / Double(negatives)
    if j > bestJ { bestJ = j; best = scores[order[run.lowerBound]] }
  }
  return ThresholdMetrics(scores: scores, labels: labels, threshold: best)
}

/// ROC curve points (false-positive rate, true-positive rate) from (0, 0), one per distinct
/// score threshold, highest first.
public func rocCurve(scores: [Double], labels: [Bool]) -> [(Double, Double)] {
  let p = Double(labels.filter { $0 }.count), n = Double(labels.count) - p
  guard p > 0, n > 0 else { return [] }
  var tp = 0.0, fp = 0.0, points = [(0.0, 0.0)]
  let order = ascendingOrder(scores)
  forEachTieRun(scores, order, descending: true) { run in
    for k in run { if labels[order[k]] { tp += 1 } else { fp += 1 } }
    points.append((fp / n, tp / p))
  }
  return points
}

/// Precision-recall curve points (recall, precision) over the distinct thresholds, starting at
/// recall 0 with the precision of the highest-scored group (step interpolation, as
/// scikit-learn's `precision_recall_curve` plots it).
public func precisionRecallCurve(scores: [Double], labels: [Bool]) -> [(Double, Double)] {
  let p = Double(labels.filter { $0 }.count)
  guard p > 0 else { return [] }
  var tp = 0.0, fp = 0.0, points: [(Double, Double)] = []
  let order = ascendingOrder(scores)
  forEachTieRun(scores, order, descending: true) { run in
    for k in run { if labels[order[k]] { tp += 1 } else { fp += 1 } }
    let precision = tp / (tp + fp)
    if points.isEmpty { points.append((0, precision)) }
    points.append((tp / p, precision))
  }
  return points
}
