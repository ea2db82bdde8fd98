import Foundation
import Testing

@testable import Signals

@Suite("Synthetic documents: units, demographics, encodings, sniffing")
struct SyntheticFormatTests {
  func read(_ text: String, path: String = "/data/s.xml") throws -> ECGRecording {
    try readXMLECG(Data(text.utf8), path: path)
  }

  @Test("MUSE: units per bit and units, rate base x 10^exponent, demographics, onsets")
  func muse() throws {
    let recording = try read(SyntheticDocuments.muse)
    #expect(recording.format == .geMUSE && recording.samplingRate == 250 && recording.name == "s")
    #expect(recording.leads[0].samples == [0, 4.88, -4.88])
    #expect(recording.leads[1].samples == [1, 2, 3])
    #expect(recording.demographics == RecordingDemographics(ageYears: 0.5, sexMale: 0, patientID: "MRN-0042"))
    #expect(recording.acquired == "2019-03-04T10:21:07")
    let cart = try #require(recording.cartMeasurements)
    #expect(cart.ventricularRateBpm == 72 && cart.qtcMs == nil && cart.qrsOnsetMs == 400)
  }

  @Test("Philips uncompressed Base64 and Plain: leads stored as they are")
  func philipsUncompressed() throws {
    for encoding in ["Base64", "Plain"] {
      let recording = try read(SyntheticDocuments.philips(encoding: encoding))
      #expect(recording.format == .philipsSierra && recording.samplingRate == 500)
      #expect(recording.leads.map(\.name) == ["I", "II", "V1"])
      #expect(recording.leads[0].samples == [0.005, 0.01, 0.015, 0.02])
      #expect(recording.leads[2].samples == [0.5, 1, 1.5, 2])
      #expect(recording.demographics == RecordingDemographics(ageYears: 61, sexMale: 0))
      #expect(recording.acquired == "2019-03-04T10:21:07" && recording.cartMeasurements == nil)
    }
  }

  @Test("Philips XLI in a synthetic document decodes and reconstructs the limb leads")
  func philipsXLI() throws {
    let leads = (0..<12).map { lead in (0..<4).map { ($0 + 1) * (lead + 1) * (lead % 2 == 0 ? 1 : -1) } }
    let stream = XLITestEncoder.residuals(leads).flatMap(XLITestEncoder.chunk)
    let text = SyntheticDocuments.philips(compression: "XLI", payload: Data(stream).base64EncodedString())
      .replacingOccurrences(of: "numberofleads=\"3\"", with: "numberofleads=\"12\"")
      .replacingOccurrences(of: "leadlabels=\"I II V1\"", with: "leadlabels=\"I II III aVR aVL aVF V1 V2 V3 V4 V5 V6\"")
    let recording = try read(text)
    #expect(recording.leads.map(\.name) == standardTwelveLeads)
    for (lead, expected) in zip(recording.leads, leads) {
      #expect(lead.samples == expected.map { Double($0) * 0.005 }, "\(lead.name)")
    }
  }

  @Test("aECG: mV origin, uV scale, ms increment, decimal digits, s annotations")
  func aecg() throws {
    let recording = try read(SyntheticDocuments.aecg)
    #expect(recording.format == .hl7aECG && recording.samplingRate == 1000)
    #expect(recording.leads.map(\.name) == ["aVR"])
    let expected = [0.5, 0.51, 0.49, 0.50375]
    #expect(zip(recording.leads[0].samples, expected).allSatisfy { abs($0 - $1) < 1e-12 })
    #expect(recording.cartMeasurements?.qtMs == 410 && recording.acquired == "2019-03-04T10:21:07")
  }

  @Test("the sniffer uses content only: UTF-16, BOMs, comments, prefixes, namespaces")
  func sniffer() {
    #expect(recogniseXMLECG(Data(SyntheticDocuments.muse.utf8)) == .geMUSE)
    #expect(recogniseXMLECG(SyntheticDocuments.utf16(SyntheticDocuments.philips())) == .philipsSierra)
    #expect(recogniseXMLECG(Data(([0xEF, 0xBB, 0xBF] as [UInt8]) + Array(SyntheticDocuments.aecg.utf8))) == .hl7aECG)
    #expect(recogniseXMLECG(Data("<!-- x --><v3:AnnotatedECG xmlns:v3=\"urn:hl7-org:v3\">".utf8)) == .hl7aECG)
    #expect(recogniseXMLECG(Data(SyntheticDocuments.muse.prefix(400).utf8)) == .geMUSE, "truncated file")
    #expect(recogniseXMLECG(Data("<AnnotatedECG xmlns=\"urn:other\"/>".utf8)) == nil)
    #expect(recogniseXMLECG(Data("<restingecgdata xmlns=\"urn:x\"/>".utf8)) == nil)
    #expect(recogniseXMLECG(Data("<html><body/></html>".utf8)) == nil)
    #expect(recogniseXMLECG(Data()) == nil)
    #expect(recogniseXMLECG(Data([0x00, 0x01, 0xFF, 0x3C, 0x7F])) == nil)
    #expect(recogniseXMLECG(Data("MSH|^~\\&|".utf8)) == nil)
  }

  @Test("UTF-16 (BOM) documents read the same as UTF-8")
  func utf16Reading() throws {
    let eight = try read(SyntheticDocuments.aecg)
    let sixteen = try readXMLECG(SyntheticDocuments.utf16(SyntheticDocuments.aecg), path: "s.xml")
    #expect(eight.leads[0].samples == sixteen.leads[0].samples)
  }
}
