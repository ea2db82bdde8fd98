import Foundation
import Testing

@testable import Signals

/// Seeded random mutations of every real file and fixture: each mutated file must either read or throw a
/// FormatReadError naming the file; never crash, hang or allocate beyond what the bytes justify.
struct MutationTests {
  /// The inputs: real vendor files when present, the EDF fixtures always.
  static func inputs() throws -> [(String, [UInt8])] {
    var list: [(String, [UInt8])] = []
    if BinaryFiles.available {
      for path in [BinaryFiles.scpPath, BinaryFiles.dicomToolkitPath, BinaryFiles.dicomPydicomPath] {
        list.append((fileLabel(path), [UInt8](try BinaryFiles.file(path))))
      }
    }
    for name in ["ptbxl-00001_hr.edf", "mitdb-100-60s.edf"] { list.append((name, [UInt8](try BinaryFiles.fixture(name)))) }
    return list
  }

  /// One mutation: overwrite 1-8 bytes (random or boundary values), truncate, or insert/delete a byte run,
  /// mostly in the first 2 kB where headers, pointers and lengths live.
  static func mutate(_ original: [UInt8], rng: inout SplitMix64) -> [UInt8] {
    var bytes = original
    let headerSpan = min(bytes.count, 2048)
    func position() -> Int {
      rng.next() % 4 == 0 ? Int(rng.next() % UInt64(bytes.count)) : Int(rng.next() % UInt64(headerSpan))
    }
    switch rng.next() % 6 {
    case 0, 1:
      for _ in 0..<(1 + Int(rng.next() % 8)) { bytes[position()] = UInt8(truncatingIfNeeded: rng.next()) }
    case 2:
      let values: [UInt8] = [0x00, 0xFF, 0x7F, 0x80, 0x30, 0x39, 0x2D, 0x20]
      let at = position()
      for k in 0..<min(4, bytes.count - at) { bytes[at + k] = values[Int(rng.next() % UInt64(values.count))] }
    case 3:
      bytes = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count))))
    case 4:
      let at = position()
      let run = (0..<(1 + Int(rng.next() % 16))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
      bytes.insert(contentsOf: run, at: at)
    default:
      let at = position()
      bytes.removeSubrange(at..<min(bytes.count, at + 1 + Int(rng.next() % 16)))
    }
    return bytes
  }

  @Test func randomMutationsReadOrThrowNamedErrors() throws {
    let perFile = 300
    for input in try Self.inputs() {
      var rng = SplitMix64(seed: input.0.utf8.reduce(0xEC6) { $0 &* 31 &+ UInt64($1) })  // seeded by file name
      var results = (read: 0, malformed: 0, unsupported: 0, unrecognised: 0)
      for trial in 0..<perFile {
        var mutated = Self.mutate(input.1, rng: &rng)
        // For SCP make the CRCs valid again in 2 of 3 trials, so that mutations reach the decoders.
        if input.0.hasSuffix(".scp"), trial % 3 != 0 { SCPBuilder.fixAllCRCs(&mutated) }
        do {
          let r = try readBinaryECG(Data(mutated), path: input.0)
          #expect(r.leads.allSatisfy { $0.samples.count == r.sampleCount })
          results.read += 1
        } catch {
          #expect(error.file == input.0, "error names another file: \(error)")
          switch error {
          case .malformed(_, let field, let reason):
            #expect(!field.isEmpty && !reason.isEmpty)
            results.malformed += 1
          case .unsupported: results.unsupported += 1
          case .unrecognised: results.unrecognised += 1
          }
        }
      }
      #expect(results.read + results.malformed + results.unsupported + results.unrecognised == perFile)
      print("mutations of \(input.0): \(results)")
    }
  }
}

/// Hand-made malformed inputs per format: each error names the file, the field and the problem.
struct MalformedInputTests {
  static func field(_ bytes: [UInt8], _ path: String = "bad.bin") -> String? {
    readError { () throws(FormatReadError) in try readBinaryECG(Data(bytes), path: path) }?.field
  }

  static func scp(_ edit: (inout [Int: [UInt8]]) -> Void) -> [UInt8] {
    var sections: [Int: [UInt8]] = [
      2: SCPBuilder.le16(19999), 3: SCPBuilder.leads([(1, 1, 4)]),
      6: SCPBuilder.samples(
        nanovolts: 1000, intervalUs: 2000, differences: 0,
        leads: [SCPBuilder.defaultHuffman([1, 2, 3, 4])]),
    ]
    edit(&sections)
    return SCPBuilder.file(sections)
  }

