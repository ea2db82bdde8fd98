import Foundation
import Testing

@testable import Signals

/// The two real DICOM ECG files against pydicom's `waveform_array` (Fixtures/dicom-golden.json).
@Suite("DICOM real files", .enabled(if: BinaryFiles.available, BinaryFiles.skipMessage))
struct DICOMRealFileTests {
  @Test(arguments: ["ecgtoolkit-Example.dcm", "pydicom-waveform_ecg.dcm"])
  func samplesMatchPydicom(file: String) throws {
    let path = BinaryFiles.root + "/vendor-formats/dicom/" + file
    let r = try DICOMECGReader.read(try BinaryFiles.file(path), path: path)
    let golden = try DICOMGolden.load().file(file)
    let group = golden.groups[0]  // the reader picks the first 12-channel rhythm group
    #expect(group.label == "RHYTHM")
    #expect(r.samplingRate == group.rate)
    #expect(r.leads.count == group.channels.count)
    var comparisons: [FingerprintComparison] = []
    for (lead, channel) in zip(r.leads, group.channels) {
      #expect(lead.name == LeadNames.standardName(forLabel: channel.codeMeaning))
      let comparison = FingerprintComparison(lead.samples, channel.fingerprint, tolerance: 1e-9)
      #expect(comparison.passes, "\(file) \(lead.name): \(comparison)")
      comparisons.append(comparison)
    }
    print(comparisons.summary(file + " vs pydicom"))
    #expect(r.warnings.contains { $0.contains("read group 1 \"RHYTHM\"") })
  }

  @Test func pydicomSampleMetadataAndMeasurements() throws {
    let r = try DICOMECGReader.read(try BinaryFiles.file(BinaryFiles.dicomPydicomPath), path: BinaryFiles.dicomPydicomPath)
    #expect(r.demographics == RecordingDemographics(ageYears: 42, sexMale: 0, patientID: "642341"))
    #expect(r.acquired == "2013-01-25T10:59:19")
    let m = try #require(r.cartMeasurements)
    #expect(m.program == "Mortara Instrument, Inc. el250")
    #expect(m.rrMs == 982 && m.prMs == 161 && m.qrsMs == 75 && m.qtMs == 368 && m.qtcMs == 370)
    #expect(m.pAxisDeg == 74 && m.qrsAxisDeg == 52 && m.tAxisDeg == 57)
    // Annotation group 2: positions 299, 413, 460, 535, 828 in the 1000 Hz median beat (1-based).
    #expect(m.pOnsetMs == 298 && m.pOffsetMs == 412 && m.qrsOnsetMs == 459)
    #expect(m.qrsOffsetMs == 534 && m.tOffsetMs == 827)
  }

  @Test func ecgToolkitSampleMetadata() throws {
    let r = try DICOMECGReader.read(try BinaryFiles.file(BinaryFiles.dicomToolkitPath), path: BinaryFiles.dicomToolkitPath)
    // No PatientAge: 49 from PatientBirthDate 19530508 and AcquisitionDateTime 20021122091000.
    #expect(r.demographics == RecordingDemographics(ageYears: 49, sexMale: 1, patientID: "SBJ-123"))
    #expect(r.acquired == "2002-11-22T09:10:00")
    #expect(r.cartMeasurements?.prMs == 148 && r.cartMeasurements?.qtcMs == 443)
    #expect(r.warnings.contains { $0.contains("WaveformPaddingValue 0 ignored") })
    #expect(r.leads.allSatisfy { $0.samples.allSatisfy(\.isFinite) })
  }
}

/// Synthetic DICOM files: implicit VR with undefined-length sequences and items, 8-bit mu-law, padding.
struct DICOMSyntheticTests {
  static func waveform(
    explicitVR: Bool, undefined: Bool, bits: Int, kind: String, data: [UInt8],
    padding: [UInt8]? = nil
  ) -> [UInt8] {
    let b = DICOMBuilder(explicitVR: explicitVR)
    let channels = [
      b.channel(
        codeValue: "2:62", scheme: "MDC", meaning: "MDC_ECG_LEAD_aVR", sensitivity: "0.5", unit: "mV",
        baseline: "0.25"),
      b.channel(codeValue: "X1", scheme: "99LOCAL", meaning: "Lead X-axis", sensitivity: "10", unit: "uV"),
    ]
    var group =
      b.us(0x003A_0005, 2) + b.ul(0x003A_0010, data.count / (bits / 8) / 2)
      + b.text(0x003A_001A, "DS", "250") + b.text(0x003A_0020, "SH", "RHYTHM")
      + b.sequence(0x003A_0200, channels, undefinedLength: undefined)
      + b.us(0x5400_1004, bits) + b.text(0x5400_1006, "CS", kind)
    if let padding { group += b.element(0x5400_100A, bits == 8 ? "OB" : "OW", padding) }
    group += b.element(0x5400_1010, bits == 8 ? "OB" : "OW", data)
    let dataset =
      b.text(0x0008_002A, "DT", "20190304102107.123") + b.text(0x0010_0040, "CS", "M")
      + b.text(0x0010_1010, "AS", "006M") + b.sequence(0x5400_0100, [group], undefinedLength: undefined)
    return DICOMBuilder.file(
      transferSyntax: explicitVR ? "1.2.840.10008.1.2.1" : "1.2.840.10008.1.2",
      dataset: dataset)
  }

