import Foundation
import Testing

@testable import Signals

/// The real SCP-ECG sample (ECG Toolkit, Apache-2.0) against the same recording as ECG Toolkit's DICOM
/// export, read by pydicom (Fixtures/dicom-golden.json, file ecgtoolkit-Example.dcm, multiplex group 1).
@Suite("SCP-ECG real file", .enabled(if: BinaryFiles.available, BinaryFiles.skipMessage))
struct SCPRealFileTests {
  let recording: ECGRecording

  init() throws {
    recording = try SCPECGReader.read(try BinaryFiles.file(BinaryFiles.scpPath), path: BinaryFiles.scpPath)
  }

  @Test func structureAndMetadata() {
    #expect(recording.format == .scpECG)
    #expect(recording.name == "ecgtoolkit-Example")
    #expect(recording.samplingRate == 500)
    #expect(recording.sampleCount == 5000)
    #expect(recording.leads.map(\.name) == ["I", "II", "V1", "V2", "V3", "V4", "V5", "V6", "III", "aVR", "aVL", "aVF"])
    #expect(recording.demographics == RecordingDemographics(ageYears: 49, sexMale: 1, patientID: "SBJ-123"))
    #expect(recording.acquired == "2002-11-22T09:10:00")
    #expect(recording.warnings.isEmpty)
  }

  /// Section 7 block 1: onsets/offsets in ms, axes; PR/QRS/QT derived; QTc from the extra measurements.
  /// The same values appear in the DICOM export's annotation sequence (PR 148, QRS 120, QT 420, QTc 443,
  /// axes 44/-61/86).
  @Test func globalMeasurements() throws {
    let m = try #require(recording.cartMeasurements)
    #expect(m.program == "ELI250")
    #expect(m.pOnsetMs == 286 && m.pOffsetMs == 388 && m.qrsOnsetMs == 434)
    #expect(m.qrsOffsetMs == 554 && m.tOffsetMs == 854)
    #expect(m.prMs == 148 && m.qrsMs == 120 && m.qtMs == 420 && m.qtcMs == 443 && m.pDurationMs == 102)
    #expect(m.pAxisDeg == 44 && m.qrsAxisDeg == -61 && m.tAxisDeg == 86)
    #expect(m.rrMs == nil && m.ventricularRateBpm == nil)
    #expect(try SCPECGReader.interpretation(try BinaryFiles.file(BinaryFiles.scpPath), path: BinaryFiles.scpPath).isEmpty)
  }

  /// Every lead equals pydicom's reading of the DICOM export of the same ECG within 1e-9 mV.
  @Test func samplesMatchDICOMExportReadByPydicom() throws {
    let golden = try DICOMGolden.load().file("ecgtoolkit-Example.dcm").groups[0]
    var comparisons: [FingerprintComparison] = []
    for channel in golden.channels {
      let name = try #require(LeadNames.standardName(forLabel: channel.codeMeaning))
      let lead = try #require(recording.leads.first { $0.name == name })
      let comparison = FingerprintComparison(lead.samples, channel.fingerprint, tolerance: 1e-9)
      #expect(comparison.passes, "\(name): \(comparison)")
      comparisons.append(comparison)
    }
    #expect(comparisons.count == 12)
    print(comparisons.summary("ecgtoolkit-Example.scp vs pydicom(ecgtoolkit-Example.dcm)"))
  }
}

/// The golden JSON written by Scripts/make_dicom_golden.py.
struct DICOMGolden: Decodable {
  struct Channel: Decodable {
    var codeValue: String
    var codeMeaning: String
    var unit: String
    var fingerprint: Fingerprint
  }
  struct Group: Decodable {
    var label: String
    var rate: Double
    var channels: [Channel]
  }
  struct File: Decodable {
    var file: String
    var transferSyntax: String
    var patientAge: String
    var patientSex: String
    var acquisitionDateTime: String
    var groups: [Group]
  }
  var tool: String
  var files: [File]

  static func load() throws -> DICOMGolden {
    try JSONDecoder().decode(DICOMGolden.self, from: try BinaryFiles.fixture("dicom-golden.json"))
  }

  func file(_ name: String) throws -> File {
    try #require(files.first { $0.file == name }, "\(name) not in the golden file")
  }
}
