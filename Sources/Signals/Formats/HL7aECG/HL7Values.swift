import Foundation

/// UCUM units as aECG files write them (HL7 v3 PQ `unit`), converted to the units ECGLens uses.
enum HL7Units {
  /// Seconds from a time quantity in s, ms or us; nil for other units.
  static func seconds(_ value: Double, unit: String) -> Double? {
    switch unit {
    case "s": return value
    case "ms": return value / 1000
    case "us", "µs": return value / 1_000_000
    default: return nil
    }
  }

  /// Milliseconds from a time quantity; a missing unit means ms (as some converters write it).
  static func milliseconds(_ value: Double, unit: String?) -> Double? {
    guard let unit, !unit.isEmpty else { return value }
    return seconds(value, unit: unit).map { $0 * 1000 }
  }

  /// Millivolts from a voltage in V, mV, uV or nV; nil for other units.
  static func millivolts(_ value: Double, unit: String) -> Double? {
    switch unit {
    case "V": return value * 1000
    case "mV": return value
    case "uV", "µV": return value / 1000
    case "nV": return value / 1_000_000
    default: return nil
    }
  }
}

/// The white-space separated numbers of an aECG `<digits>` element (integers as a rule,
/// decimals accepted). Anything else is a `malformed` error naming the field.
enum DigitList {
  static func parse(_ text: String, file: String, field: String) throws(FormatReadError) -> [Double] {
    let bytes = Array(text.utf8)
    var values: [Double] = []
    values.reserveCapacity(bytes.count / 3)
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
        index += 1
        continue
      }
      var end = index
      while end < bytes.count && bytes[end] != 0x20 && bytes[end] != 0x0A && bytes[end] != 0x0D
        && bytes[end] != 0x09
      { end += 1 }
      if end - index > 40 { throw .malformed(file: file, field: field, reason: "a number longer than 40 characters") }
      values.append(try number(bytes, index, end, file: file, field: field, position: values.count))
      index = end
    }
    return values
  }

  /// The number in bytes[start..<end]: a plain integer directly, anything else via `Double`.
  private static func number(
    _ bytes: [UInt8], _ start: Int, _ end: Int, file: String, field: String,
    position: Int
  ) throws(FormatReadError) -> Double {
    var index = start, negative = false
    if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
      negative = bytes[index] == UInt8(ascii: "-")
      index += 1
    }
    var value = 0
    var plain = index < end && end - index <= 15
    while plain && index < end {
      let digit = Int(bytes[index]) - 48
      if digit < 0 || digit > 9 { plain = false } else { value = value * 10 + digit }
      index += 1
    }
    if plain { return Double(negative ? -value : value) }
    let text = String(decoding: bytes[start..<end], as: UTF8.self)
    guard let decimal = Double(text), decimal.isFinite else {
      throw .malformed(file: file, field: field, reason: "sample \(position + 1) '\(text)' is not a number")
    }
    return decimal
  }
}
