/// Visits the runs of equal scores along `order` (indices that sort `scores` ascending), as
/// ranges of positions in `order`: lowest scores first, or highest first when `descending`.
/// Every rank statistic here (AUROC, average precision, mid-ranks, the Youden optimum, ROC and
/// precision-recall curves) treats tied scores as one threshold through this one loop.
@inline(__always)
func forEachTieRun(_ scores: [Double], _ order: [Int], descending: Bool = false, _ body: (Range<Int>) -> Void) {
  if descending {
    var end = order.count
    while end > 0 {
      let s = scores[order[end - 1]]
      var start = end - 1
      while start > 0, scores[order[start - 1]] == s { start -= 1 }
      body(start..<end)
      end = start
    }
  } else {
    var start = 0
    while start < order.count {
      let s = scores[order[start]]
      var end = start + 1
      while end < order.count, scores[order[end]] == s { end += 1 }
      body(start..<end)
      start = end
    }
  }
}

/// Indices sorting `scores` ascending.
func ascendingOrder(_ scores: [Double]) -> [Int] { scores.indices.sorted { scores[$0] < scores[$1] } }
