/// One column of a `DataTable`.
public enum Column: Equatable, Sendable {
  /// Numbers; NaN marks a missing value. Double keeps integer identifiers exact to 2^53.
  case numeric([Double])
  /// Text such as identifiers, dates and category names; "" marks a missing value.
  case text([String])

  public var count: Int {
    switch self {
    case .numeric(let v): return v.count
    case .text(let v): return v.count
    }
  }
}

/// A table of named columns of equal length: the in-memory form of a feature or label table.
///
/// Column names are unique. Units live in the names at this untyped boundary (`qrs_ms`,
/// `p_axis_deg`), following the schema in `MeasurementSchema`.
public struct DataTable: Equatable, Sendable {
  public private(set) var names: [String]
  public private(set) var columns: [Column]
  public private(set) var rowCount: Int

  /// An empty table with `rowCount` rows and no columns.
  public init(rowCount: Int = 0) {
    names = []
    columns = []
    self.rowCount = rowCount
  }

  /// A table from named columns.
  /// - Throws: `TablesError.lengthMismatch` or `.duplicateColumn`.
  public init(_ named: [(String, Column)]) throws(TablesError) {
    self.init(rowCount: named.first?.1.count ?? 0)
    for (name, column) in named { try append(name, column) }
  }

  /// Adds a column at the end.
  public mutating func append(_ name: String, _ column: Column) throws(TablesError) {
    if names.isEmpty && columns.isEmpty && rowCount == 0 { rowCount = column.count }
    guard column.count == rowCount else {
      throw .lengthMismatch(column: name, expected: rowCount, found: column.count)
    }
    guard !names.contains(name) else { throw .duplicateColumn(file: "table", name: name) }
    names.append(name)
    columns.append(column)
  }

  /// Replaces the column `name`, or adds it when absent.
  public mutating func set(_ name: String, _ column: Column) throws(TablesError) {
    if let i = names.firstIndex(of: name) {
      guard column.count == rowCount else {
        throw .lengthMismatch(column: name, expected: rowCount, found: column.count)
      }
      columns[i] = column
    } else {
      try append(name, column)
    }
  }

  public func index(of name: String) -> Int? { names.firstIndex(of: name) }

  public func column(_ name: String) throws(TablesError) -> Column {
    guard let i = index(of: name) else { throw .unknownColumn(name: name, available: names) }
    return columns[i]
  }

  /// The numeric column `name`.
  public func numeric(_ name: String) throws(TablesError) -> [Double] {
    guard case .numeric(let v) = try column(name) else {
      throw .wrongColumnKind(name: name, expected: "numeric")
    }
    return v
  }

  /// The column `name` as text (numbers are formatted as `formatCell` writes them).
  public func text(_ name: String) throws(TablesError) -> [String] {
    switch try column(name) {
    case .text(let v): return v
    case .numeric(let v): return v.map(formatCell)
    }
  }

  /// The rows at `indices`, in that order.
  public func rows(_ indices: [Int]) -> DataTable {
    var t = DataTable(rowCount: indices.count)
    t.names = names
    t.columns = columns.map { c in
      switch c {
      case .numeric(let v): return .numeric(indices.map { v[$0] })
      case .text(let v): return .text(indices.map { v[$0] })
      }
    }
    return t
  }

  /// The columns `selected`, in that order.
  public func selecting(_ selected: [String]) throws(TablesError) -> DataTable {
    var t = DataTable(rowCount: rowCount)
    for name in selected { try t.append(name, try column(name)) }
    return t
  }
}

/// How a number is written in CSV: integers without a decimal point, others in the shortest
/// form that reads back to the same Double, NaN as an empty cell.
public func formatCell(_ x: Double) -> String {
  if x.isNaN { return "" }
  if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
  return "\(x)"
}
