/// Writing CSV lines and reading them back as records and cells (RFC 4180): the one writer every
/// CSV file of ECGLens goes through, and the reader `extract --resume` uses on its partial files.

/// One CSV line: `cells` quoted where they need it (`quoteCell`), separated by commas, ended by a
/// newline. Every CSV file ECGLens writes is made of such lines (`writeCSV` too), so that a cell
/// holding a comma, a quote or a line break (a lead named `record 42, signal 0`) never shifts a
/// column (RFC 4180).
public func csvLine(_ cells: [String]) -> String {
  cells.map(quoteCell).joined(separator: ",") + "\n"
}

/// The complete records of CSV text (RFC 4180), each without its line break: split at line breaks
/// outside quoted cells, blank lines skipped. Text after the last line break (a line cut off by
/// an interruption) is left out.
public func csvRecords(_ text: Substring) -> [Substring] {
  var records: [Substring] = []
  var start = text.startIndex, quoted = false
  var i = text.startIndex
  while i < text.endIndex {
    let c = text[i]
    if c == "\"" {
      quoted.toggle()
    } else if !quoted && (c == "\n" || c == "\r\n") {
      if start < i { records.append(text[start..<i]) }
      start = text.index(after: i)
    }
    i = text.index(after: i)
  }
  return records
}

/// The cells of one CSV record (`csvRecords`), quotes removed and `""` unescaped.
public func csvCells(_ record: Substring) -> [String] {
  var cells: [String] = [], cell = "", quoted = false
  var i = record.startIndex
  while i < record.endIndex {
    let c = record[i]
    let next = record.index(after: i)
    if quoted {
      if c == "\"" {
        if next < record.endIndex && record[next] == "\"" { cell.append("\""); i = record.index(after: next); continue }
        quoted = false
      } else {
        cell.append(c)
      }
    } else if c == "\"" {
      quoted = true
    } else if c == "," {
      cells.append(cell); cell = ""
    } else {
      cell.append(c)
    }
    i = next
  }
  cells.append(cell)
  return cells
}
