import ECGLensTestSupport
import Extraction
import Foundation
import Testing

/// `discoverRecords`, which `ecglens extract`, `embed`, `beats` and `delineate` share: records of any
/// format in a folder, a record list, and nothing else.
@Suite struct RecordDiscoveryTests {
  static let ptbxl = TestPaths.samples + "/ptb-xl"

  @Test func findsRecordsInFoldersAndListsAndNothingElse() throws {
    let found = try discoverRecords([Self.ptbxl])
    #expect(found.count == 11 && found.allSatisfy { $0.hasPrefix(Self.ptbxl + "/") && $0.hasSuffix("_hr") })
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    for ext in ["hea", "dat"] {
      try FileManager.default.copyItem(atPath: Self.ptbxl + "/00001_hr.\(ext)", toPath: folder + "/00001_hr.\(ext)")
    }
    let header = try String(contentsOfFile: Self.ptbxl + "/00001_hr.hea", encoding: .utf8)
    try header.replacingOccurrences(of: "00001_hr", with: "short").write(
      toFile: folder + "/short.hea", atomically: true, encoding: .utf8)
    try "not an ECG\n".write(toFile: folder + "/notes.txt", atomically: true, encoding: .utf8)
    #expect(try discoverRecords([folder]).map { ($0 as NSString).lastPathComponent } == ["00001_hr", "short"])
    // A record list names records relative to itself.
    try "00001_hr\n# a comment\nshort.hea\n".write(toFile: folder + "/RECORDS", atomically: true, encoding: .utf8)
    #expect(try discoverRecords([folder + "/RECORDS"]) == [folder + "/00001_hr", folder + "/short"])
    #expect(throws: ExtractionError.self) { try discoverRecords([folder + "/notes.txt"]) }
    #expect(throws: ExtractionError.self) { try discoverRecords([folder + "/absent"]) }
  }
}
