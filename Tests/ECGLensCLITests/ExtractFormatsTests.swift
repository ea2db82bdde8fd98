import ECGLensTestSupport
import Foundation
import Measurements
import Testing

@testable import Extraction

/// `extract` reads every format ECGLens reads, finds them in folders and says in its records
/// report what it read and which leads it derived.
@Suite struct ExtractFormatsTests {
  func row(_ outcome: RecordOutcome) throws -> [String: Double] {
    let line = try #require(outcome.row, "\(outcome.path): \(outcome.error ?? "")")
    let cells = line.dropLast().split(separator: ",", omittingEmptySubsequences: false).dropFirst()
    return Dictionary(uniqueKeysWithValues: zip(featureCatalogue.map(\.name), cells.map { Double($0) ?? .nan }))
  }

  /// The same PTB-XL ECG as WFDB and as the EDF a fixture script wrote with pyedflib (16-bit,
  /// its own physical range) gives the same intervals.
  @Test func anEDFExportMeasuresAsItsWFDBRecord() throws {
    let wfdb = try row(extractRecord(TestPaths.samples + "/ptb-xl/00001_hr"))
    let edfOutcome = extractRecord(TestPaths.fixtures + "/formats/ptbxl-00001_hr.edf")
    #expect(edfOutcome.format == "edf" && edfOutcome.derivedLeads.isEmpty)
    let edf = try row(edfOutcome)
    for name in ["heart_rate_bpm", "pr_ms", "qrs_ms", "qt_ms"] {
      let a = try #require(wfdb[name]), b = try #require(edf[name])
      #expect(abs(a - b) <= 2, "\(name): WFDB \(a), EDF \(b)")
    }
  }

  /// A folder with a WFDB record, an EDF file, an unrelated XML file and a broken SCP file:
  /// the XML is passed over, the SCP file is listed so the batch can name it.
  @Test func foldersFindECGFilesOfEveryFormat() throws {
    let folder = try TestPaths.temporaryFolder()
    let fm = FileManager.default
    for ext in ["hea", "dat"] { try fm.copyItem(atPath: TestPaths.samples + "/ptb-xl/00001_hr.\(ext)", toPath: folder + "/00001_hr.\(ext)") }
    try fm.createDirectory(atPath: folder + "/exports", withIntermediateDirectories: true)
    try fm.copyItem(atPath: TestPaths.fixtures + "/formats/ptbxl-00001_hr.edf", toPath: folder + "/exports/a.edf")
    try "<config><x>1</x></config>".write(toFile: folder + "/exports/settings.xml", atomically: true, encoding: .utf8)
    try Data(repeating: 7, count: 300).write(to: URL(fileURLWithPath: folder + "/exports/broken.scp"))
    let found = try discoverRecords([folder]).map { String($0.dropFirst(folder.count + 1)) }
    #expect(found == ["00001_hr", "exports/a.edf", "exports/broken.scp"])
    let broken = extractRecord(folder + "/exports/broken.scp")
    #expect(broken.row == nil && broken.error?.contains("broken.scp") == true)
    // A single file is a record too.
    #expect(try discoverRecords([folder + "/exports/a.edf"]) == [folder + "/exports/a.edf"])
  }

  /// A GE MUSE export stores 8 leads; III, aVR, aVL and aVF are derived and named in the report.
  @Test func aMUSEExportDerivesItsLimbLeads() throws {
    guard TestPaths.hasSharedData("vendor-formats") else {
      print("skipped: \(TestPaths.sharedData)/vendor-formats is absent"); return
    }
    let outcome = extractRecord(TestPaths.sharedData + "/vendor-formats/ge-muse/example1.xml")
    #expect(outcome.format == "ge-muse")
    #expect(outcome.derivedLeads == "III aVR aVL aVF")
    let values = try row(outcome)
    #expect((40...200).contains(try #require(values["qrs_ms"])))
    #expect(outcome.reportLine.hasSuffix(",ge-muse,III aVR aVL aVF\n"))
  }

  /// beats and delineate take every format too: the EDF twin of PTB-XL 00001 gives the WFDB
  /// record's beats (within a sample: EDF stores 16-bit values in its own physical range).
  @Test func beatsAndDelineationReadAnEDFExport() throws {
    let wfdb = try detectRecordBeats(at: TestPaths.samples + "/ptb-xl/00001_hr", lead: "ii")
    let edf = try detectRecordBeats(at: TestPaths.fixtures + "/formats/ptbxl-00001_hr.edf", lead: "ii")
    #expect(wfdb.rPeaks.count == edf.rPeaks.count && zip(wfdb.rPeaks, edf.rPeaks).allSatisfy { abs($0 - $1) <= 1 })
    let (name, delineation) = try delineateRecord(at: TestPaths.fixtures + "/formats/ptbxl-00001_hr.edf", leads: "ii,v5")
    #expect(name == "ptbxl-00001_hr")
    #expect(delineation.leads.map(\.name) == ["ii", "v5"])
    #expect(delineation.global.count == wfdb.rPeaks.count)
  }
}
