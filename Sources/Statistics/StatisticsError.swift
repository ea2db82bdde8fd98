/// Why statistics on a predictions table could not be computed. Every case names the input field
/// (`labels`, `scores`, `base`, `new`, `patients`, `thresholds`) and the problem; rows are 0-based
/// indices into the input arrays. The caller (the CLI) adds the file and column names.
public enum StatisticsError: Error, Equatable, Sendable, CustomStringConvertible {
  /// `field` has `actual` entries where `expected` (the number of labels) were needed.
  case lengthMismatch(field: String, expected: Int, actual: Int)
  /// `field` holds NaN or ±infinity at `row`.
  case nonFiniteValue(field: String, row: Int)
  /// `patients` holds an empty identifier at `row`.
  case emptyPatientID(row: Int)
  /// The AUROC variance needs positives in at least two clusters and negatives in at least two
  /// clusters (without patients every row is its own cluster).
  case tooFewClusters(positiveClusters: Int, negativeClusters: Int)
  /// NRI / IDI need at least one event, one non-event and two clusters.
  case tooFewForReclassification(events: Int, nonEvents: Int, clusters: Int)

  public var description: String {
    switch self {
    case .lengthMismatch(let field, let expected, let actual):
      return "\(field): has \(actual) values but labels has \(expected); every row needs one value"
    case .nonFiniteValue(let field, let row):
      return "\(field): row \(row) (0-based) is NaN or infinite; values must be finite"
    case .emptyPatientID(let row):
      return "patients: row \(row) (0-based) has an empty patient id"
    case .tooFewClusters(let positive, let negative):
      return "labels: the AUROC variance needs positives in at least 2 clusters and negatives in at least 2 "
        + "clusters (patients, or rows without patients); found positives in \(positive) and negatives in \(negative)"
    case .tooFewForReclassification(let events, let nonEvents, let clusters):
      return "labels: NRI/IDI need at least 1 event, 1 non-event and 2 clusters; found \(events) events, "
        + "\(nonEvents) non-events, \(clusters) clusters"
    }
  }
}

/// Checks that `values` has one finite entry per label.
func checkFinite(_ values: [Double], field: String, rows: Int) throws(StatisticsError) {
  guard values.count == rows else { throw .lengthMismatch(field: field, expected: rows, actual: values.count) }
  if let row = values.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteValue(field: field, row: row) }
}

/// Checks patient ids: one per label, none empty.
func checkPatients(_ patients: [String]?, rows: Int) throws(StatisticsError) {
  guard let patients else { return }
  guard patients.count == rows else { throw .lengthMismatch(field: "patients", expected: rows, actual: patients.count) }
  if let row = patients.firstIndex(where: { $0.isEmpty }) { throw .emptyPatientID(row: row) }
}

/// The clusters holding positives and negatives, for the error when the AUROC variance is undefined.
func clusterShortage(labels: [Bool], patients: [String]?) -> StatisticsError {
  let index = patients.map { ClusterIndex(ids: $0, labels: labels) } ?? ClusterIndex(singletonsFor: labels)
  return .tooFewClusters(positiveClusters: index.clustersWithPositives, negativeClusters: index.clustersWithNegatives)
}
