import ECGLensTestSupport
import Foundation
import Testing

@testable import Signals

/// Inputs that are not what they claim to be get an error naming the file and the problem.
@Suite struct BadInputTests {
  func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

  @Test func annotationFilesThatAreNotAnnotationFiles() throws {
    let atr = try bytes(TestPaths.samples + "/mitdb/100.atr")
    _ = try decodeAnnotations(atr, file: "100.atr")
    // Cut short: the end-of-file word is gone.
    #expect(throws: SignalsError.self) { try decodeAnnotations(Array(atr.dropLast(2)), file: "cut.atr") }
    #expect(throws: SignalsError.self) { try decodeAnnotations(Array(atr.prefix(atr.count / 2)), file: "half.atr") }
    // Plain text and random bytes decode as plausible codes, but do not end as an MIT file ends.
    let text = Array("record,sample\n100,77\n100,370\n100,662\n".utf8)
    #expect(throws: SignalsError.self) { try decodeAnnotations(text, file: "beats.csv") }
    var rng = SeededGenerator(seed: 1)
    for trial in 0..<50 {
      let random = (0..<2000).map { _ in UInt8.random(in: 1...255, using: &rng) }
      #expect(throws: SignalsError.self, "trial \(trial)") { try decodeAnnotations(random, file: "random.atr") }
    }
    // Data after the end marker.
    #expect(throws: SignalsError.self) { try decodeAnnotations(atr + [7, 9], file: "extra.atr") }
  }

  @Test func annotationsPastTheRecordAreRefused() throws {
    let record = TestPaths.samples + "/mitdb/100"
    let r = try readRecord(at: record)
    _ = try readAnnotations(record: record, annotator: "atr", sampleCount: r.frameCount)
    let e = #expect(throws: SignalsError.self) { try readAnnotations(record: record, annotator: "atr", sampleCount: 1000) }
    #expect("\(e!)".contains("after the record's last sample 999"))
  }

  @Test func specialFilesAreNamedAsSuch() throws {
    let folder = try TestPaths.temporaryFolder()
    try FileManager.default.createSymbolicLink(atPath: folder + "/zero.hea", withDestinationPath: "/dev/zero")
    let e = #expect(throws: SignalsError.self) { try readHeader(at: folder + "/zero") }
    #expect("\(e!)".contains("not a regular file"), "\(e!)")
    // A symbolic link to a real header reads as the header.
    try FileManager.default.createSymbolicLink(atPath: folder + "/100.hea", withDestinationPath: TestPaths.samples + "/mitdb/100.hea")
    #expect(try readHeader(at: folder + "/100").recordName == "100")
    let d = #expect(throws: SignalsError.self) { try readHeader(at: folder) }
    #expect("\(d!)".contains("directory") || "\(d!)".contains("no such"), "\(d!)")
  }
}
