@testable import Signals

/// Builds small synthetic DICOM Part 10 files for unit tests.
struct DICOMBuilder {
  var explicitVR: Bool

  static func le16(_ v: Int) -> [UInt8] { SCPBuilder.le16(v) }
  static func le32(_ v: Int) -> [UInt8] { SCPBuilder.le32(v) }

  private func header(_ tag: UInt32, _ vr: String, length: Int) -> [UInt8] {
    let tagBytes = Self.le16(Int(tag >> 16)) + Self.le16(Int(tag & 0xFFFF))
    guard explicitVR else { return tagBytes + Self.le32(length) }
    if DICOMParser.longVRs.contains(vr) { return tagBytes + Array(vr.utf8) + [0, 0] + Self.le32(length) }
    return tagBytes + Array(vr.utf8) + Self.le16(length)
  }

  func element(_ tag: UInt32, _ vr: String, _ value: [UInt8]) -> [UInt8] {
    header(tag, vr, length: value.count) + value
  }

  /// A text element padded to even length (NUL for UI, space otherwise).
  func text(_ tag: UInt32, _ vr: String, _ value: String) -> [UInt8] {
    var bytes = Array(value.utf8)
    if bytes.count % 2 == 1 { bytes.append(vr == "UI" ? 0 : 0x20) }
    return element(tag, vr, bytes)
  }

  func us(_ tag: UInt32, _ value: Int) -> [UInt8] { element(tag, "US", Self.le16(value)) }
  func ul(_ tag: UInt32, _ value: Int) -> [UInt8] { element(tag, "UL", Self.le32(value)) }

  /// A sequence of items (each an encoded data set), of undefined or defined length.
  func sequence(_ tag: UInt32, _ items: [[UInt8]], undefinedLength: Bool) -> [UInt8] {
    var body: [UInt8] = []
    for item in items {
      if undefinedLength {
        body +=
          Self.le16(0xFFFE) + Self.le16(0xE000) + Self.le32(0xFFFF_FFFF) + item
          + Self.le16(0xFFFE) + Self.le16(0xE00D) + Self.le32(0)
      } else {
        body += Self.le16(0xFFFE) + Self.le16(0xE000) + Self.le32(item.count) + item
      }
    }
    if undefinedLength {
      return header(tag, "SQ", length: 0xFFFF_FFFF) + body + Self.le16(0xFFFE) + Self.le16(0xE0DD) + Self.le32(0)
    }
    return header(tag, "SQ", length: body.count) + body
  }

  /// Preamble, DICM, explicit-VR file meta with the transfer syntax, then the data set.
  static func file(transferSyntax: String, dataset: [UInt8]) -> [UInt8] {
    let meta = DICOMBuilder(explicitVR: true)
    let metaBody =
      meta.text(0x0002_0002, "UI", "1.2.840.10008.5.1.4.1.1.9.1.1")
      + meta.text(0x0002_0010, "UI", transferSyntax)
    return [UInt8](repeating: 0, count: 128) + Array("DICM".utf8) + meta.ul(0x0002_0000, metaBody.count) + metaBody
      + dataset
  }

  /// One channel definition item.
  func channel(
    codeValue: String, scheme: String, meaning: String, sensitivity: String, unit: String,
    baseline: String = "0"
  ) -> [UInt8] {
    let source = text(0x0008_0100, "SH", codeValue) + text(0x0008_0102, "SH", scheme) + text(0x0008_0104, "LO", meaning)
    let units = text(0x0008_0100, "SH", unit) + text(0x0008_0102, "SH", "UCUM")
    return sequence(0x003A_0208, [source], undefinedLength: true) + text(0x003A_0210, "DS", sensitivity)
      + sequence(0x003A_0211, [units], undefinedLength: false) + text(0x003A_0212, "DS", "1")
      + text(0x003A_0213, "DS", baseline)
  }
}
