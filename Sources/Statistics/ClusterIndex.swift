/// Dense cluster numbers 0..<count for arbitrary cluster (patient) identifiers, numbered in order of
/// first appearance, with the number of positive and negative rows in each cluster.
struct ClusterIndex: Sendable {
  /// Cluster number of each row.
  let clusterOfRow: [Int]
  /// Number of distinct clusters (I in Obuchowski 1997).
  let count: Int
  /// Positives (mᵢ) and negatives (nᵢ) in each cluster.
  let positivesIn: [Int]
  let negativesIn: [Int]

  init<ID: Hashable>(ids: [ID], labels: [Bool]) {
    precondition(ids.count == labels.count)
    var number = [ID: Int](minimumCapacity: ids.count)
    var clusterOfRow = [Int](repeating: 0, count: ids.count)
    for (row, id) in ids.enumerated() {
      if let c = number[id] {
        clusterOfRow[row] = c
      } else {
        let c = number.count
        number[id] = c
        clusterOfRow[row] = c
      }
    }
    self.init(clusterOfRow: clusterOfRow, count: number.count, labels: labels)
  }

  /// Every row its own cluster (the unclustered case).
  init(singletonsFor labels: [Bool]) {
    self.init(clusterOfRow: Array(labels.indices), count: labels.count, labels: labels)
  }

  private init(clusterOfRow: [Int], count: Int, labels: [Bool]) {
    var positivesIn = [Int](repeating: 0, count: count)
    var negativesIn = [Int](repeating: 0, count: count)
    for (row, c) in clusterOfRow.enumerated() {
      if labels[row] { positivesIn[c] += 1 } else { negativesIn[c] += 1 }
    }
    self.clusterOfRow = clusterOfRow
    self.count = count
    self.positivesIn = positivesIn
    self.negativesIn = negativesIn
  }

  /// I10: clusters holding at least one positive.
  var clustersWithPositives: Int { positivesIn.reduce(0) { $0 + ($1 > 0 ? 1 : 0) } }
  /// I01: clusters holding at least one negative.
  var clustersWithNegatives: Int { negativesIn.reduce(0) { $0 + ($1 > 0 ? 1 : 0) } }

  /// Sums `values` over the rows of each cluster, separately for positive and negative rows.
  func sums(_ values: [Double], labels: [Bool]) -> (positive: [Double], negative: [Double]) {
    var positive = [Double](repeating: 0, count: count)
    var negative = [Double](repeating: 0, count: count)
    for (row, c) in clusterOfRow.enumerated() {
      if labels[row] { positive[c] += values[row] } else { negative[c] += values[row] }
    }
    return (positive, negative)
  }
}
