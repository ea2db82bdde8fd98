import ECGLensTestSupport
import Foundation
import Testing

@testable import Signals

@Suite struct RecordReaderTests {
  struct FormatFixture: Decodable {
    var digital: [String: [[Int32]]]
  }

  /// Every supported storage format reads back exactly what wfdb-python reads from the same
  /// bytes (Tests/Fixtures/formats, made by Scripts/make_reference_fixtures.py); the FLAC formats
  /// 508/516/524 were written by wfdb-python itself (libsndfile + libFLAC). Null signals (format
  /// 0) store nothing: see `nullSignals_readAsInvalid`.
  @Test(arguments: SignalFormat.allCases.filter { $0 != .null })
  func format_matchesWfdbPython(format: SignalFormat) throws {
    let folder = TestPaths.fixtures + "/formats"
    let expected = try loadJSON(FormatFixture.self, from: folder + "/formats.json")
    let reference = try #require(expected.digital[String(format.rawValue)])
    let record = try readRecord(at: folder + "/f\(format.rawValue)", options: .init(strictChecksums: true))
    #expect(record.frameCount == 1001)
    #expect(record.digital == reference)
    #expect(record.warnings.isEmpty)
  }

  @Test func bundledMitbih_readsAndConverts() throws {
    let record = try readRecord(at: TestPaths.samples + "/mitdb/100")
    #expect(record.name == "100")
    #expect(record.signalNames == ["MLII", "V5"])
    #expect(record.frameCount == 300 * 360)
    #expect(record.signalIndex(named: "mlii") == 0)
    let mv = record.physical(0)
    #expect(mv[0] == (Double(record.digital[0][0]) - 1024) / 200)
    #expect(record.warnings.isEmpty)
  }

  @Test func ludbSample_twelveLeads() throws {
    let record = try readRecord(at: TestPaths.samples + "/ludb/1")
    #expect(record.signalNames == ["i", "ii", "iii", "avr", "avl", "avf", "v1", "v2", "v3", "v4", "v5", "v6"])
    #expect(record.frameCount == 5000)
    #expect(record.samplingFrequency == 500)
  }

  /// Copies a bundled record into a temporary folder, letting the test edit it.
  private func copyOf(_ record: String) throws -> String {
    let folder = try TestPaths.temporaryFolder()
    let name = (record as NSString).lastPathComponent
    for ext in ["hea", "dat"] {
      try FileManager.default.copyItem(
        atPath: TestPaths.samples + "/\(record).\(ext)", toPath: folder + "/\(name).\(ext)")
    }
    return folder + "/" + name
  }

