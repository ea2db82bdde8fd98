import Core
import Foundation

/// Options for `readCSV`.
public struct CSVReadOptions: Sendable {
  /// Columns kept as text whatever they hold (identifiers, dates).
  public var textColumns: Set<String>
  /// Cells read as missing (NaN) in numeric columns, besides the empty cell.
  public var missingMarkers: Set<String>
  /// Rows inspected to decide whether a column is numeric: a column is text when any of them
  /// holds a non-numeric, non-missing cell. A later non-numeric cell in a numeric column is an
  /// error naming the column and row.
  public var inferenceRows: Int
  /// Field separator (a single ASCII character).
  public var separator: UInt8

  public init(
    textColumns: Set<String> = [], missingMarkers: Set<String> = ["NA", "NaN", "nan", "N/A", "null"],
    inferenceRows: Int = 10_000, separator: UInt8 = UInt8(ascii: ",")
  ) {
    self.textColumns = textColumns
    self.missingMarkers = missingMarkers
    self.inferenceRows = inferenceRows
    self.separator = separator
  }
}

/// Reads a CSV file (RFC 4180: quoted cells with `""` escapes and embedded line breaks; LF or
/// CRLF; a UTF-8 byte-order mark is skipped) into a `DataTable`.
///
/// The first row is the header. Numeric columns are parsed straight from the bytes (exact: a
/// fast path for decimals that fit in a Double's mantissa, `strtod` otherwise).
public func readCSV(at path: String, options: CSVReadOptions = .init()) throws(TablesError) -> DataTable {
  guard FileManager.default.fileExists(atPath: path) else { throw .fileNotFound(file: path) }
  let data: Data
  do {
    data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
  } catch {
    throw .unreadable(file: path, reason: error.localizedDescription)
  }
  return try parseCSV(data, file: path, options: options)
}

/// Parses CSV bytes; `file` names the source in errors.
public func parseCSV(
  _ data: Data, file: String, options: CSVReadOptions = .init()
) throws(TablesError)
  -> DataTable
{
  let result: Result<DataTable, TablesError> = data.withUnsafeBytes { raw in
    var parser = CSVParser(bytes: raw.bindMemory(to: UInt8.self), file: file, options: options)
    do throws(TablesError) { return .success(try parser.parse()) } catch { return .failure(error) }
  }
  return try result.get()
}

private struct CSVParser {
  let bytes: UnsafeBufferPointer<UInt8>
  let file: String
  let options: CSVReadOptions
  var position = 0
  var row = 0  // 1-based number of the row being read
  var scratch: [UInt8] = []

  init(bytes: UnsafeBufferPointer<UInt8>, file: String, options: CSVReadOptions) {
    self.bytes = bytes
    self.file = file
    self.options = options
    if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { position = 3 }
  }

  /// A cell's bytes: a range of the input, or (quoted with escapes) a copy in `scratch`.
  enum Cell {
    case range(Int, Int)
    case scratch
  }

  /// Reads one row into `cells`; false at the end of input.
  mutating func nextRow(_ cells: inout [Cell], _ texts: inout [[UInt8]]) throws(TablesError) -> Bool {
    cells.removeAll(keepingCapacity: true)
    texts.removeAll(keepingCapacity: true)
    let n = bytes.count
    // Skip blank lines.
    while position < n && (bytes[position] == 0x0A || bytes[position] == 0x0D) { position += 1 }
    guard position < n else { return false }
    row += 1
    let sep = options.separator
    while true {
      if position < n && bytes[position] == UInt8(ascii: "\"") {
        position += 1
        scratch.removeAll(keepingCapacity: true)
        while true {
          guard position < n else { throw .unterminatedQuote(file: file, row: row) }
          let b = bytes[position]
          if b == UInt8(ascii: "\"") {
            if position + 1 < n && bytes[position + 1] == UInt8(ascii: "\"") {
              scratch.append(b)
              position += 2
              continue
            }
            position += 1
            break
          }
          scratch.append(b)
          position += 1
        }
        // Anything between the closing quote and the separator is kept, as most readers do.
        while position < n && bytes[position] != sep && bytes[position] != 0x0A && bytes[position] != 0x0D {
          scratch.append(bytes[position])
          position += 1
        }
        cells.append(.scratch)
        texts.append(scratch)
      } else {
        let start = position
        while position < n && bytes[position] != sep && bytes[position] != 0x0A && bytes[position] != 0x0D {
          position += 1
        }
        cells.append(.range(start, position))
        texts.append([])
      }
      if position < n && bytes[position] == sep {
        position += 1
        continue
      }
      if position < n && bytes[position] == 0x0D { position += 1 }
      if position < n && bytes[position] == 0x0A { position += 1 }
      return true
    }
  }

