import Foundation

/// A formatted table of the report: human-readable headers (units in the headers), cells as they
/// are printed (intervals as "0.91 (0.83–0.98)"), rendered as HTML for the report and as CSV and
/// Markdown files for a manuscript.
public struct ReportTable: Sendable, Equatable {
  /// File name without extension (`table-1-cohort`), stable across runs.
  public var name: String
  public var title: String
  public var headers: [String]
  public var rows: [[String]]
  /// The first `textColumns` columns are left-aligned text; the rest right-aligned numbers.
  public var textColumns: Int
  /// What the table shows and how its intervals were made.
  public var caption: String

  public init(name: String, title: String, headers: [String], rows: [[String]], textColumns: Int = 1, caption: String = "") {
    self.name = name; self.title = title; self.headers = headers; self.rows = rows; self.textColumns = textColumns
    self.caption = caption
  }

  /// The table as HTML, with its title above and caption below.
  public var html: String {
    func cell(_ tag: String, _ i: Int, _ text: String) -> String {
      "<\(tag)\(i < textColumns ? " class=l" : "")>\(escapeHTML(text))</\(tag)>"
    }
    var h = "<div class=tablewrap><table><caption>\(escapeHTML(title))</caption><tr>"
    h += headers.enumerated().map { cell("th", $0, $1) }.joined() + "</tr>"
    for row in rows { h += "<tr>" + row.enumerated().map { cell("td", $0, $1) }.joined() + "</tr>" }
    h += "</table></div>"
    if !caption.isEmpty { h += "<p class=caption>\(escapeHTML(caption))</p>" }
    return h
  }

  /// The table as CSV (RFC 4180 quoting), header row first.
  public var csv: String {
    func quote(_ s: String) -> String {
      s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
    return ([headers] + rows).map { $0.map(quote).joined(separator: ",") }.joined(separator: "\n") + "\n"
  }

  /// The table as a GitHub-flavoured Markdown table with its title and caption.
  public var markdown: String {
    func escape(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
    var m = "**\(title)**\n\n| " + headers.map(escape).joined(separator: " | ") + " |\n|"
    m += headers.indices.map { $0 < textColumns ? "---|" : "---:|" }.joined() + "\n"
    for row in rows { m += "| " + row.map(escape).joined(separator: " | ") + " |\n" }
    return caption.isEmpty ? m : m + "\n" + caption + "\n"
  }
}

/// A value with as many decimals as its size needs to show about three significant digits
/// (400 -> "400", 49.25 -> "49", 1.53 -> "1.5", 0.153 -> "0.15"); "" for NaN.
public func formatStatistic(_ v: Double, reference: Double? = nil) -> String {
  guard v.isFinite else { return "" }
  let r = abs(reference ?? v)
  let decimals = r == 0 ? 0 : max(0, min(3, 1 - Int(floor(log10(r)))))
  return String(format: "%.\(decimals)f", v)
}

/// "0.912 (0.834–0.981)": an estimate and its interval with `decimals` decimals.
public func formatInterval(_ estimate: Double, _ lower: Double, _ upper: Double, decimals: Int = 3) -> String {
  guard estimate.isFinite else { return "" }
  let f = "%.\(decimals)f"
  guard lower.isFinite, upper.isFinite else { return String(format: f, estimate) }
  return String(format: "\(f) (\(f)–\(f))", estimate, lower, upper)
}

/// A p-value as journals print it: "<0.001", else two significant digits.
public func formatPValue(_ p: Double) -> String {
  guard p.isFinite else { return "" }
  return p < 0.001 ? "<0.001" : String(format: "%.2g", p)
}

/// A snake_case column name as a header: words, with a trailing unit in parentheses
/// (`qrs_ms` -> "qrs (ms)", `test_positives` -> "test positives").
public func humanHeader(_ column: String) -> String {
  let units = ["ms": "ms", "mv": "mV", "deg": "°", "bpm": "bpm", "years": "years", "p": "p"]
  var words = column.split(separator: "_").map(String.init)
  if words.count > 1, let u = words.last, let unit = units[u.lowercased()], u != "p" {
    words.removeLast()
    return words.joined(separator: " ") + " (\(unit))"
  }
  return words.joined(separator: " ")
}
