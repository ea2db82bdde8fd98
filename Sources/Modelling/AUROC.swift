/// Area under the ROC curve, exact, with ties counted as one half: the Mann-Whitney U statistic
/// divided by (positives x negatives) (Hanley and McNeil, Radiology 1982), computed from
/// mid-ranks in O(n log n). Equals scikit-learn's `roc_auc_score`.
///
/// - Returns: nil when `labels` holds only one class (the AUROC is undefined).
public func areaUnderROC<S: BinaryFloatingPoint>(scores: [S], labels: [Bool]) -> Double? {
  precondition(scores.count == labels.count, "scores and labels differ in length")
  let positives = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
  let negatives = labels.count - positives
  guard positives > 0, negatives > 0 else { return nil }
  let order = scores.indices.sorted { scores[$0] < scores[$1] }
  var rankSum = 0.0  // sum of the positives' mid-ranks (1-based)
  var i = 0
  while i < order.count {
    var j = i
    var tiedPositives = 0
    while j < order.count, scores[order[j]] == scores[order[i]] {
      if labels[order[j]] { tiedPositives += 1 }
      j += 1
    }
    let midRank = Double(i + j + 1) / 2  // ranks i+1 ... j
    rankSum += midRank * Double(tiedPositives)
    i = j
  }
  let u = rankSum - Double(positives) * Double(positives + 1) / 2
  return u / (Double(positives) * Double(negatives))
}
