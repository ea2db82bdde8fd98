import ECGLensTestSupport
import Foundation
import Testing

@testable import Pipeline

/// The study cache's view of a waveform source: the files each record is read from, of any format.
@Suite struct RecordStampsTests {
  func lines(_ s: RecordStamps) -> [String] { s.stamp.split(separator: "\n").map(String.init) }

  @Test func vendorFiles_areStampedThemselves_andAChangeShows() throws {
    let folder = try TestPaths.temporaryFolder()
    let file = folder + "/ecg.dcm"
    try FileManager.default.copyItem(atPath: TestPaths.samples + "/vendor-formats/dicom/pydicom-waveform_ecg.dcm", toPath: file)
    let before = recordStamps([file])
    #expect(before.hashed.isEmpty)
    #expect(lines(before) == ["record \(file)", "\(file)|291088|\(try modified(file))"])
    try Data(count: 10).write(to: URL(fileURLWithPath: file))
    #expect(recordStamps([file]) != before)
  }

  @Test func wfdbRecords_hashTheHeader_andStampTheSignalFilesItNames() throws {
    let folder = try TestPaths.temporaryFolder()
    try "r 2 500 4\nsignals.bin 16 200 16 0 0 0 0 I\nsignals.bin 16 200 16 0 0 0 0 II\n"
      .write(toFile: folder + "/r.hea", atomically: true, encoding: .utf8)
    try Data(count: 16).write(to: URL(fileURLWithPath: folder + "/signals.bin"))
    let s = recordStamps([folder + "/r"])
    #expect(s.hashed == [folder + "/r.hea"])
    #expect(lines(s) == ["record \(folder)/r", "\(folder)/signals.bin|16|\(try modified(folder + "/signals.bin"))"])
  }

  @Test func multiSegmentRecords_includeEverySegment() throws {
    let folder = try TestPaths.temporaryFolder()
    try "m/3 1 250 8\nm_layout 0\nm_1 4\n~ 4\n".write(toFile: folder + "/m.hea", atomically: true, encoding: .utf8)
    try "m_layout 1 250 0\n~ 16 200 16 0 0 0 0 II\n".write(toFile: folder + "/m_layout.hea", atomically: true, encoding: .utf8)
    try "m_1 1 250 4\nm_1.dat 16 200 16 0 0 0 0 II\n".write(toFile: folder + "/m_1.hea", atomically: true, encoding: .utf8)
    let s = recordStamps([folder + "/m"])
    #expect(s.hashed == [folder + "/m.hea", folder + "/m_layout.hea", folder + "/m_1.hea"])
    // m_1.dat is missing: stamped as size -1, and extraction names it.
    #expect(lines(s).contains("\(folder)/m_1.dat|-1|0.0"))
  }

  func modified(_ path: String) throws -> Double {
    try ((FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)?.timeIntervalSince1970).map { $0 } ?? -1
  }
}
