import Foundation

/// Parses the text of a WFDB header file (header(5), WFDB Applications Guide).
///
/// Grammar, one record line then one line per signal; `#` lines are comments anywhere:
///
///     record[/segments] signals [fs[/counter_fs[(base_counter)]] [samples [base_time [base_date]]]]
///     file format[xspf][:skew][+offset] [gain[(baseline)][/units] [resolution [zero [initial
///          [checksum [block_size [description]]]]]]]
///
/// - Parameters:
///   - text: the header text (LF or CRLF line endings).
///   - file: the path used in error messages.
/// - Throws: `SignalsError.headerSyntax`, `.headerValue`, `.unsupportedFormat`,
///   `.multiSegmentRecord`, each naming the line.
public func parseWFDBHeader(_ text: String, file: String) throws(SignalsError) -> WFDBHeader {
  try parseWFDBHeader(lines: headerLines(text), file: file)
}

/// `parseWFDBHeader` of a header already split by `headerLines`.
func parseWFDBHeader(
  lines: (comments: [String], content: [(number: Int, text: String)], count: Int), file: String
) throws(SignalsError) -> WFDBHeader {
  guard let recordLine = lines.content.first else {
    throw .headerSyntax(file: file, line: max(lines.count, 1), text: "", expected: "a record line")
  }
  var (header, signalCount, segments) = try parseRecordLine(recordLine.text, line: recordLine.number, file: file)
  if let segments { throw .multiSegmentRecord(file: file, segments: segments) }
  let signalLines = lines.content.dropFirst()
  // Fewer signal lines than declared cannot be read; more would shift every lead name onto
  // the wrong signal if the extra lines were ignored.
  guard signalLines.count == signalCount else {
    let extra = signalLines.dropFirst(signalCount).first
    throw .headerSyntax(
      file: file, line: extra?.number ?? lines.count, text: extra?.text ?? "",
      expected: "\(signalCount) signal lines, as the record line declares; the header has \(signalLines.count)")
  }
  for entry in signalLines.prefix(signalCount) {
    header.signals.append(try parseSignalLine(entry.text, line: entry.number, file: file))
  }
  header.comments = lines.comments
  return header
}

/// A header's lines: the `#` comments (text after the `#`, trimmed), the other non-empty lines
/// with their 1-based numbers, and the number of lines.
func headerLines(_ text: String) -> (comments: [String], content: [(number: Int, text: String)], count: Int) {
  var comments: [String] = []
  var content: [(number: Int, text: String)] = []
  var number = 0
  for raw in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
    number += 1
    let line = String(raw.trimmingWhiteSpace)
    if line.isEmpty { continue }
    if line.hasPrefix("#") {
      comments.append(String(line.dropFirst().trimmingWhiteSpace))
      continue
    }
    content.append((number, line))
  }
  return (comments, content, number)
}

/// The maximum number of signals a header may declare (guards allocation on corrupt input).
let maximumSignalCount = 4096
/// The maximum number of segments a multi-segment header may declare (MIMIC-III records have
/// up to a few thousand).
let maximumSegmentCount = 1 << 20

/// Parses a record line. `segments` is the count after `name/` in a multi-segment record's
/// master header, nil for a single-segment record.
func parseRecordLine(
  _ text: String, line: Int, file: String
) throws(SignalsError)
  -> (WFDBHeader, signalCount: Int, segments: Int?)
{
  let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
  func syntax(_ expected: String) -> SignalsError {
    .headerSyntax(file: file, line: line, text: text, expected: expected)
  }
  guard fields.count >= 2 else { throw syntax("record name and number of signals") }
  let nameParts = fields[0].split(separator: "/", omittingEmptySubsequences: false)
  var segments: Int? = nil
  if nameParts.count == 2 {
    guard let n = Int(nameParts[1]), n > 0 else { throw syntax("record name, or record/segments") }
    guard n <= maximumSegmentCount else {
      throw .headerValue(
        file: file, line: line, field: "number of segments", value: String(nameParts[1]),
        reason: "must be 1 to \(maximumSegmentCount)")
    }
    segments = n
  }
  guard (1...2).contains(nameParts.count), !nameParts[0].isEmpty else { throw syntax("record name") }
  guard let signals = Int(fields[1]) else { throw syntax("number of signals (an integer)") }
  guard (0...maximumSignalCount).contains(signals) else {
    throw .headerValue(
      file: file, line: line, field: "number of signals", value: fields[1],
      reason: "must be 0 to \(maximumSignalCount)")
  }
  var fs = 250.0
  var counterFs: Double? = nil
  var baseCounter = 0.0
  if fields.count > 2 {
    // fs[/counter_fs[(base_counter)]]
    let spec = fields[2]
    let slash = spec.firstIndex(of: "/")
    let fsText = slash.map { String(spec[..<$0]) } ?? spec
    guard let value = Double(fsText) else { throw syntax("sampling frequency (a number)") }
    guard value.isFinite, value > 0 else {
      throw .headerValue(
        file: file, line: line, field: "sampling frequency", value: fsText,
        reason: "must be a positive number of Hz")
    }
    fs = value
    if let slash {
      var rest = String(spec[spec.index(after: slash)...])
      if let open = rest.firstIndex(of: "(") {
        guard rest.hasSuffix(")"),
          let bc = Double(rest[rest.index(after: open)..<rest.index(before: rest.endIndex)])
        else { throw syntax("counter frequency as cf(base_counter)") }
        baseCounter = bc
        rest = String(rest[..<open])
      }
      guard let cf = Double(rest), cf.isFinite, cf > 0 else {
        throw syntax("counter frequency (a positive number)")
      }
      counterFs = cf
    }
  }
  var samples: Int? = nil
  if fields.count > 3 {
    guard let n = Int(fields[3]) else { throw syntax("number of samples (an integer)") }
    guard n >= 0, n <= 1 << 40 else {
      throw .headerValue(
        file: file, line: line, field: "number of samples", value: fields[3],
        reason: "must be 0 to 2^40")
    }
    samples = n == 0 ? nil : n
  }
  let baseTime = fields.count > 4 ? fields[4] : nil
  let baseDate = fields.count > 5 ? fields[5] : nil
  // The signal list is filled by the caller.
  let header = WFDBHeader(
    recordName: String(nameParts[0]), samplingFrequency: fs, counterFrequency: counterFs,
    baseCounter: baseCounter, sampleCount: samples, baseTime: baseTime, baseDate: baseDate,
    signals: [])
  return (header, signals, segments)
}