  @Test(arguments: [(false, true), (true, true), (true, false), (false, false)])
  func sixteenBitSignedWithPadding(explicitVR: Bool, undefined: Bool) throws {
    let raw = [10, -20, 30, -32768, -40, 50]  // interleaved: (ch1, ch2) x 3 samples
    let bytes = Self.waveform(
      explicitVR: explicitVR, undefined: undefined, bits: 16, kind: "SS",
      data: raw.flatMap { SCPBuilder.le16($0) }, padding: SCPBuilder.le16(-32768))
    #expect(recogniseBinaryECG(Data(bytes)) == .dicom)
    let r = try readBinaryECG(Data(bytes), path: "synthetic.dcm")
    #expect(r.samplingRate == 250)
    #expect(r.leads.map(\.name) == ["aVR", "Lead X-axis"])
    #expect(r.leads[0].samples == [10 * 0.5 + 0.25, 30 * 0.5 + 0.25, -40 * 0.5 + 0.25])
    #expect(r.leads[1].samples[0] == -0.2 && r.leads[1].samples[1].isNaN && r.leads[1].samples[2] == 0.5)
    #expect(r.demographics == RecordingDemographics(ageYears: 0.5, sexMale: 1))
    #expect(r.acquired == "2019-03-04T10:21:07")
    #expect(r.warnings.contains { $0.contains("Lead X-axis") })
  }

  @Test func eightBitMuLawAndSigned() throws {
    // mu-law 0xFF is +0, 0x80 is +8031, 0x00 is -8031, 0x7F is -0 (G.711, 14-bit scale).
    let mu = try DICOMECGReader.read(
      Data(
        Self.waveform(
          explicitVR: true, undefined: false, bits: 8, kind: "MB",
          data: [0xFF, 0x80, 0x00, 0x7F])), path: "mu.dcm")
    #expect(mu.leads[0].samples == [0.25, -8031 * 0.5 + 0.25])
    #expect(mu.leads[1].samples == [8031 * 0.01, 0])
    let sb = try DICOMECGReader.read(
      Data(
        Self.waveform(
          explicitVR: true, undefined: false, bits: 8, kind: "SB",
          data: [0x01, 0xFF, 0x80, 0x7F])), path: "sb.dcm")
    #expect(sb.leads[0].samples == [0.5 + 0.25, -128 * 0.5 + 0.25])
    #expect(sb.leads[1].samples == [-0.01, 127 * 0.01])
  }

  @Test func bigEndianAndDeflateAreUnsupported() {
    let cases = [("1.2.840.10008.1.2.2", "explicit VR big endian"), ("1.2.840.10008.1.2.1.99", "deflated")]
    for (syntax, feature) in cases {
      let bytes = DICOMBuilder.file(transferSyntax: syntax, dataset: [])
      let error = readError { () throws(FormatReadError) in try readBinaryECG(Data(bytes), path: "be.dcm") }
      guard case .unsupported(let file, let text) = error else {
        Issue.record("expected unsupported, got \(String(describing: error))")
        continue
      }
      #expect(file == "be.dcm" && text.contains(feature))
    }
  }

  @Test func sampleCountMustFitWaveformData() {
    var bytes = Self.waveform(explicitVR: true, undefined: false, bits: 16, kind: "SS", data: [1, 0, 2, 0, 3, 0, 4, 0])
    // Claim 1000 samples: patch NumberOfWaveformSamples (UL value after its 8-byte explicit header).
    let tag: [UInt8] = [0x3A, 0x00, 0x10, 0x00, 0x55, 0x4C, 0x04, 0x00]
    let at = (0...(bytes.count - 8)).first { Array(bytes[$0..<($0 + 8)]) == tag }! + 8
    bytes.replaceSubrange(at..<(at + 4), with: SCPBuilder.le32(1000))
    let error = readError { () throws(FormatReadError) in try readBinaryECG(Data(bytes), path: "short.dcm") }
    #expect(error?.field == "DICOM multiplex group 1 (5400,1010) WaveformData")
  }
}
