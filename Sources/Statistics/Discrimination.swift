/// Area under the ROC curve with optional case weights: the weighted Mann-Whitney statistic,
/// ties counting one half. With unit weights it equals scikit-learn's `roc_auc_score`; integer
/// weights equal repeating rows, which is how bootstrap resamples are scored without copying.
///
/// - Parameter order: indices sorting `scores` ascending (pass it when scoring many weightings
///   of the same scores).
/// - Returns: nil when the weighted positives or negatives are zero.
public func auroc(scores: [Double], labels: [Bool], weights: [Double]? = nil, order: [Int]? = nil) -> Double? {
  precondition(scores.count == labels.count && (weights?.count ?? scores.count) == scores.count)
  let order = order ?? scores.indices.sorted { scores[$0] < scores[$1] }
  var u = 0.0, negativesBelow = 0.0, positives = 0.0
  var i = 0
  while i < order.count {
    var groupPositive = 0.0, groupNegative = 0.0
    let s = scores[order[i]]
    var j = i
    while j < order.count, scores[order[j]] == s {
      let w = weights?[order[j]] ?? 1
      if labels[order[j]] { groupPositive += w } else { groupNegative += w }
      j += 1
    }
    u += groupPositive * (negativesBelow + 0.5 * groupNegative)
    negativesBelow += groupNegative
    positives += groupPositive
    i = j
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
  let order = scores.indices.sorted { scores[$0] > scores[$1] }
  let positives = labels.filter { $0 }.count
  guard positives > 0 else { return nil }
  var tp = 0, fp = 0, ap = 0.0, lastRecall = 0.0
  var i = 0
  while i < order.count {
    let s = scores[order[i]]
    while i < order.count, scores[order[i]] == s {
      if labels[order[i]] { tp += 1 } else { fp += 1 }
      i += 1
    }
    let recall = Double(tp) / Double(positives)
    ap += (recall - lastRecall) * Double(tp) / Double(tp + fp)
    lastRecall = recall
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
  let order = scores.indices.sorted { scores[$0] > scores[$1] }
  var tp = 0, fp = 0, bestJ = -Double.infinity, best = scores[order[0]]
  var i = 0
  while i < order.count {
    let s = scores[order[i]]
    while i < order.count, scores[order[i]] == s {
      if labels[order[i]] { tp += 1 } else { fp += 1 }
      i += 1
    }
    let j = Double(tp) / Double(positives) - Double(fp) / Double(negatives)
    if j > bestJ { bestJ = j; best = s }
  }
  return ThresholdMetrics(scores: scores, labels: labels, threshold: best)
}
