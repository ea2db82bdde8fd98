/// Every input row a cohort step dropped or flagged, by reason: nothing is dropped silently.
public struct DropLog: Sendable {
  /// Reason -> the rows (ids or "row N" texts) it applies to, in input order.
  public private(set) var entries: [String: [String]] = [:]

  public init() {}

  public mutating func note(_ reason: String, _ item: String) { entries[reason, default: []].append(item) }

  /// Adds another log's entries, their reasons prefixed.
  public mutating func merge(_ other: DropLog, prefix: String) {
    for (k, v) in other.entries { entries[prefix + k, default: []] += v }
  }

  public subscript(reason: String) -> [String]? { entries[reason] }
  public var isEmpty: Bool { entries.isEmpty }
}
