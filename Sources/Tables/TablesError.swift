/// Errors reading, writing and using tables. Cases name the file, column and row (1-based, the
/// header being row 1) where they apply.
public enum TablesError: Error, Equatable, Sendable, CustomStringConvertible {
  case fileNotFound(file: String)
  case unreadable(file: String, reason: String)
  /// The file has no header row.
  case emptyFile(file: String)
  /// A row has a different number of cells from the header.
  case ragged(file: String, row: Int, expected: Int, found: Int)
  /// A quoted cell is not closed before the end of the file.
  case unterminatedQuote(file: String, row: Int)
  /// Two columns share a name.
  case duplicateColumn(file: String, name: String)
  /// A cell in a numeric column is not a number.
  case notNumeric(file: String, column: String, row: Int, text: String)
  /// A column the caller asked for is not in the table.
  case unknownColumn(name: String, available: [String])
  /// A column has the wrong kind (text where numbers are needed, or the reverse).
  case wrongColumnKind(name: String, expected: String)
  /// Columns of a table being built differ in length.
  case lengthMismatch(column: String, expected: Int, found: Int)
  /// A value in a column breaks a rule (ids must be unique, labels 0/1 ...).
  case invalidValue(column: String, row: Int, value: String, reason: String)
  case writeFailed(file: String, reason: String)

  public var description: String {
    switch self {
    case .fileNotFound(let f): return "\(f): no such file"
    case .unreadable(let f, let r): return "\(f): cannot read: \(r)"
    case .emptyFile(let f): return "\(f): empty file (no header row)"
    case .ragged(let f, let row, let e, let found):
      return "\(f): row \(row) has \(found) cells, the header has \(e)"
    case .unterminatedQuote(let f, let row): return "\(f): row \(row): quoted cell never closed"
    case .duplicateColumn(let f, let n): return "\(f): column \"\(n)\" appears twice in the header"
    case .notNumeric(let f, let c, let row, let t):
      return "\(f): column \"\(c)\", row \(row): \"\(t)\" is not a number "
        + "(declare the column as text if it holds identifiers or words)"
    case .unknownColumn(let n, let a):
      return "no column \"\(n)\" (columns: \(a.prefix(20).joined(separator: ", "))\(a.count > 20 ? ", ..." : ""))"
    case .wrongColumnKind(let n, let e): return "column \"\(n)\" is not \(e)"
    case .lengthMismatch(let c, let e, let f): return "column \"\(c)\" has \(f) values, expected \(e)"
    case .invalidValue(let c, let row, let v, let r): return "column \"\(c)\", row \(row): \"\(v)\" \(r)"
    case .writeFailed(let f, let r): return "\(f): cannot write: \(r)"
    }
  }
}
