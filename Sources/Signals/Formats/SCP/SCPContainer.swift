/// The section structure of an SCP-ECG file (EN 1064:2005 / ISO 11073-91064, clause 5.3 and 5.4).
///
/// Layout: CRC of the rest of the file (2 bytes), total file length (4 bytes), then sections, each
/// starting with a 16-byte header: CRC of the rest of the section (2), section ID (2), section
/// length including the header (4), section version (1), protocol version (1), 6 reserved bytes
/// ("SCPECG" from version 2.0). Section 0 lists pointers: ID (2), length (4), index (4, 1-based
/// byte position in the file; 0 or length 0 means absent).
struct SCPContainer: Sendable {
  /// One present section: `body` is the bytes after its 16-byte header.
  struct Section: Sendable {
    let id: Int
    let version: Int
    let protocolVersion: Int
    /// Offset of the section's first header byte in the file.
    let start: Int
    /// Total length including the header.
    let length: Int
    /// Offset of the first byte after the header.
    var bodyStart: Int { start + 16 }
    var bodyEnd: Int { start + length }
  }

  let view: ByteView
  /// Total length as the file states it (bytes).
  let fileLength: Int
  /// Present sections by ID.
  let sections: [Int: Section]
  /// Problems that did not stop the read.
  let warnings: [String]

  static let headerSize = 16

  /// Parses the file header, section 0 and every section header; verifies every CRC.
  /// - Throws: `malformed` naming the section for a bad pointer, header or CRC mismatch.
  init(view: ByteView) throws(FormatReadError) {
    self.view = view
    var warnings: [String] = []
    let stated = try view.u32(2, "SCP file header: total length")
    guard stated >= 6 + Self.headerSize else {
      throw view.malformed("SCP file header: total length", "\(stated) bytes is too short for section 0")
    }
    guard stated <= view.count else {
      throw view.malformed(
        "SCP file header: total length",
        "states \(stated) bytes but the data has \(view.count) (truncated)")
    }
    if stated < view.count { warnings.append("\(view.count - stated) bytes after the stated SCP file length ignored") }
    fileLength = stated
    let fileCRC = try view.u16(0, "SCP file header: CRC")
    let computed = Int(CRC16CCITT.checksum(view.bytes[2..<stated]))
    guard fileCRC == computed else {
      throw view.malformed(
        "SCP file header: CRC",
        "stored 0x\(hex(fileCRC)) but the file's bytes give 0x\(hex(computed))")
    }

    let zero = try Self.sectionHeader(view, start: 6, expectedID: 0, pointerLength: nil, fileLength: stated)
    var found: [Int: Section] = [0: zero]
    let pointerCount = (zero.length - Self.headerSize) / 10
    for k in 0..<pointerCount {
      let at = zero.bodyStart + 10 * k
      let field = "SCP section 0: pointer \(k)"
      let id = try view.u16(at, field + " ID")
      let length = try view.u32(at + 2, field + " length")
      let index = try view.u32(at + 6, field + " index")
      if id == 0 || length == 0 || index == 0 { continue }
      guard found[id] == nil else {
        warnings.append("SCP section \(id) listed twice in section 0; the first pointer is used")
        continue
      }
      let start = index - 1
      guard length >= Self.headerSize, start <= stated, length <= stated - start else {
        throw view.malformed(
          "SCP section 0: pointer to section \(id)",
          "index \(index) and length \(length) do not fit the \(stated)-byte file")
      }
      found[id] = try Self.sectionHeader(
        view, start: start, expectedID: id, pointerLength: length,
        fileLength: stated)
    }
    sections = found
    self.warnings = warnings
  }

  /// Reads and checks one section header and its CRC.
  private static func sectionHeader(
    _ view: ByteView, start: Int, expectedID: Int, pointerLength: Int?,
    fileLength: Int
  ) throws(FormatReadError) -> Section {
    let name = "SCP section \(expectedID)"
    try view.require(start, headerSize, name + " header")
    let id = try view.u16(start + 2, name + " header: ID")
    guard id == expectedID else {
      throw view.malformed(name + " header: ID", "the header says section \(id)")
    }
    let length = try view.u32(start + 4, name + " header: length")
    if let pointerLength, pointerLength != length {
      throw view.malformed(
        name + " header: length",
        "the header says \(length) bytes but section 0 says \(pointerLength)")
    }
    guard length >= headerSize, start <= fileLength, length <= fileLength - start else {
      throw view.malformed(name + " header: length", "\(length) bytes at offset \(start) do not fit the file")
    }
    let stored = try view.u16(start, name + " header: CRC")
    let computed = Int(CRC16CCITT.checksum(view.bytes[(start + 2)..<(start + length)]))
    guard stored == computed else {
      throw view.malformed(name + " CRC", "stored 0x\(hex(stored)) but the section's bytes give 0x\(hex(computed))")
    }
    return Section(
      id: id, version: try view.u8(start + 8, name + " header: version"),
      protocolVersion: try view.u8(start + 9, name + " header: protocol version"),
      start: start, length: length)
  }

  /// True when the bytes look like an SCP-ECG file: a section 0 header with ID 0 whose first pointer is
  /// section 0 at index 7, inside a plausible total length, and either the "SCPECG" marker in the
  /// section 0 header (then a truncated file is still recognised, for the reader to report) or a
  /// matching file CRC. Does not throw.
  static func looksLikeSCP(_ bytes: [UInt8]) -> Bool {
    guard bytes.count >= 6 + headerSize + 10 else { return false }
    let view = ByteView(bytes: bytes, file: "")
    guard let stated = try? view.u32(2, ""), stated >= 6 + headerSize + 10,
      (try? view.u16(8, "")) == 0,
      let zeroLength = try? view.u32(10, ""), zeroLength >= headerSize + 10, zeroLength <= stated - 6,
      (try? view.u16(22, "")) == 0, (try? view.u32(28, "")) == 7
    else { return false }
    if Array(bytes[16..<22]) == Array("SCPECG".utf8) { return true }
    guard stated <= bytes.count else { return false }
    let stored = Int(bytes[0]) | Int(bytes[1]) << 8
    return stored == Int(CRC16CCITT.checksum(bytes[2..<stated]))
  }
}

/// Four-digit upper-case hexadecimal.
func hex(_ value: Int) -> String {
  let digits = String(value, radix: 16, uppercase: true)
  return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
