import Foundation
import Testing

@testable import Signals

/// Every sample file, decoded by ECGFormatsXML, against the independent Python decode
/// (Scripts/make_golden.py): per lead the count, sum, sum of squares, first and last 8 values in
/// integer file units must be identical, and the mV samples exact multiples of the file's scale.
@Suite("Golden fingerprints against independent decoders", .enabled(if: XMLFiles.available, XMLFiles.skipNote))
struct GoldenFingerprintTests {
  @Test("samples equal the reference decode exactly", arguments: XMLFiles.allFiles)
  func samplesMatchReference(_ relative: String) throws {
    let golden = try GoldenFile.load(relative)
    let recording = try XMLFiles.read(relative)
    #expect(recording.samplingRate == golden.samplingRate)
    #expect(recording.leads.map(\.name) == golden.leads.map(\.name), "lead order")
    for reference in golden.leads {
      let lead = try #require(recording.leads.first { $0.name == reference.name }, "lead \(reference.name)")
      let counts = try #require(
        integerCounts(
          lead.samples, scaleMicrovolts: reference.scaleMicrovolts,
          originMicrovolts: reference.originMicrovolts),
        "lead \(reference.name) is not an exact multiple of \(reference.scaleMicrovolts) uV")
      #expect(LeadFingerprint(name: reference.name, counts: counts) == reference.fingerprint, "\(relative)")
    }
  }

  @Test("formats are recognised by content", arguments: XMLFiles.allFiles)
  func recognisedByContent(_ relative: String) throws {
    let expected: RecordingFormat =
      relative.hasPrefix("ge-muse")
      ? .geMUSE
      : relative.hasPrefix("philips") ? .philipsSierra : .hl7aECG
    let data = try XMLFiles.load(relative)
    #expect(recogniseXMLECG(data) == expected)
    #expect(try XMLFiles.read(relative).format == expected)
  }

  @Test("MUSE CRC-32 of every lead matches: no warnings on the real files", arguments: XMLFiles.museFiles)
  func museChecksums(_ name: String) throws {
    let recording = try XMLFiles.read("ge-muse/" + name)
    #expect(recording.warnings.isEmpty, "\(recording.warnings)")
    #expect(recording.leads.map(\.name) == ["I", "II", "V1", "V2", "V3", "V4", "V5", "V6"])
    #expect(recording.sampleCount == 5000 && recording.duration == 10)
  }

  @Test("a MUSE CRC mismatch is reported as a warning")
  func museChecksumMismatch() throws {
    var text = String(decoding: try XMLFiles.load("ge-muse/example1.xml"), as: UTF8.self)
    let range = try #require(text.range(of: "<LeadDataCRC32>2448704614</LeadDataCRC32>"))
    text.replaceSubrange(range, with: "<LeadDataCRC32>1</LeadDataCRC32>")
    let recording = try readXMLECG(Data(text.utf8), path: "example1.xml")
    #expect(recording.warnings.count == 1 && recording.warnings[0].contains("LeadData[1]: LeadDataCRC32 mismatch"))
  }

  @Test("Philips leads: 12 standard leads, 11 s at 500 Hz", arguments: XMLFiles.philipsFiles)
  func philipsShape(_ name: String) throws {
    let recording = try XMLFiles.read("philips-sierra/" + name)
    #expect(recording.leads.map(\.name) == standardTwelveLeads)
    #expect(recording.sampleCount == 5500 && recording.samplingRate == 500)
    #expect(recording.leads.allSatisfy { !$0.derived && $0.samples.count == 5500 })
  }

  @Test("the representative beat of an aECG can be read instead of the rhythm")
  func aecgRepresentativeBeat() throws {
    let relative = "hl7-aecg/ecgtoolkit-Example.xml"
    let beat = try readHL7aECG(
      try XMLFiles.load(relative), path: XMLFiles.path(relative),
      waveform: .representativeBeat)
    #expect(beat.sampleCount == 599 && beat.samplingRate == 500 && beat.leads.count == 12)
    let converted = "hl7-aecg/ad4d3d80-d165_1-04_converted.xml"
    let median = try readHL7aECG(try XMLFiles.load(converted), path: converted, waveform: .representativeBeat)
    #expect(median.sampleCount == 1200)
  }
}