  @Test func truncatedData_isTypedErrorWithSizes() throws {
    let path = try copyOf("ludb/1")
    let data = try Data(contentsOf: URL(fileURLWithPath: path + ".dat"))
    try data.prefix(1000).write(to: URL(fileURLWithPath: path + ".dat"))
    #expect(throws: SignalsError.truncatedData(file: path + ".dat", expectedBytes: 120_000, foundBytes: 1000)) {
      try readRecord(at: path)
    }
  }

  @Test func oversizedData_isTypedError_unlessAllowed() throws {
    let path = try copyOf("ludb/1")
    var data = try Data(contentsOf: URL(fileURLWithPath: path + ".dat"))
    data.append(contentsOf: [1, 2, 3, 4])
    try data.write(to: URL(fileURLWithPath: path + ".dat"))
    #expect(throws: SignalsError.oversizedData(file: path + ".dat", expectedBytes: 120_000, foundBytes: 120_004)) {
      try readRecord(at: path)
    }
    #expect(try readRecord(at: path, options: .init(allowTrailingBytes: true)).frameCount == 5000)
  }

  @Test func missingFiles_areNamed() throws {
    #expect(throws: SignalsError.fileNotFound(file: "/nonexistent/rec.hea")) {
      try readRecord(at: "/nonexistent/rec")
    }
    let path = try copyOf("ludb/1")
    try FileManager.default.removeItem(atPath: path + ".dat")
    #expect(throws: SignalsError.fileNotFound(file: path + ".dat")) { try readRecord(at: path) }
  }

  @Test func checksumMismatch_isWarning_orErrorWhenStrict() throws {
    let path = try copyOf("ludb/1")
    var header = try String(contentsOfFile: path + ".hea", encoding: .utf8)
    header = header.replacingOccurrences(of: "-120 -32198 0 i", with: "-120 -32197 0 i")
    try header.write(toFile: path + ".hea", atomically: true, encoding: .utf8)
    let record = try readRecord(at: path)
    #expect(
      record.warnings == [
        .checksumMismatch(file: path + ".dat", signal: "i", expected: -32197, computed: -32198)
      ])
    #expect(throws: SignalsError.self) { try readRecord(at: path, options: .init(strictChecksums: true)) }
  }

  @Test func emptyRecords_areRejected() throws {
    let folder = try TestPaths.temporaryFolder()
    try "e 0 360\n".write(toFile: folder + "/e.hea", atomically: true, encoding: .utf8)
    #expect(throws: SignalsError.emptyRecord(file: folder + "/e.hea")) { try readRecord(at: folder + "/e") }
    try "z 1 360\nz.dat 16\n".write(toFile: folder + "/z.hea", atomically: true, encoding: .utf8)
    try Data().write(to: URL(fileURLWithPath: folder + "/z.dat"))
    #expect(throws: SignalsError.emptyRecord(file: folder + "/z.dat")) { try readRecord(at: folder + "/z") }
  }

  @Test func sampleCountAbsent_isInferredFromFileSize() throws {
    let folder = try TestPaths.temporaryFolder()
    try "s 2 100\ns.dat 16 100 16 0 0 0 0 a\ns.dat 16 100 16 0 0 0 0 b\n"
      .write(toFile: folder + "/s.hea", atomically: true, encoding: .utf8)
    try Data([1, 0, 2, 0, 3, 0, 0xFF, 0xFF]).write(to: URL(fileURLWithPath: folder + "/s.dat"))
    let record = try readRecord(at: folder + "/s")
    #expect(record.digital == [[1, 3], [2, -1]])
    #expect(record.physical(1) == [0.02, -0.01])
  }

  @Test func samplesPerFrameAndSkew_demultiplex() throws {
    let folder = try TestPaths.temporaryFolder()
    // Signal a: 2 samples per frame; signal b: 1 per frame, skewed by one frame.
    try "k 2 100 3\nk.dat 16x2 200 16 0 0 0 0 a\nk.dat 16:1 200 16 0 0 0 0 b\n"
      .write(toFile: folder + "/k.hea", atomically: true, encoding: .utf8)
    let values: [Int16] = [1, 2, 10, 3, 4, 20, 5, 6, 30, 7, 8, 40]
    var bytes: [UInt8] = []
    for v in values { bytes += [UInt8(UInt16(bitPattern: v) & 0xFF), UInt8(UInt16(bitPattern: v) >> 8)] }
    try Data(bytes).write(to: URL(fileURLWithPath: folder + "/k.dat"))
    let record = try readRecord(at: folder + "/k")
    #expect(record.digital[0] == [1, 2, 3, 4, 5, 6])
    #expect(record.digital[1] == [20, 30, 40])
    #expect(record.samplingFrequency(ofSignal: 0) == 200)
  }

  @Test func invalidSamples_becomeNaNInPhysicalUnits() {
    let spec = SignalSpecification(fileName: "x.dat", format: .int16, adcGain: 100, description: "x")
    let header = WFDBHeader(recordName: "x", samplingFrequency: 100, sampleCount: 2, signals: [spec])
    let record = Record(header: header, digital: [[-32768, 50]])
    let p = record.physical(0)
    #expect(p[0].isNaN && p[1] == 0.5)
  }
}
