@testable import Signals

/// Builds small synthetic SCP-ECG files for unit tests (sections, pointers, CRCs).
enum SCPBuilder {
  static func le16(_ v: Int) -> [UInt8] { [UInt8(truncatingIfNeeded: v), UInt8(truncatingIfNeeded: v >> 8)] }
  static func le32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }

  /// A section with its 16-byte header (CRC filled in), version 20.
  static func section(_ id: Int, _ body: [UInt8]) -> [UInt8] {
    var bytes = [0, 0] + le16(id) + le32(16 + body.count) + [20, 20] + Array("SCPECG".utf8) + body
    let crc = Int(CRC16CCITT.checksum(bytes[2...]))
    bytes[0] = UInt8(crc & 0xFF)
    bytes[1] = UInt8(crc >> 8)
    return bytes
  }

  /// A whole file: section 0 with pointers to sections 1...11 (absent ones with length 0), then the sections.
  static func file(_ bodies: [Int: [UInt8]]) -> [UInt8] {
    let ids = Array(0...11)
    let zeroLength = 16 + 10 * ids.count
    var offset = 6 + zeroLength
    var pointers: [UInt8] = le16(0) + le32(zeroLength) + le32(7)
    var rest: [UInt8] = []
    for id in ids.dropFirst() {
      if let body = bodies[id] {
        let s = section(id, body)
        pointers += le16(id) + le32(s.count) + le32(offset + 1)
        rest += s
        offset += s.count
      } else {
        pointers += le16(id) + le32(0) + le32(0)
      }
    }
    var bytes = [0, 0] + le32(0) + section(0, pointers) + rest
    bytes.replaceSubrange(2..<6, with: le32(bytes.count))
    fixFileCRC(&bytes)
    return bytes
  }

  /// Recomputes the CRC of every section that section 0 points to (where it fits), then the file CRC.
  static func fixAllCRCs(_ bytes: inout [UInt8]) {
    guard bytes.count > 22 else { return }
    func u32(_ at: Int) -> Int {
      at + 4 <= bytes.count ? (0..<4).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } : 0
    }
    let zeroLength = u32(10)
    var starts: [(Int, Int)] = [(6, zeroLength)]
    var at = 22
    while at + 10 <= min(bytes.count, 6 + zeroLength) {
      starts.append((u32(at + 6) - 1, u32(at + 2)))
      at += 10
    }
    for (start, length) in starts where start >= 0 && length >= 16 && start + length <= bytes.count {
      let crc = Int(CRC16CCITT.checksum(bytes[(start + 2)..<(start + length)]))
      bytes[start] = UInt8(crc & 0xFF)
      bytes[start + 1] = UInt8(crc >> 8)
    }
    fixFileCRC(&bytes)
  }

  static func fixFileCRC(_ bytes: inout [UInt8]) {
    guard bytes.count > 2 else { return }
    let crc = Int(CRC16CCITT.checksum(bytes[2...]))
    bytes[0] = UInt8(crc & 0xFF)
    bytes[1] = UInt8(crc >> 8)
  }

  /// Section 3 body: leads as (code, first sample, last sample), 1-based.
  static func leads(_ leads: [(Int, Int, Int)], subtracted: Bool = false, simultaneous: Bool = true) -> [UInt8] {
    var body: [UInt8] = [UInt8(leads.count), UInt8((subtracted ? 1 : 0) | (simultaneous ? 4 : 0))]
    for (code, start, end) in leads { body += le32(start) + le32(end) + [UInt8(code)] }
    return body
  }

  /// Section 5/6 body.
  static func samples(
    nanovolts: Int, intervalUs: Int, differences: Int, bimodal: Bool = false,
    leads: [[UInt8]]
  ) -> [UInt8] {
    var body = le16(nanovolts) + le16(intervalUs) + [UInt8(differences), bimodal ? 1 : 0]
    for lead in leads { body += le16(lead.count) }
    for lead in leads { body += lead }
    return body
  }

  /// Section 1 body with age (years), sex (1 male, 2 female), acquisition date and time.
  static func patient(age: Int, sex: Int, date: (Int, Int, Int), time: (Int, Int, Int)) -> [UInt8] {
    [4] + le16(3) + le16(age) + [1] + [8] + le16(1) + [UInt8(sex)]
      + [25] + le16(4) + le16(date.0) + [UInt8(date.1), UInt8(date.2)]
      + [26] + le16(3) + [UInt8(time.0), UInt8(time.1), UInt8(time.2)] + [255] + le16(0)
  }

  /// Differences of order 0, 1 or 2 as the encoder forms them.
  static func differences(_ x: [Int], order: Int) -> [Int] {
    x.indices.map { n in
      if order == 1, n >= 1 { return x[n] - x[n - 1] }
      if order == 2, n >= 2 { return x[n] - 2 * x[n - 1] + x[n - 2] }
      return x[n]
    }
  }

  /// Encodes values with the EN 1064 default Huffman table (bits packed most significant first).
  static func defaultHuffman(_ values: [Int]) -> [UInt8] {
    var bits = BitWriter()
    for v in values {
      if v == 0 {
        bits.put(0, 1)
      } else if abs(v) <= 8 {
        bits.put((1 << abs(v)) - 1, abs(v))
        bits.put(0, 1)
        bits.put(v < 0 ? 1 : 0, 1)
      } else if (-128...127).contains(v) {
        bits.put(0b11_1111_1110, 10)
        bits.put(v & 0xFF, 8)
      } else {
        bits.put(0b11_1111_1111, 10)
        bits.put(v & 0xFFFF, 16)
      }
    }
    return bits.bytes
  }
}

/// Packs bits most significant first.
struct BitWriter {
  var bytes: [UInt8] = []
  var used = 8

  mutating func put(_ value: Int, _ count: Int) {
    for k in stride(from: count - 1, through: 0, by: -1) {
      if used == 8 {
        bytes.append(0)
        used = 0
      }
      if (value >> k) & 1 == 1 { bytes[bytes.count - 1] |= UInt8(0x80 >> used) }
      used += 1
    }
  }
}