  @Test func scpCases() {
    var crc = Self.scp { _ in }
    crc[crc.count - 1] ^= 0x01  // last byte belongs to section 6
    SCPBuilder.fixFileCRC(&crc)
    #expect(Self.field(crc) == "SCP section 6 CRC")
    var fileCRC = Self.scp { _ in }
    fileCRC[0] ^= 0xFF
    #expect(Self.field(fileCRC) == "SCP file header: CRC")
    #expect(Self.field(Self.scp { $0[3] = SCPBuilder.leads([(1, 1, 4000)]) }) == "SCP section 6: lead 1")
    let longLead = SCPBuilder.le16(1000) + SCPBuilder.le16(2000) + [0, 0] + SCPBuilder.le16(900)
    #expect(
      Self.field(Self.scp { $0[6] = longLead })
        == "SCP section 6: lead 1 data")
    #expect(Self.field(Self.scp { $0[6] = nil }) == "SCP section 6")
    #expect(Self.field(Self.scp { $0[3] = SCPBuilder.leads([(1, 1, 4)], subtracted: true) }) == "SCP section 4")
    #expect(
      Self.field(Self.scp { $0[2] = SCPBuilder.le16(1) + SCPBuilder.le16(50) })
        == "SCP section 2: Huffman table 1")
    var truncated = Self.scp { _ in }
    truncated.removeLast(10)
    #expect(Self.field(truncated) == "SCP file header: total length")
  }

  @Test func dicomCases() {
    let good = DICOMSyntheticTests.waveform(
      explicitVR: true, undefined: false, bits: 16, kind: "SS",
      data: [1, 0, 2, 0])
    #expect(Self.field(Array(good.dropLast(3))) == "DICOM (5400,0100) length")  // the enclosing sequence
    let noWaveform = DICOMBuilder.file(transferSyntax: "1.2.840.10008.1.2.1", dataset: [])
    #expect(Self.field(noWaveform) == "DICOM (5400,0100) WaveformSequence")
    let b = DICOMBuilder(explicitVR: false)
    let openItem = DICOMBuilder.file(
      transferSyntax: "1.2.840.10008.1.2",
      dataset:
        SCPBuilder.le16(0x5400) + SCPBuilder.le16(0x0100) + SCPBuilder.le32(0xFFFF_FFFF) + SCPBuilder.le16(0xFFFE)
        + SCPBuilder.le16(0xE000) + SCPBuilder.le32(0xFFFF_FFFF) + b.us(0x003A_0005, 1))
    #expect(Self.field(openItem)?.hasPrefix("DICOM") == true)
    let odd = DICOMSyntheticTests.waveform(explicitVR: true, undefined: false, bits: 12, kind: "SS", data: [1, 0, 2, 0])
    #expect(
      readError { () throws(FormatReadError) in try readBinaryECG(Data(odd), path: "o.dcm") }
        == .unsupported(file: "o.dcm", feature: "DICOM waveform samples of 12 bits, interpretation \"SS\""))
  }

  @Test func edfCases() {
    var bytes = EDFSyntheticTests.file([.init(label: "ECG I", samples: 2)], records: 1)
    bytes.replaceSubrange(184..<192, with: EDFSyntheticTests.field("999", 8))
    let error = readError { () throws(FormatReadError) in try readBinaryECG(Data(bytes), path: "h.edf") }
    guard case .unrecognised = error else {  // header size no longer fits: not EDF by content
      Issue.record("expected unrecognised, got \(String(describing: error))")
      return
    }
    var spr = EDFSyntheticTests.file([.init(label: "ECG I", samples: 2)], records: 1)
    spr.replaceSubrange(256 + 216..<256 + 224, with: EDFSyntheticTests.field("-4", 8))
    #expect(Self.field(spr) == "EDF signal 1 number of samples in each data record")
  }

  @Test func unrecognisedContent() {
    let error = readError { () throws(FormatReadError) in try readBinaryECG(Data("hello".utf8), path: "/a/b/x.scp") }
    guard case .unrecognised(let file, _) = error else {
      Issue.record("expected unrecognised, got \(String(describing: error))")
      return
    }
    #expect(file == "x.scp")
  }
}
