import Tables

/// Numeric columns of the label tables, then of `table` (the first source holding a column wins),
/// aligned to `ids` through `idColumn`; an id missing from a label table gives NaN. A duplicate id
/// in a label table, or a column of `numeric` that holds text, is an error naming file and row.
func labelColumns(
  ids: [String], idColumn: String, labelFiles: [String], table: DataTable, tableFile: String, numeric: Set<String>
) throws -> [String: [Double]] {
  var out: [String: [Double]] = [:]
  func take(_ t: DataTable, _ file: String, _ rowOf: [Int?]) throws {
    for (name, column) in zip(t.names, t.columns) where out[name] == nil && name != idColumn {
      switch column {
      case .numeric(let v): out[name] = rowOf.map { $0.map { v[$0] } ?? .nan }
      case .text where numeric.contains(name):
        throw PipelineError.invalid(file: file, reason: "column \"\(name)\" holds text; labels must be 0, 1 or empty")
      case .text: continue
      }
    }
  }
  for file in labelFiles {
    let t = try readCSV(at: file, options: CSVReadOptions(textColumns: [idColumn]))
    var index: [String: Int] = [:]
    for (i, id) in try t.text(idColumn).enumerated() {
      if let first = index[id] {
        throw PipelineError.invalid(file: file, reason: "column \"\(idColumn)\", row \(i + 2): id \"\(id)\" already on row \(first + 2)")
      }
      index[id] = i
    }
    try take(t, file, ids.map { index[$0] })
  }
  try take(table, tableFile, ids.indices.map { Optional($0) })
  return out
}