private func parseSignalLine(
  _ text: String, line: Int, file: String
) throws(SignalsError)
  -> SignalSpecification
{
  func syntax(_ expected: String) -> SignalsError {
    .headerSyntax(file: file, line: line, text: text, expected: expected)
  }
  func value(_ field: String, _ v: String, _ reason: String) -> SignalsError {
    .headerValue(file: file, line: line, field: field, value: v, reason: reason)
  }
  // The first eight fields are single tokens; the description is the rest of the line.
  var fields: [String] = []
  var rest = Substring(text)
  while fields.count < 8 {
    rest = rest.drop(while: { $0 == " " || $0 == "\t" })
    guard !rest.isEmpty else { break }
    let end = rest.firstIndex(where: { $0 == " " || $0 == "\t" }) ?? rest.endIndex
    fields.append(String(rest[..<end]))
    rest = rest[end...]
  }
  let description = String(rest.trimmingWhiteSpace)
  guard fields.count >= 2 else { throw syntax("file name and format") }

  // format[xspf][:skew][+offset]
  let formatSpec = fields[1]
  var digits = formatSpec.prefix(while: { $0.isNumber })
  guard let formatCode = Int(digits) else { throw syntax("format (an integer code)") }
  guard let format = SignalFormat(rawValue: formatCode) else {
    throw .unsupportedFormat(file: file, line: line, format: formatCode)
  }
  var spf = 1, skew = 0, offset = 0
  var remainder = formatSpec.dropFirst(digits.count)
  while let marker = remainder.first {
    remainder = remainder.dropFirst()
    let sign = remainder.first == "-" ? "-" : ""
    digits = remainder.dropFirst(sign.count).prefix(while: { $0.isNumber })
    guard let n = Int(sign + digits) else { throw syntax("format as fmt[xspf][:skew][+offset]") }
    remainder = remainder.dropFirst(sign.count + digits.count)
    switch marker {
    case "x":
      guard (1...65536).contains(n) else {
        throw value("samples per frame", String(n), "must be 1 to 65536")
      }
      spf = n
    case ":":
      guard (0...(1 << 32)).contains(n) else { throw value("skew", String(n), "must be 0 to 2^32") }
      skew = n
    case "+":
      guard (0...(1 << 40)).contains(n) else {
        throw value("byte offset", String(n), "must be 0 to 2^40")
      }
      offset = n
    default: throw syntax("format as fmt[xspf][:skew][+offset]")
    }
  }

  // gain[(baseline)][/units]
  var gain = 200.0, gainExplicit = false, baseline: Int? = nil, units = "mV"
  if fields.count > 2 {
    var spec = Substring(fields[2])
    if let slash = spec.firstIndex(of: "/") {
      units = String(spec[spec.index(after: slash)...])
      spec = spec[..<slash]
    }
    if let open = spec.firstIndex(of: "(") {
      guard spec.hasSuffix(")"),
        let b = Int(spec[spec.index(after: open)..<spec.index(before: spec.endIndex)])
      else { throw syntax("ADC gain as gain(baseline)/units") }
      baseline = b
      spec = spec[..<open]
    }
    guard let g = Double(spec) else { throw syntax("ADC gain (a number)") }
    guard g.isFinite, g >= 0 else { throw value("ADC gain", String(spec), "must be >= 0") }
    if g != 0 {
      gain = g
      gainExplicit = true
    }
  }
  func integer(_ index: Int, _ name: String) throws(SignalsError) -> Int? {
    guard fields.count > index else { return nil }
    guard let n = Int(fields[index]) else { throw syntax("\(name) (an integer)") }
    return n
  }
  let resolution = try integer(3, "ADC resolution")
  if let resolution, !(0...32).contains(resolution) {
    throw value("ADC resolution", String(resolution), "must be 0 to 32 bits")
  }
  let zero = try integer(4, "ADC zero") ?? 0
  let initial = try integer(5, "initial value")
  let checksum = try integer(6, "checksum")
  let blockSize = try integer(7, "block size") ?? 0
  return SignalSpecification(
    fileName: fields[0], format: format, samplesPerFrame: spf, skew: skew, byteOffset: offset,
    adcGain: gain, gainIsExplicit: gainExplicit, baseline: baseline ?? zero, units: units,
    adcResolution: (resolution ?? 0) == 0 ? nil : resolution, adcZero: zero,
    initialValue: initial, checksum: checksum, blockSize: blockSize, description: description)
}
