import Foundation

/// A parsed DICOM data set (PS3.5 clause 7): elements by tag, sequences as nested data sets.
/// Values stay in the file's bytes and are decoded on request.
struct DICOMDataset: Sendable {
  struct Element: Sendable {
    let tag: UInt32
    let vr: String
    let offset: Int
    let length: Int
    /// Items of a sequence (VR SQ, or an undefined-length element read as a sequence).
    let items: [DICOMDataset]?
  }

  var elements: [UInt32: Element] = [:]
  let view: ByteView

  subscript(_ tag: UInt32) -> Element? { elements[tag] }

  /// Items of the sequence `tag`, empty when absent.
  func items(_ tag: UInt32) -> [DICOMDataset] { elements[tag]?.items ?? [] }

  /// Text value (trailing NUL/space padding removed), nil when absent.
  func string(_ tag: UInt32) -> String? {
    guard let e = elements[tag], e.items == nil else { return nil }
    return latin1Text(view.bytes[e.offset..<(e.offset + e.length)])
  }

  /// First value of a decimal string (DS) or integer string (IS).
  func number(_ tag: UInt32) -> Double? {
    guard let text = string(tag), let first = text.split(separator: "\\").first else { return nil }
    return Double(first.trimmingCharacters(in: .whitespaces))
  }

  /// Unsigned integer values (US 2-byte or UL 4-byte, per `width`), little endian.
  func unsigned(_ tag: UInt32, width: Int) -> [Int] {
    guard let e = elements[tag], e.items == nil, width == 2 || width == 4 else { return [] }
    var values: [Int] = []
    var at = e.offset
    while at + width <= e.offset + e.length {
      values.append(
        width == 2
          ? Int(view.bytes[at]) | Int(view.bytes[at + 1]) << 8
          : (0..<4).reduce(0) { $0 | Int(view.bytes[at + $1]) << (8 * $1) })
      at += width
    }
    return values
  }

  /// The value bytes of an element.
  func bytes(_ tag: UInt32) -> ArraySlice<UInt8>? {
    guard let e = elements[tag], e.items == nil else { return nil }
    return view.bytes[e.offset..<(e.offset + e.length)]
  }
}

/// "(gggg,eeee)" for error messages.
func tagName(_ tag: UInt32) -> String {
  let group = String(tag >> 16, radix: 16, uppercase: true)
  let element = String(tag & 0xFFFF, radix: 16, uppercase: true)
  return "(" + String(repeating: "0", count: 4 - group.count) + group + ","
    + String(repeating: "0", count: 4 - element.count) + element + ")"
}

/// Parses DICOM data set encodings: explicit VR little endian and implicit VR little endian
/// (PS3.5 7.1.2, 7.1.3), sequences and items of defined or undefined length (7.5).
struct DICOMParser {
  let view: ByteView
  let explicitVR: Bool
  static let maxDepth = 32
  static let undefined = 0xFFFF_FFFF
  static let item: UInt32 = 0xFFFE_E000
  static let itemEnd: UInt32 = 0xFFFE_E00D
  static let sequenceEnd: UInt32 = 0xFFFE_E0DD
  /// VRs with a 2-byte reserved field and a 4-byte length in explicit VR (PS3.5 7.1.2).
  static let longVRs: Set<String> = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"]
  /// Sequence tags this reader needs when the VR is implicit.
  static let knownSequences: Set<UInt32> = [
    0x5400_0100, 0x003A_0200, 0x003A_0208, 0x003A_0211, 0x0040_B020, 0x0040_A043, 0x0040_08EA, 0x0040_0555,
    0x0040_A168, 0x0008_1032,
  ]

