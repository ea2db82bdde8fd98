import Foundation

/// Converts the bytes of an XML document to UTF-8, following XML 1.0 (Fifth Edition) Appendix F
/// ("Autodetection of Character Encodings"): a byte-order mark or the first bytes of `<?xml`
/// select UTF-16 LE/BE or UTF-8; otherwise the `encoding="..."` of the XML declaration decides
/// (UTF-8, US-ASCII, ISO-8859-1 / Latin-1 / Windows-1252 treated as Latin-1; a UTF-16
/// declaration on 8-bit bytes is read as UTF-8).
enum XMLTextEncoding {
  /// The document as UTF-8 bytes without a byte-order mark.
  static func utf8Bytes(of data: Data, file: String) throws(FormatReadError) -> [UInt8] {
    let bytes = [UInt8](data)
    if bytes.isEmpty { throw .unrecognised(file: file, reason: "the file is empty") }
    if bytes.count >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE {
      return try utf16(bytes.dropFirst(2), bigEndian: false, file: file)
    }
    if bytes.count >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF {
      return try utf16(bytes.dropFirst(2), bigEndian: true, file: file)
    }
    if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
      return Array(bytes.dropFirst(3))
    }
    if bytes.count >= 4 && bytes[0] == 0x3C && bytes[1] == 0 && bytes[2] == 0x3F && bytes[3] == 0 {
      return try utf16(bytes[...], bigEndian: false, file: file)
    }
    if bytes.count >= 4 && bytes[0] == 0 && bytes[1] == 0x3C && bytes[2] == 0 && bytes[3] == 0x3F {
      return try utf16(bytes[...], bigEndian: true, file: file)
    }
    switch declaredEncoding(bytes) {
    case nil, "utf-8", "utf8", "us-ascii", "ascii":
      return bytes
    case "utf-16", "utf-16le", "utf-16be", "unicode":
      return bytes  // declared UTF-16 but 8-bit bytes (a re-saved file): read as UTF-8
    case "iso-8859-1", "latin1", "latin-1", "iso8859-1", "windows-1252", "cp1252":
      return latin1ToUTF8(bytes)
    case let other?:
      throw .unsupported(file: file, feature: "XML character encoding '\(other)'")
    }
  }

  /// The lower-cased `encoding` pseudo-attribute of the XML declaration, if any.
  static func declaredEncoding(_ bytes: [UInt8]) -> String? {
    let head = bytes.prefix(256)
    guard head.starts(with: Array("<?xml".utf8)), let end = head.firstIndex(of: UInt8(ascii: ">")) else {
      return nil
    }
    let declaration = String(decoding: head[..<end], as: UTF8.self)
    guard let range = declaration.range(of: "encoding") else { return nil }
    let rest = declaration[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" }
    guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
    let value = rest.dropFirst().prefix { $0 != quote }
    return value.lowercased()
  }

  private static func utf16(
    _ slice: ArraySlice<UInt8>, bigEndian: Bool, file: String
  )
    throws(FormatReadError) -> [UInt8]
  {
    let body = Array(slice)
    if body.count % 2 != 0 {
      throw .malformed(file: file, field: "document encoding", reason: "UTF-16 text has an odd number of bytes")
    }
    var out = [UInt8]()
    out.reserveCapacity(body.count / 2 + 64)
    var index = body.startIndex
    func unit(at position: Int) -> UInt32 {
      let first = UInt32(body[position]), second = UInt32(body[position + 1])
      return bigEndian ? (first << 8 | second) : (second << 8 | first)
    }
    while index < body.endIndex {
      var scalar = unit(at: index)
      index += 2
      if scalar >= 0xD800 && scalar < 0xDC00, index < body.endIndex {
        let low = unit(at: index)
        if low >= 0xDC00 && low < 0xE000 {
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          index += 2
        }
      }
      if scalar >= 0xD800 && scalar < 0xE000 { scalar = 0xFFFD }  // unpaired surrogate
      appendUTF8(scalar, to: &out)
    }
    return out
  }

  private static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
    switch scalar {
    case 0..<0x80:
      out.append(UInt8(scalar))
    case 0x80..<0x800:
      out.append(UInt8(0xC0 | scalar >> 6)); out.append(UInt8(0x80 | scalar & 0x3F))
    case 0x800..<0x10000:
      out.append(UInt8(0xE0 | scalar >> 12)); out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
      out.append(UInt8(0x80 | scalar & 0x3F))
    default:
      out.append(UInt8(0xF0 | scalar >> 18)); out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
      out.append(UInt8(0x80 | scalar >> 6 & 0x3F)); out.append(UInt8(0x80 | scalar & 0x3F))
    }
  }

  private static func latin1ToUTF8(_ bytes: [UInt8]) -> [UInt8] {
    var high = 0
    while high < bytes.count && bytes[high] < 0x80 { high += 1 }
    if high == bytes.count { return bytes }
    var out = Array(bytes[..<high])
    out.reserveCapacity(bytes.count + bytes.count / 8)
    for index in high..<bytes.count {
      let byte = bytes[index]
      if byte < 0x80 {
        out.append(byte)
      } else {
        out.append(0xC0 | (byte >> 6))
        out.append(0x80 | (byte & 0x3F))
      }
    }
    return out
  }
}
