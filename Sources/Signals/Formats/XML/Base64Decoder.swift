import Foundation

/// Strict Base64 (RFC 4648 §4) decoding of element text: white space is skipped, any other byte
/// outside the alphabet, misplaced padding or a length that is not a multiple of four is an
/// error naming the file and the field. Output size is bounded by the input size (3/4 of it).
enum Base64Decoder {
  private static let table: [Int8] = {
    var table = [Int8](repeating: -1, count: 256)
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    for (value, byte) in alphabet.enumerated() { table[Int(byte)] = Int8(value) }
    return table
  }()

  /// Decodes `text`; `field` names the element for error messages.
  static func decode(_ text: String, file: String, field: String) throws(FormatReadError) -> [UInt8] {
    var output = [UInt8]()
    output.reserveCapacity(text.utf8.count / 4 * 3 + 3)
    var quad: UInt32 = 0, filled = 0, padding = 0, symbols = 0
    let bytes = Array(text.utf8), table = Self.table  // locals: no per-byte static access
    for index in 0..<bytes.count {
      let byte = bytes[index]
      if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { continue }
      symbols += 1
      if byte == UInt8(ascii: "=") {
        padding += 1
        if padding > 2 { throw .malformed(file: file, field: field, reason: "Base64 has more than two '='") }
        quad <<= 6
        filled += 1
      } else {
        let value = table[Int(byte)]
        if value < 0 {
          throw .malformed(file: file, field: field, reason: "byte 0x\(String(byte, radix: 16)) is not Base64")
        }
        if padding > 0 { throw .malformed(file: file, field: field, reason: "Base64 data after '=' padding") }
        quad = quad << 6 | UInt32(value)
        filled += 1
      }
      if filled == 4 {
        output.append(UInt8(truncatingIfNeeded: quad >> 16))
        if padding < 2 { output.append(UInt8(truncatingIfNeeded: quad >> 8)) }
        if padding < 1 { output.append(UInt8(truncatingIfNeeded: quad)) }
        quad = 0
        filled = 0
      }
    }
    if filled != 0 {
      throw .malformed(
        file: file, field: field,
        reason: "Base64 length \(symbols) is not a multiple of 4 (truncated?)")
    }
    return output
  }
}

/// CRC-32 as in ISO 3309 / ITU-T V.42 (the zlib `crc32`, reflected polynomial 0xEDB88320),
/// used by GE MUSE's `LeadDataCRC32`.
enum CRC32 {
  private static let table: [UInt32] = (0..<256).map { index in
    var value = UInt32(index)
    for _ in 0..<8 { value = value & 1 == 1 ? (value >> 1) ^ 0xEDB8_8320 : value >> 1 }
    return value
  }

  static func checksum(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    let table = Self.table
    for index in 0..<bytes.count { crc = table[Int((crc ^ UInt32(bytes[index])) & 0xFF)] ^ (crc >> 8) }
    return crc ^ 0xFFFF_FFFF
  }
}