  func string(_ cell: Cell, _ text: [UInt8]) -> String {
    switch cell {
    case .range(let a, let b): return String(decoding: UnsafeBufferPointer(rebasing: bytes[a..<b]), as: UTF8.self)
    case .scratch: return String(decoding: text, as: UTF8.self)
    }
  }

  func number(_ cell: Cell, _ text: [UInt8]) -> Double? {
    switch cell {
    case .range(let a, let b): return parseNumber(UnsafeBufferPointer(rebasing: bytes[a..<b]))
    case .scratch: return text.withUnsafeBufferPointer { parseNumber($0) }
    }
  }

  func isMissing(_ cell: Cell, _ text: [UInt8]) -> Bool {
    switch cell {
    case .range(let a, let b):
      if a == b { return true }
    case .scratch:
      if text.isEmpty { return true }
    }
    return options.missingMarkers.contains(string(cell, text))
  }

  mutating func parse() throws(TablesError) -> DataTable {
    var cells: [Cell] = []
    var texts: [[UInt8]] = []
    guard try nextRow(&cells, &texts) else { throw .emptyFile(file: file) }
    let header = zip(cells, texts).map { string($0, $1).trimmingCharacters(in: .whitespaces) }
    var seen = Set<String>()
    for name in header where !seen.insert(name).inserted {
      throw .duplicateColumn(file: file, name: name)
    }
    let width = header.count
    // Infer column kinds from the first `inferenceRows` rows, then parse from the top again.
    let start = position, startRow = row
    var isText = header.map { options.textColumns.contains($0) }
    var inspected = 0
    while inspected < options.inferenceRows, try nextRow(&cells, &texts) {
      guard cells.count == width else { throw .ragged(file: file, row: row, expected: width, found: cells.count) }
      for c in 0..<width where !isText[c] {
        if !isMissing(cells[c], texts[c]) && number(cells[c], texts[c]) == nil { isText[c] = true }
      }
      inspected += 1
    }
    position = start
    row = startRow
    var numbers = [[Double]](repeating: [], count: width)
    var strings = [[String]](repeating: [], count: width)
    while try nextRow(&cells, &texts) {
      guard cells.count == width else { throw .ragged(file: file, row: row, expected: width, found: cells.count) }
      for c in 0..<width {
        if isText[c] {
          strings[c].append(string(cells[c], texts[c]))
        } else if let v = number(cells[c], texts[c]) {
          numbers[c].append(v)
        } else if isMissing(cells[c], texts[c]) {
          numbers[c].append(.nan)
        } else {
          throw .notNumeric(file: file, column: header[c], row: row, text: string(cells[c], texts[c]))
        }
      }
    }
    var table = DataTable(rowCount: isText.first == true ? strings[0].count : numbers.first?.count ?? 0)
    for c in 0..<width {
      try table.append(header[c], isText[c] ? .text(strings[c]) : .numeric(numbers[c]))
    }
    return table
  }
}

private let exactPowersOfTen: [Double] = (0...22).map { Foundation.pow(10, Double($0)) }

