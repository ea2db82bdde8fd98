import Foundation

/// The `parsedwaveforms` payload of a Philips XML file: encoding (Base64 or Plain) and
/// compression (XLI or none) into integer samples per lead, before scaling.
enum PhilipsWaveformPayload {
  /// Whether the payload is XLI-compressed (1.04 `compression`, 1.03 `compressflag`/`compressmethod`).
  static func isXLI(_ waves: XMLTree) -> Bool { compression(waves).uppercased() == "XLI" }

  /// The compression method named by the element, "" when uncompressed.
  static func compression(_ waves: XMLTree) -> String {
    if let method = waves.attribute("compression") {
      let trimmed = method.trimmingCharacters(in: .whitespaces)
      return ["", "none", "uncompressed"].contains(trimmed.lowercased()) ? "" : trimmed
    }
    if waves.attribute("compressflag")?.lowercased() == "true" {
      return waves.attribute("compressmethod")?.trimmingCharacters(in: .whitespaces) ?? "unnamed"
    }
    return ""
  }

  /// Integer samples per lead (`leadCount` leads). Uncompressed data without a known sample
  /// count is split into `leadCount` equal parts.
  static func decode(
    _ waves: XMLTree, leadCount: Int, expectedSamples: Int?, path: String, field: String,
    warnings: inout [String]
  ) throws(FormatReadError) -> [[Int]] {
    let encoding = waves.attribute("dataencoding")?.trimmingCharacters(in: .whitespaces) ?? "Base64"
    let method = compression(waves)
    switch (encoding.lowercased(), method.uppercased()) {
    case ("base64", "XLI"):
      let bytes = try Base64Decoder.decode(waves.text, file: path, field: field)
      let limit = expectedSamples ?? PhilipsSierraReader.maximumSamples
      return try XLIDecoder.decode(bytes, leadCount: leadCount, maximumSamples: limit, file: path, field: field)
    case ("base64", ""):
      let bytes = try Base64Decoder.decode(waves.text, file: path, field: field)
      if bytes.count % 2 != 0 {
        throw .malformed(file: path, field: field, reason: "odd byte count \(bytes.count) for 16-bit samples")
      }
      let values = stride(from: 0, to: bytes.count, by: 2).map {
        Int(Int16(bitPattern: UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8))
      }
      return try split(
        values, leadCount: leadCount, expectedSamples: expectedSamples, path: path, field: field,
        warnings: &warnings)
    case ("plain", ""):
      var values: [Int] = []
      for token in waves.text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }) {
        guard let value = Int(token), value >= -(1 << 24), value <= 1 << 24 else {
          throw .malformed(file: path, field: field, reason: "'\(token.prefix(20))' is not an integer sample")
        }
        values.append(value)
      }
      return try split(
        values, leadCount: leadCount, expectedSamples: expectedSamples, path: path, field: field,
        warnings: &warnings)
    case (_, let other) where !other.isEmpty && other != "XLI":
      throw .unsupported(file: path, feature: "\(field) compression '\(method)'")
    default:
      throw .unsupported(file: path, feature: "\(field) dataencoding '\(encoding)' with compression '\(method)'")
    }
  }

  private static func split(
    _ values: [Int], leadCount: Int, expectedSamples: Int?, path: String, field: String,
    warnings: inout [String]
  ) throws(FormatReadError) -> [[Int]] {
    let perLead: Int
    if let expectedSamples {
      perLead = expectedSamples
      if values.count < perLead * leadCount {
        throw .malformed(
          file: path, field: field,
          reason: "\(values.count) samples stored, \(leadCount) leads x \(perLead) expected "
            + "(truncated?)")
      }
      if values.count > perLead * leadCount {
        warnings.append("\(field): \(values.count - perLead * leadCount) samples beyond the last lead ignored")
      }
    } else {
      guard values.count % leadCount == 0, !values.isEmpty else {
        throw .malformed(
          file: path, field: field,
          reason: "\(values.count) samples do not split into \(leadCount) equal leads")
      }
      perLead = values.count / leadCount
    }
    return (0..<leadCount).map { Array(values[($0 * perLead)..<(($0 + 1) * perLead)]) }
  }
}
