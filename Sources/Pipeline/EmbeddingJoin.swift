import Foundation
import Tables

/// Whether a column is an embedding value written by `ecglens embed` (`emb_0`, `emb_1` ...).
func isEmbeddingColumn(_ name: String) -> Bool {
  name.hasPrefix("emb_") && name.count > 4 && name.dropFirst(4).allSatisfy(\.isNumber)
}

/// Adds the `emb_N` columns of an `ecglens embed` table to `table`, matched on `ecg_id` (the record
/// name in both). Rows without an embedding get empty (missing) values, so that every variant of a
/// study keeps the same rows and splits.
/// - Returns: how many rows of `table` had no embedding.
/// - Throws: `PipelineError.invalid` naming the file when it has no `ecg_id` or `emb_N` column, names
///   a record twice, or holds a column `table` already has.
func joinEmbeddings(_ table: inout DataTable, file: String) throws -> Int {
  let embeddings = try readCSV(at: file, options: CSVReadOptions(textColumns: ["ecg_id"]))
  guard embeddings.index(of: "ecg_id") != nil else {
    throw PipelineError.invalid(file: file, reason: "no ecg_id column: not an ecglens embed table")
  }
  let columns = embeddings.names.filter(isEmbeddingColumn)
  guard !columns.isEmpty else { throw PipelineError.invalid(file: file, reason: "no emb_N column: not an ecglens embed table") }
  var rowOf: [String: Int] = [:]
  for (k, id) in try embeddings.text("ecg_id").enumerated() {
    if let previous = rowOf[id] { throw PipelineError.invalid(file: file, reason: "record \(id) on rows \(previous + 2) and \(k + 2)") }
    rowOf[id] = k
  }
  let rows = try table.text("ecg_id").map { rowOf[$0] }
  for name in columns {
    guard table.index(of: name) == nil else {
      throw PipelineError.invalid(file: file, reason: "column \(name) is already in the feature table")
    }
    let values = try embeddings.numeric(name)
    try table.set(name, .numeric(rows.map { $0.map { values[$0] } ?? .nan }))
  }
  return rows.filter { $0 == nil }.count
}