/// Parses a decimal number exactly: `[+-]digits[.digits][(e|E)[+-]digits]`, plus `inf`/`nan`
/// spellings through `strtod`. Returns nil for anything else, including surrounding spaces
/// (trimmed first) and empty input.
func parseNumber(_ raw: UnsafeBufferPointer<UInt8>) -> Double? {
  var a = 0, b = raw.count
  while a < b && raw[a] == 0x20 { a += 1 }
  while b > a && raw[b - 1] == 0x20 { b -= 1 }
  guard a < b else { return nil }
  var i = a
  var negative = false
  if raw[i] == UInt8(ascii: "-") || raw[i] == UInt8(ascii: "+") {
    negative = raw[i] == UInt8(ascii: "-")
    i += 1
  }
  var mantissa: UInt64 = 0
  var digits = 0, fractionDigits = 0
  var sawDigit = false
  while i < b, raw[i] >= 0x30, raw[i] <= 0x39 {
    if digits < 19 { mantissa = mantissa * 10 + UInt64(raw[i] - 0x30); if mantissa > 0 { digits += 1 } } else { fractionDigits -= 1 }
    sawDigit = true
    i += 1
  }
  if i < b && raw[i] == UInt8(ascii: ".") {
    i += 1
    while i < b, raw[i] >= 0x30, raw[i] <= 0x39 {
      if digits < 19 { mantissa = mantissa * 10 + UInt64(raw[i] - 0x30); if mantissa > 0 { digits += 1 }; fractionDigits += 1 }
      sawDigit = true
      i += 1
    }
  }
  guard sawDigit else { return slowNumber(raw, a, b) }
  var exponent = 0
  if i < b && (raw[i] == UInt8(ascii: "e") || raw[i] == UInt8(ascii: "E")) {
    i += 1
    var expNegative = false
    if i < b && (raw[i] == UInt8(ascii: "-") || raw[i] == UInt8(ascii: "+")) {
      expNegative = raw[i] == UInt8(ascii: "-")
      i += 1
    }
    var e = 0, expDigits = 0
    while i < b, raw[i] >= 0x30, raw[i] <= 0x39, e < 100_000 {
      e = e * 10 + Int(raw[i] - 0x30)
      expDigits += 1
      i += 1
    }
    guard expDigits > 0 else { return nil }
    exponent = expNegative ? -e : e
  }
  guard i == b else { return nil }
  let power = exponent - fractionDigits
  // Exact when the mantissa fits in 53 bits and the power of ten is exact (Clinger 1990).
  if mantissa < (1 << 53) && abs(power) <= 22 {
    let m = Double(mantissa)
    let v = power >= 0 ? m * exactPowersOfTen[power] : m / exactPowersOfTen[-power]
    return negative ? -v : v
  }
  return slowNumber(raw, a, b)
}

private func slowNumber(_ raw: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) -> Double? {
  let text = String(decoding: UnsafeBufferPointer(rebasing: raw[a..<b]), as: UTF8.self)
  return Double(text)
}

/// Writes a table as CSV (header row; cells quoted when they hold the separator, a quote or a
/// line break; numbers as `formatCell`) with `writeFileAtomically`.
public func writeCSV(_ table: DataTable, to path: String) throws(TablesError) {
  var out = ""
  out.reserveCapacity(table.rowCount * table.names.count * 8)
  out += csvLine(table.names)
  for r in 0..<table.rowCount {
    out += csvLine(
      table.columns.map { column in
        switch column {
        case .numeric(let v): return formatCell(v[r])
        case .text(let v): return v[r]
        }
      })
  }
  do {
    try writeFileAtomically(Data(out.utf8), to: path)
  } catch {
    throw .writeFailed(file: path, reason: error.reason)
  }
}

/// A CSV cell: quoted (with `""` escapes) when it holds a comma, a quote or a line break.
public func quoteCell(_ s: String) -> String {
  guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
  return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
