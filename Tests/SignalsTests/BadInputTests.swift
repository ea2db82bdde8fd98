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

/// A header must have exactly the signal lines its record line declares, and physical units
/// are applied when a record becomes a recording.
@Suite struct HeaderConsistencyTests {
  @Test func signalLinesMustMatchTheDeclaredCount() throws {
    let text = "r 1 500 100\nr.dat 16 200 16 0 0 0 0 I\nr.dat 16 200 16 0 0 0 0 II\n"
    let e = #expect(throws: SignalsError.self) { try parseWFDBHeader(text, file: "r.hea") }
    #expect("\(e!)".contains("1 signal lines, as the record line declares; the header has 2"), "\(e!)")
    #expect(throws: SignalsError.self) { try parseWFDBHeader("r 3 500 100\nr.dat 16 200 16 0 0 0 0 I\n", file: "r.hea") }
  }

  @Test func microvoltsBecomeMillivolts() throws {
    let folder = try TestPaths.temporaryFolder()
    let samples: [Int16] = [0, 100, -250, 1000]
    try Data(samples.flatMap { v in [UInt8(truncatingIfNeeded: v), UInt8(truncatingIfNeeded: v >> 8)] })
      .write(to: URL(fileURLWithPath: folder + "/u.dat"))
    try "u 1 500 4\nu.dat 16 1/uV 16 0 0 0 0 II\n".write(toFile: folder + "/u.hea", atomically: true, encoding: .utf8)
    let r = try readRecording(at: folder + "/u")
    #expect(r.leads[0].samples == [0, 0.1, -0.25, 1])
    #expect(r.format == .wfdb && r.samplingRate == 500)
  }
}
