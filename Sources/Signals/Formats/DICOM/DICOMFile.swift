/// A DICOM Part 10 file (PS3.10 clause 7.1): 128-byte preamble, "DICM", file meta information
/// (group 0002, always explicit VR little endian), then the data set in the transfer syntax the
/// meta information names.
struct DICOMFile: Sendable {
  let meta: DICOMDataset
  let dataset: DICOMDataset
  let transferSyntax: String

  static let implicitLittle = "1.2.840.10008.1.2"
  static let explicitLittle = "1.2.840.10008.1.2.1"
  static let explicitBig = "1.2.840.10008.1.2.2"
  static let deflated = "1.2.840.10008.1.2.1.99"

  /// True when "DICM" stands at byte 128.
  static func hasMagic(_ bytes: [UInt8]) -> Bool {
    bytes.count >= 132 && bytes[128] == 0x44 && bytes[129] == 0x49 && bytes[130] == 0x43 && bytes[131] == 0x4D
  }

  /// Parses the file.
  /// - Throws: `unrecognised` without "DICM" at 128; `unsupported` for big endian, deflated and other
  ///   transfer syntaxes; `malformed` naming the tag for a bad element.
  init(view: ByteView) throws(FormatReadError) {
    guard Self.hasMagic(view.bytes) else {
      throw .unrecognised(file: view.file, reason: "no \"DICM\" prefix at byte 128")
    }
    let metaParser = DICOMParser(view: view, explicitVR: true)
    let (meta, dataStart) = try metaParser.parse(
      from: 132, to: view.count, depth: 0, toItemEnd: false,
      stopAtGroupOtherThan: 0x0002)
    guard let syntax = meta.string(0x0002_0010), !syntax.isEmpty else {
      throw view.malformed("DICOM (0002,0010) TransferSyntaxUID", "missing from the file meta information")
    }
    switch syntax {
    case Self.implicitLittle, Self.explicitLittle:
      break
    case Self.explicitBig:
      throw .unsupported(file: view.file, feature: "DICOM transfer syntax explicit VR big endian (\(syntax))")
    case Self.deflated:
      throw .unsupported(
        file: view.file,
        feature: "DICOM transfer syntax deflated explicit VR little endian (\(syntax))")
    default:
      throw .unsupported(file: view.file, feature: "DICOM transfer syntax \(syntax)")
    }
    let parser = DICOMParser(view: view, explicitVR: syntax == Self.explicitLittle)
    self.meta = meta
    self.transferSyntax = syntax
    self.dataset = try parser.parse(from: dataStart, to: view.count, depth: 0, toItemEnd: false).0
  }
}
