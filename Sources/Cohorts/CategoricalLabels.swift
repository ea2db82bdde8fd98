import Foundation

/// Binary target columns from a categorical column: one 0/1 column per category that occurs at
/// least `minimumCount` times (Chapman-Shaoxing `Rhythm`: AFIB, SB ...), or per token when
/// `separator` splits multi-valued cells (Chapman-Shaoxing `Beat`: "RBBB TWC").
///
/// - Parameters:
///   - values: one cell per row; an empty cell gives NaN in every column (unlabelled).
///   - separator: splits a cell into several categories; nil keeps the cell whole.
///   - ignoring: categories that are not targets ("NONE").
///   - prefix: prepended to each column name (`rhythm_AFIB`); spaces in categories become `_`.
/// - Returns: (name, labels) pairs, most frequent category first, ties by name.
public func categoricalLabels(
  _ values: [String], separator: Character? = nil, minimumCount: Int = 1, ignoring: Set<String> = [],
  prefix: String = ""
) -> [(name: String, labels: [Double])] {
  let tokens: [[String]] = values.map { cell in
    let trimmed = cell.trimmingCharacters(in: .whitespaces)
    guard let separator else { return trimmed.isEmpty ? [] : [trimmed] }
    return trimmed.split(separator: separator).map { String($0) }.filter { !$0.isEmpty }
  }
  var counts: [String: Int] = [:]
  for row in tokens { for t in Set(row) where !ignoring.contains(t) { counts[t, default: 0] += 1 } }
  let kept = counts.filter { $0.value >= minimumCount }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
  return kept.map { category, _ in
    let column = zip(values, tokens).map { cell, row -> Double in
      cell.trimmingCharacters(in: .whitespaces).isEmpty ? .nan : (row.contains(category) ? 1 : 0)
    }
    return (prefix + category.replacingOccurrences(of: " ", with: "_"), column)
  }
}