  /// Parses elements from `start` to `end`; with `toItemEnd`, stops after an item delimitation item.
  /// Returns the data set and the offset after what was consumed.
  func parse(
    from start: Int, to end: Int, depth: Int, toItemEnd: Bool,
    stopAtGroupOtherThan group: UInt32? = nil
  ) throws(FormatReadError) -> (DICOMDataset, Int) {
    guard depth <= Self.maxDepth else {
      throw view.malformed("DICOM data set at offset \(start)", "sequences nested deeper than \(Self.maxDepth)")
    }
    var set = DICOMDataset(view: view)
    var at = start
    while at < end {
      let tag =
        UInt32(try view.u16(at, "DICOM tag at offset \(at)")) << 16
        | UInt32(try view.u16(at + 2, "DICOM tag at offset \(at)"))
      if let group, tag >> 16 != group { return (set, at) }
      if tag == Self.itemEnd {
        guard toItemEnd else {
          throw view.malformed("DICOM \(tagName(tag)) at offset \(at)", "item end outside an item")
        }
        return (set, at + 8)
      }
      guard tag >> 16 != 0xFFFE else {
        throw view.malformed("DICOM \(tagName(tag)) at offset \(at)", "unexpected delimiter in a data set")
      }
      var vr = ""
      var length: Int
      var valueStart: Int
      if explicitVR {
        let raw = try view.slice(at + 4, 2, "DICOM \(tagName(tag)) VR")
        vr = String(decoding: raw, as: UTF8.self)
        if Self.longVRs.contains(vr) {
          length = try view.u32(at + 8, "DICOM \(tagName(tag)) length")
          valueStart = at + 12
        } else {
          length = try view.u16(at + 6, "DICOM \(tagName(tag)) length")
          valueStart = at + 8
        }
      } else {
        length = try view.u32(at + 4, "DICOM \(tagName(tag)) length")
        valueStart = at + 8
        if Self.knownSequences.contains(tag) { vr = "SQ" }
      }
      let isSequence = vr == "SQ" || (length == Self.undefined && (vr == "UN" || !explicitVR))
      if length == Self.undefined {
        let (items, next) = try sequence(
          tag: tag, from: valueStart, to: end, definedEnd: nil, depth: depth,
          parseItems: isSequence || vr == "")
        set.elements[tag] = .init(
          tag: tag, vr: vr.isEmpty ? "SQ" : vr, offset: valueStart, length: 0,
          items: isSequence ? items : nil)
        at = next
        continue
      }
      guard valueStart <= end, length <= end - valueStart else {
        throw view.malformed(
          "DICOM \(tagName(tag)) length",
          "\(length) bytes at offset \(valueStart) run past "
            + (end == view.count ? "the end of the file" : "the enclosing item"))
      }
      if isSequence {
        let (items, _) = try sequence(
          tag: tag, from: valueStart, to: valueStart + length,
          definedEnd: valueStart + length, depth: depth, parseItems: true)
        set.elements[tag] = .init(tag: tag, vr: "SQ", offset: valueStart, length: length, items: items)
      } else {
        set.elements[tag] = .init(tag: tag, vr: vr, offset: valueStart, length: length, items: nil)
      }
      at = valueStart + length
    }
    guard !toItemEnd else {
      throw view.malformed("DICOM item starting at offset \(start)", "no item end before the data end")
    }
    return (set, at)
  }

  /// Reads sequence items until `definedEnd`, or until a sequence delimitation item when undefined.
  private func sequence(
    tag: UInt32, from start: Int, to end: Int, definedEnd: Int?, depth: Int,
    parseItems: Bool
  ) throws(FormatReadError) -> ([DICOMDataset], Int) {
    var items: [DICOMDataset] = []
    var at = start
    let field = "DICOM sequence \(tagName(tag))"
    while true {
      if let definedEnd, at >= definedEnd { return (items, at) }
      let itemTag =
        UInt32(try view.u16(at, field + " item tag")) << 16
        | UInt32(try view.u16(at + 2, field + " item tag"))
      let length = try view.u32(at + 4, field + " item length")
      if itemTag == Self.sequenceEnd, definedEnd == nil { return (items, at + 8) }
      guard itemTag == Self.item else {
        throw view.malformed(field, "expected an item at offset \(at) but found \(tagName(itemTag))")
      }
      if length == Self.undefined {
        guard parseItems else { throw view.malformed(field, "undefined-length fragment at offset \(at + 8)") }
        let (item, next) = try parse(from: at + 8, to: end, depth: depth + 1, toItemEnd: true)
        items.append(item)
        at = next
      } else {
        guard at + 8 <= end, length <= end - (at + 8) else {
          throw view.malformed(field, "item of \(length) bytes at offset \(at + 8) runs past the sequence")
        }
        if parseItems {
          items.append(try parse(from: at + 8, to: at + 8 + length, depth: depth + 1, toItemEnd: false).0)
        }
        at += 8 + length
      }
    }
  }
}
