import Foundation
import Testing

@testable import Signals

/// Broken inputs must give a `FormatReadError` naming the file and the field, never a trap.
/// Real files are changed in memory only (nothing is written anywhere).
@Suite("Malformed inputs")
struct XMLMalformedInputTests {
  /// Decodes a sample (UTF-8, Latin-1 or UTF-16), applies `edit` and re-encodes it the same way.
  func edited(_ relative: String, _ edit: (String) -> String) throws -> Data {
    let data = try XMLFiles.load(relative)
    if data.starts(with: [0xFF, 0xFE]) {
      return SyntheticDocuments.utf16(edit(SyntheticDocuments.text(ofUTF16: data)))
    }
    return Data(edit(String(decoding: data, as: UTF8.self)).utf8)
  }

  /// Expects an error whose message names `path` and contains every fragment.
  func expectError(
    _ data: Data, path: String = "/x/bad.xml", _ fragments: String...,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    guard let error = readError(data, path: path) else {
      Issue.record("no error", sourceLocation: sourceLocation)
      return
    }
    #expect(error.file == path, sourceLocation: sourceLocation)
    for fragment in fragments {
      #expect(error.description.contains(fragment), "\(error.description)", sourceLocation: sourceLocation)
    }
  }

  @Test("empty file, random bytes, unknown XML")
  func notECG() {
    expectError(Data(), "bad.xml", "empty")
    var generator = SeededGenerator(seed: 42)
    expectError(Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }), "bad.xml")
    expectError(Data("<html/>".utf8), "not a recognised ECG file", "<html>")
  }

  @Test("synthetic: missing sampling rate, wrong types, units, huge claims")
  func synthetic() {
    expectError(Data(SyntheticDocuments.philips(rate: nil).utf8), "signalcharacteristics/samplingrate", "missing")
    expectError(Data(SyntheticDocuments.philips(rate: "fast").utf8), "samplingrate", "'fast' is not a number")
    expectError(Data(SyntheticDocuments.philips(encoding: "Hex").utf8), "dataencoding 'Hex'")
    expectError(Data(SyntheticDocuments.philips(compression: "ZIP").utf8), "compression 'ZIP'")
    expectError(Data(SyntheticDocuments.philips(payload: "AQID").utf8), "odd byte count")
    expectError(Data(SyntheticDocuments.philips(payload: "AQIDBA==").utf8), "2 samples stored", "(truncated?)")
    expectError(Data(SyntheticDocuments.philips(encoding: "Plain", payload: "1 2 x").utf8), "'x' is not an integer")
    let huge = SyntheticDocuments.philips().replacingOccurrences(
      of: "durationperchannel=\"8\"",
      with: "durationperchannel=\"20000000000\"")
    expectError(Data(huge.utf8), "@durationperchannel", "samples per lead")
    let aecgNoRate = SyntheticDocuments.aecg.replacingOccurrences(of: "<increment value=\"1\" unit=\"ms\"/>", with: "")
    expectError(Data(aecgNoRate.utf8), "increment", "missing")
    let aecgUnit = SyntheticDocuments.aecg.replacingOccurrences(of: "unit=\"uV\"", with: "unit=\"furlong\"")
    expectError(Data(aecgUnit.utf8), "scale unit 'furlong'")
    let aecgType = SyntheticDocuments.aecg.replacingOccurrences(of: "SLIST_PQ", with: "SLIST_INT")
    expectError(Data(aecgType.utf8), "value of type SLIST_INT")
    let aecgDigits = SyntheticDocuments.aecg.replacingOccurrences(of: "0 4 -4 1.5", with: "0 4 NaN")
    expectError(Data(aecgDigits.utf8), "digits", "sample 3 'NaN' is not a number")
    let museUnits = SyntheticDocuments.muse.replacingOccurrences(of: ">MILLIVOLTS<", with: ">FURLONGS<")
    expectError(Data(museUnits.utf8), "LeadAmplitudeUnits 'FURLONGS'")
  }

  @Test(
    "GE MUSE: truncated Base64, wrong number, missing rate, 10 GB claimed count",
    .enabled(if: XMLFiles.available, XMLFiles.skipNote))
  func muse() throws {
    let file = "ge-muse/example1.xml"
    let rhythm = "RestingECG/Waveform[WaveformType=Rhythm]"
    func editRhythm(_ edit: @escaping (String) -> String) throws -> Data {
      try edited(file) { text in
        let start = text.range(of: "<WaveformType>Rhythm")!.lowerBound
        return String(text[..<start]) + edit(String(text[start...]))
      }
    }
    expectError(
      try editRhythm { $0.replacingOccurrences(of: "==\n", with: "=\n") },
      "\(rhythm)/LeadData[1]/WaveFormData", "not a multiple of 4 (truncated?)")
    let shortened = try editRhythm { text in  // drop eight whole Base64 lines (408 bytes) of the first lead
      let data = text.range(of: "<WaveFormData>")!.upperBound
      var lines = text[data...].split(separator: "\n", omittingEmptySubsequences: false)
      lines.removeSubrange(1...8)
      return String(text[..<data]) + lines.joined(separator: "\n")
    }
    expectError(shortened, "LeadData[1]/WaveFormData", "LeadSampleCountTotal says 5000 (truncated?)")
    expectError(
      try editRhythm {
        $0.replacingOccurrences(
          of: "<LeadAmplitudeUnitsPerBit>4.88",
          with:
            "<LeadAmplitudeUnitsPerBit>abc")
      },
      "LeadData[1]/LeadAmplitudeUnitsPerBit", "'abc' is not a number")
    expectError(
      try editRhythm { $0.replacingOccurrences(of: "<SampleBase>500</SampleBase>", with: "") },
      "\(rhythm)/SampleBase", "missing")
    expectError(
      try editRhythm {
        $0.replacingOccurrences(
          of: "<LeadSampleCountTotal>5000<",
          with:
            "<LeadSampleCountTotal>5000000000<")
      },
      "WaveFormData", "LeadSampleCountTotal says 5000000000")
    expectError(
      try editRhythm { $0.replacingOccurrences(of: "<WaveformType>Rhythm", with: "<WaveformType>Other") },
      "RestingECG/Waveform", "no Waveform of WaveformType Rhythm")
    expectError(try edited(file) { String($0.prefix($0.count / 2)) }, "XML (line", "(truncated?)")
  }

  @Test(
    "Philips: bad XLI stream, missing rate, 10 GB chunk length",
    .enabled(if: XMLFiles.available, XMLFiles.skipNote))
  func philips() throws {
    let file = "philips-sierra/ad4d3d80-d165_1-04_orig.xml"
    func replacePayload(_ base64: String) throws -> Data {
      try edited(file) { text in
        let open = text.range(of: "<parsedwaveforms")!, close = text.range(of: "</parsedwaveforms>")!
        let start = text[open.upperBound...].range(of: ">")!.upperBound
        return String(text[..<start]) + base64 + String(text[close.lowerBound...])
      }
    }
    var generator = SeededGenerator(seed: 3)
    let noise = Data((0..<3000).map { _ in UInt8.random(in: 0...255, using: &generator) })
    expectError(try replacePayload(noise.base64EncodedString()), "parsedwaveforms chunk 1")
    var header: [UInt8] = [0xFF, 0xFF, 0xFF, 0x7F, 1, 0, 0, 0] + Array(repeating: 0, count: 100)
    expectError(try replacePayload(Data(header).base64EncodedString()), "chunk 1", "claims 2147483647 bytes")
    header[0...3] = [0x00, 0x00, 0x00, 0x80]
    expectError(try replacePayload(Data(header).base64EncodedString()), "chunk 1", "claims -2147483648 bytes")
    expectError(try replacePayload("AAAA!AAA"), "parsedwaveforms", "byte 0x21 is not Base64")
    let noRate = try edited(file) {
      $0.replacingOccurrences(of: "<samplingrate>500</samplingrate>", with: "")
        .replacingOccurrences(of: "samplespersecond=\"500\"", with: "")
    }
    expectError(noRate, "signalcharacteristics/samplingrate", "missing")
    let order = try edited(file) { $0.replacingOccurrences(of: "leadlabels=\"I II III", with: "leadlabels=\"II I III") }
    expectError(order, "XLI lead order")
  }

  @Test("aECG: missing increment, lead lengths differ", .enabled(if: XMLFiles.available, XMLFiles.skipNote))
  func aecg() throws {
    let file = "hl7-aecg/ad4d3d80-d165_1-04_converted.xml"
    expectError(
      try edited(file) { $0.replacingOccurrences(of: "<increment value=\"0.002\" unit=\"s\"/>", with: "") },
      "sequenceSet", "increment", "missing")
    expectError(
      try edited(file) { text in
        let digits = text.range(of: "<digits>")!.upperBound
        return String(text[..<digits]) + "7 " + String(text[digits...])
      }, "has 5501 samples")
  }
}
