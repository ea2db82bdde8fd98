/// The empirical AUROC and every row's structural component ("placement value") in one sort.
///
/// With the Mann-Whitney kernel ψ(x, y) = 1 if x > y, 1/2 if x = y, 0 if x < y (ties count 1/2),
/// positives X₁…X_M and negatives Y₁…Y_N (DeLong, DeLong and Clarke-Pearson, Biometrics 44:837, 1988):
///
///     V10(Xᵢ) = (1/N) Σⱼ ψ(Xᵢ, Yⱼ)      (one per positive)
///     V01(Yⱼ) = (1/M) Σᵢ ψ(Xᵢ, Yⱼ)      (one per negative)
///     AUROC   = (1/M) Σᵢ V10(Xᵢ) = (1/N) Σⱼ V01(Yⱼ)
///
/// Computed in O(n log n) like the mid-rank algorithm of Sun and Xu (IEEE Signal Processing Letters
/// 21:1389, 2014): sort once, walk the groups of tied scores, and for each group use the counts of
/// negatives below it and positives above it, plus half of each class inside the group. The AUROC is
/// accumulated in integers (twice the number of wins), so it is exact up to the final division.
struct PlacementValues: Sendable {
  /// V10 for a positive row, V01 for a negative row.
  let values: [Double]
  let auc: Double
  let positives: Int
  let negatives: Int

  /// - Precondition: `scores.count == labels.count`, at least one positive and one negative.
  init(scores: [Double], labels: [Bool]) {
    precondition(scores.count == labels.count)
    let n = scores.count
    let m = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
    precondition(m > 0 && m < n, "PlacementValues needs at least one positive and one negative")
    let order = scores.indices.sorted { scores[$0] < scores[$1] }
    let positiveCount = Double(m), negativeCount = Double(n - m)
    var values = [Double](repeating: 0, count: n)
    var positivesBelow = 0, negativesBelow = 0
    var twiceWins = 0  // 2 · Σ ψ over all (positive, negative) pairs
    var start = 0
    while start < n {
      let score = scores[order[start]]
      var end = start, positivesTied = 0, negativesTied = 0
      while end < n, scores[order[end]] == score {
        if labels[order[end]] { positivesTied += 1 } else { negativesTied += 1 }
        end += 1
      }
      let positivesAbove = m - positivesBelow - positivesTied
      let v10 = (Double(negativesBelow) + 0.5 * Double(negativesTied)) / negativeCount
      let v01 = (Double(positivesAbove) + 0.5 * Double(positivesTied)) / positiveCount
      for k in start..<end { values[order[k]] = labels[order[k]] ? v10 : v01 }
      twiceWins += positivesTied * (2 * negativesBelow + negativesTied)
      positivesBelow += positivesTied
      negativesBelow += negativesTied
      start = end
    }
    self.values = values
    self.auc = Double(twiceWins) / (2 * positiveCount * negativeCount)
    self.positives = m
    self.negatives = n - m
  }
}
