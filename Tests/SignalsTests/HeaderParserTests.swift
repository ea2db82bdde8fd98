import ECGLensTestSupport
import Foundation
import Testing

@testable import Signals

@Suite struct HeaderParserTests {
  @Test func mitbihHeader_withCRLF_parsesRecordSignalsAndComments() throws {
    let text =
      "100 2 360 650000\r\n100.dat 212 200 11 1024 995 -22131 0 MLII\r\n"
      + "100.dat 212 200 11 1024 1011 20052 0 V5\r\n# 69 M 1085 1629 x1\r\n# Aldomet, Inderal\r\n"
    let h = try parseWFDBHeader(text, file: "100.hea")
    #expect(h.recordName == "100")
    #expect(h.samplingFrequency == 360)
    #expect(h.counterFrequency == 360)
    #expect(h.sampleCount == 650_000)
    #expect(h.signals.count == 2)
    let s = h.signals[0]
    #expect(s.fileName == "100.dat")
    #expect(s.format == .packed212)
    #expect(s.adcGain == 200 && s.gainIsExplicit)
    #expect(s.baseline == 1024)  // defaults to ADC zero
    #expect(s.units == "mV")
    #expect(s.adcResolution == 11 && s.adcZero == 1024)
    #expect(s.initialValue == 995 && s.checksum == -22131 && s.blockSize == 0)
    #expect(s.description == "MLII")
    #expect(h.comments == ["69 M 1085 1629 x1", "Aldomet, Inderal"])
  }

  @Test func ludbHeader_gainWithBaselineAndUnits() throws {
    let text =
      "1 2 500 5000\n1.dat 16 1716(6)/mV 0 0 -120 -32198 0 i\n"
      + "1.dat 16 1206(2)/uV 0 0 25 12402 0 lead ii with spaces\n#<age>: 51\n"
    let h = try parseWFDBHeader(text, file: "1.hea")
    #expect(h.signals[0].adcGain == 1716 && h.signals[0].baseline == 6)
    #expect(h.signals[1].units == "uV" && h.signals[1].baseline == 2)
    #expect(h.signals[1].adcResolution == 16)  // 0 in the header means the format's default
    #expect(h.signals[1].description == "lead ii with spaces")
    #expect(h.comments == ["<age>: 51"])
  }

  @Test func recordLine_counterFrequencyBaseTimeAndDate() throws {
    let h = try parseWFDBHeader(
      "r 1 250/1000(12) 100 12:30:00 01/02/2020\nr.dat 16x2:3+512 0\n", file: "r.hea")
    #expect(h.samplingFrequency == 250 && h.counterFrequency == 1000 && h.baseCounter == 12)
    #expect(h.baseTime == "12:30:00" && h.baseDate == "01/02/2020")
    let s = h.signals[0]
    #expect(s.samplesPerFrame == 2 && s.skew == 3 && s.byteOffset == 512)
    #expect(s.adcGain == 200 && !s.gainIsExplicit)  // gain 0 means the WFDB default
  }

  @Test func minimalHeader_defaults() throws {
    let h = try parseWFDBHeader("rec 1\nrec.dat 80\n", file: "rec.hea")
    #expect(h.samplingFrequency == 250)
    #expect(h.sampleCount == nil)
    #expect(h.signals[0].adcResolution == 8 && h.signals[0].description == "")
  }

  @Test func errors_nameTheLineAndProblem() {
    #expect(throws: SignalsError.unsupportedFormat(file: "x.hea", line: 2, format: 999)) {
      try parseWFDBHeader("x 1 360 10\nx.dat 999 200 12 0 0 0 0 I\n", file: "x.hea")
    }
    #expect(throws: SignalsError.multiSegmentRecord(file: "m.hea", segments: 3)) {
      try parseWFDBHeader("m/3 2 360 100\n", file: "m.hea")
    }
    #expect(throws: SignalsError.self) { try parseWFDBHeader("", file: "e.hea") }
    #expect(throws: SignalsError.self) { try parseWFDBHeader("x two 360\n", file: "x.hea") }
    #expect(throws: SignalsError.self) { try parseWFDBHeader("x 1 -360\nx.dat 16\n", file: "x.hea") }
    #expect(throws: SignalsError.self) { try parseWFDBHeader("x 1 360 -5\nx.dat 16\n", file: "x.hea") }
    #expect(throws: SignalsError.self) { try parseWFDBHeader("x 2 360 5\nx.dat 16\n", file: "x.hea") }
    #expect(throws: SignalsError.self) { try parseWFDBHeader("x 1 360 5\nx.dat 16 abc\n", file: "x.hea") }
    #expect(throws: SignalsError.self) { try parseWFDBHeader("x 1 360 5\nx.dat 16x0\n", file: "x.hea") }
    do {
      _ = try parseWFDBHeader("x 1 360 10\nx.dat 16 nan 12\n", file: "x.hea")
      Issue.record("a NaN gain must not parse")
    } catch {
      #expect(String(describing: error).contains("x.hea:2"))
    }
  }

  /// Random byte mutations of real headers must parse or throw `SignalsError`, never crash.
  @Test(arguments: [1 as UInt64, 2, 3, 4])
  func fuzz_mutatedRealHeaders_neverCrash(seed: UInt64) throws {
    var rng = SeededGenerator(seed: seed)
    let headers = try ["mitdb/100", "mitdb/208", "ludb/1", "ludb/2"].map {
      try String(contentsOfFile: TestPaths.samples + "/\($0).hea", encoding: .utf8)
    }
    let alphabet = Array(" \t\r\n#/()+-:x.0123456789abcdefmV".utf8)
    var parsed = 0, rejected = 0
    for _ in 0..<2000 {
      var bytes = Array(headers.randomElement(using: &rng)!.utf8)
      for _ in 0..<Int.random(in: 1...6, using: &rng) {
        let i = Int.random(in: 0..<bytes.count, using: &rng)
        switch Int.random(in: 0..<3, using: &rng) {
        case 0: bytes[i] = alphabet.randomElement(using: &rng)!
        case 1: bytes.remove(at: i)
        default: bytes.insert(alphabet.randomElement(using: &rng)!, at: i)
        }
        if bytes.isEmpty { bytes = [0x20] }
      }
      do {
        _ = try parseWFDBHeader(String(decoding: bytes, as: UTF8.self), file: "fuzz.hea")
        parsed += 1
      } catch {
        rejected += 1
      }
    }
    #expect(parsed + rejected == 2000, "seed \(seed)")
    #expect(rejected > 0, "seed \(seed): mutations should break some headers")
  }
}
