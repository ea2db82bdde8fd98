import Foundation
import Testing

@testable import Signals

/// `recogniseBinaryECG` looks at content only.
struct SnifferTests {
  @Test func realFilesAreRecognisedByContent() throws {
    #expect(recogniseBinaryECG(try BinaryFiles.fixture("ptbxl-00001_hr.edf")) == .edf)
    #expect(recogniseBinaryECG(try BinaryFiles.fixture("mitdb-100-60s.edf")) == .edf)
    guard BinaryFiles.available else { return }
    #expect(recogniseBinaryECG(try BinaryFiles.file(BinaryFiles.scpPath)) == .scpECG)
    #expect(recogniseBinaryECG(try BinaryFiles.file(BinaryFiles.dicomToolkitPath)) == .dicom)
    #expect(recogniseBinaryECG(try BinaryFiles.file(BinaryFiles.dicomPydicomPath)) == .dicom)
  }

  @Test func otherContentIsNotRecognised() {
    #expect(recogniseBinaryECG(Data()) == nil)
    #expect(recogniseBinaryECG(Data("<?xml version=\"1.0\"?><AnnotatedECG/>".utf8)) == nil)
    #expect(recogniseBinaryECG(Data(repeating: 0, count: 4096)) == nil)
    // "0" version but non-numeric fields is not EDF.
    #expect(recogniseBinaryECG(Data(("0       " + String(repeating: "x", count: 300)).utf8)) == nil)
  }

  @Test func scpWithoutMarkerNeedsItsCRC() throws {
    var bytes = SCPBuilder.file([
      3: SCPBuilder.leads([(1, 1, 1)]),
      6: SCPBuilder.samples(nanovolts: 1, intervalUs: 1, differences: 0, leads: [[0, 0]]),
    ])
    bytes.replaceSubrange(16..<22, with: [UInt8](repeating: 0, count: 6))  // pre-2.0 files: no "SCPECG"
    #expect(recogniseBinaryECG(Data(bytes)) == nil)  // the file CRC no longer matches...
    SCPBuilder.fixFileCRC(&bytes)
    #expect(recogniseBinaryECG(Data(bytes)) == .scpECG)  // ...once it does, it decides
  }
}
