import Foundation
import Testing

@testable import Signals

/// Cart measurements, demographics and times against values read by eye from the XML.
@Suite("Cart measurements and metadata", .enabled(if: XMLFiles.available, XMLFiles.skipNote))
struct CartMeasurementTests {
  @Test("GE MUSE example1: 12SL values, onsets converted from samples at 500 Hz to ms")
  func museExample1() throws {
    let cartRecording = try XMLFiles.read("ge-muse/example1.xml")
    let cart = try #require(cartRecording.cartMeasurements)
    #expect(cart.program == "GE 12SL")
    #expect(cart.ventricularRateBpm == 48 && cart.atrialRateBpm == 48)
    #expect(cart.prMs == 138 && cart.qrsMs == 96 && cart.qtMs == 452 && cart.qtcMs == 403)
    #expect(cart.pAxisDeg == 51 && cart.qrsAxisDeg == 20 && cart.tAxisDeg == 40)
    #expect(cart.rrMs == 1242)
    // <POnset>147 <POffset>200 <QOnset>216 <QOffset>264 <TOffset>442 samples at ECGSampleBase 500
    #expect(cart.pOnsetMs == 294 && cart.pOffsetMs == 400)
    #expect(cart.qrsOnsetMs == 432 && cart.qrsOffsetMs == 528 && cart.tOffsetMs == 884)
    // consistency of the units: QOffset - QOnset = QRSDuration, TOffset - QOnset = QTInterval
    #expect(cart.qrsOffsetMs! - cart.qrsOnsetMs! == cart.qrsMs!)
    #expect(cart.tOffsetMs! - cart.qrsOnsetMs! == cart.qtMs!)
    #expect(cart.qrsOnsetMs! - cart.pOnsetMs! == cart.prMs!)
  }

  @Test("GE MUSE example2 (negative axis) and example4 (no P onset/offset)")
  func museOthers() throws {
    let twoRecording = try XMLFiles.read("ge-muse/example2.xml")
    let two = try #require(twoRecording.cartMeasurements)
    #expect(two.ventricularRateBpm == 65 && two.prMs == 184 && two.qtcMs == 437 && two.qrsAxisDeg == -2)
    #expect(two.pOnsetMs == 248 && two.tOffsetMs == 852)
    let fourRecording = try XMLFiles.read("ge-muse/example4.xml")
    let four = try #require(fourRecording.cartMeasurements)
    #expect(four.pOnsetMs == nil && four.pOffsetMs == nil && four.qrsOnsetMs != nil)
  }

  @Test("Philips 1.04 ad4d3d80: DXL cross-lead values, demographics from birth date")
  func philips104() throws {
    let recording = try XMLFiles.read("philips-sierra/ad4d3d80-d165_1-04_orig.xml")
    let cart = try #require(recording.cartMeasurements)
    #expect(cart.program == "Philips DXL (measurement version 9)")
    #expect(cart.ventricularRateBpm == 41 && cart.atrialRateBpm == 41 && cart.rrMs == 1464)
    #expect(cart.prMs == 144 && cart.qrsMs == 102 && cart.qtMs == 564 && cart.qtcMs == 466)
    #expect(cart.pAxisDeg == 19 && cart.qrsAxisDeg == 85 && cart.tAxisDeg == 53)
    #expect(demographics(recording) == RecordingDemographics(ageYears: 32, sexMale: 0, patientID: "9999"))
    #expect(acquired(recording) == "2008-12-23T19:44:46")
  }

  @Test("Philips 1.03 129DYPRG: globalmeasurements, age in years, 'Failed' values are nil")
  func philips103() throws {
    let recording = try XMLFiles.read("philips-sierra/129DYPRG.XML")
    let cart = try #require(recording.cartMeasurements)
    #expect(cart.program == "Philips DXL (measurement version 10)")
    #expect(cart.ventricularRateBpm == 41 && cart.prMs == 151 && cart.qrsMs == 135)
    #expect(cart.qtMs == 476 && cart.qtcMs == 393 && cart.rrMs == 1464)
    #expect(cart.pAxisDeg == 66 && cart.qrsAxisDeg == -21 && cart.tAxisDeg == 59)
    #expect(demographics(recording) == RecordingDemographics(ageYears: 50, sexMale: 1, patientID: "1112010721168bdc"))
    #expect(acquired(recording) == "2011-12-01T07:27:34")
  }

  @Test("Philips 1.04.01: sex Unknown is nil, rate from the 1.04.01 layout")
  func philips10401() throws {
    let recording = try XMLFiles.read("philips-sierra/2020-5-18_15-48-11.xml")
    let cart = try #require(recording.cartMeasurements)
    #expect(cart.ventricularRateBpm == 64 && cart.prMs == 164 && cart.qtMs == 399 && cart.qrsAxisDeg == 22)
    #expect(demographics(recording) == RecordingDemographics(ageYears: 69, sexMale: nil, patientID: "xxxxxx"))
    #expect(acquired(recording) == "2020-05-18T15:48:11")
  }

  @Test("aECG converted from Philips: same global values as the Philips file, ms assumed")
  func aecgConverted() throws {
    let recording = try XMLFiles.read("hl7-aecg/ad4d3d80-d165_1-04_converted.xml")
    let cart = try #require(recording.cartMeasurements)
    #expect(cart.ventricularRateBpm == 41 && cart.rrMs == 1463)
    #expect(cart.prMs == 144 && cart.qrsMs == 102 && cart.qtMs == 564 && cart.qtcMs == 466)
    #expect(cart.qrsOnsetMs == nil && cart.tOffsetMs == nil, "point-only boundaries are ambiguous, not used")
    #expect(cart.program?.contains("PageWriter Touch") == true)
    #expect(demographics(recording) == RecordingDemographics(ageYears: 32, sexMale: 0, patientID: "20044"))
    #expect(acquired(recording) == "2008-12-23T19:44:46")
    #expect(warnings(recording).contains { $0.contains("no unit; ms assumed") })
  }

  @Test("aECG Mortara example: representative-beat annotations and wave boundaries")
  func aecgMortara() throws {
    let recording = try XMLFiles.read("hl7-aecg/ecgtoolkit-Example.xml")
    let cart = try #require(recording.cartMeasurements)
    #expect(cart.pDurationMs == 102 && cart.prMs == 148 && cart.qrsMs == 120)
    #expect(cart.qtMs == 420 && cart.qtcMs == 443)
    #expect(cart.pAxisDeg == 44 && cart.qrsAxisDeg == -61 && cart.tAxisDeg == 86)
    #expect(cart.pOnsetMs == 286 && cart.pOffsetMs == 388 && cart.qrsOnsetMs == 434)
    #expect(cart.qrsOffsetMs == 554 && cart.tOffsetMs == 854)
    #expect(cart.qrsOffsetMs! - cart.qrsOnsetMs! == cart.qrsMs!)
    #expect(cart.program == "Mortara Instrument, Inc. ELI250 (5.3)")
    #expect(demographics(recording) == RecordingDemographics(ageYears: 46, sexMale: 1, patientID: "SBJ-123"))
    #expect(acquired(recording) == "2002-11-22T09:10:00")
  }

  // Accessors keep failure messages short (an expectation on `recording.x` prints the recording).
  private func demographics(_ recording: ECGRecording) -> RecordingDemographics { recording.demographics }
  private func acquired(_ recording: ECGRecording) -> String? { recording.acquired }
  private func warnings(_ recording: ECGRecording) -> [String] { recording.warnings }
}
