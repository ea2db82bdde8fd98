import Foundation
import Testing

@testable import Signals

/// The golden JSON written by Scripts/make_edf_fixtures.py (what pyedflib reads back).
struct EDFGolden: Decodable {
  struct Signal: Decodable {
    var label: String
    var unit: String
    var rate: Double
    var fingerprint: Fingerprint
  }
  struct Annotation: Decodable {
    var onset: Double
    var duration: Double?
    var text: String
  }
  struct File: Decodable {
    var file: String
    var signals: [Signal]
    var annotations: [Annotation]
    var startdate: String
    var records: Int
  }
  var tool: String
  var files: [File]
}

/// EDF fixtures made from PTB-XL 00001_hr (plain EDF, uV) and MIT-BIH 100 first 60 s (EDF+C, mV, 75 beat
/// annotations), compared with pyedflib's reading within 1e-9 mV per sample.
struct EDFFixtureTests {
  static func golden(_ name: String) throws -> EDFGolden.File {
    let all = try JSONDecoder().decode(EDFGolden.self, from: try BinaryFiles.fixture("edf-golden.json"))
    return try #require(all.files.first { $0.file == name })
  }

  @Test(arguments: ["ptbxl-00001_hr.edf", "mitdb-100-60s.edf"])
  func samplesMatchPyedflib(file: String) throws {
    let golden = try Self.golden(file)
    let r = try readBinaryECG(try BinaryFiles.fixture(file), path: "Fixtures/" + file)
    #expect(r.format == .edf)
    #expect(r.leads.count == golden.signals.count)
    var comparisons: [FingerprintComparison] = []
    for (lead, signal) in zip(r.leads, golden.signals) {
      #expect(r.samplingRate == signal.rate)
      let comparison = FingerprintComparison(lead.samples, signal.fingerprint, tolerance: 1e-9)
      #expect(comparison.passes, "\(file) \(signal.label): \(comparison)")
      comparisons.append(comparison)
    }
    print(comparisons.summary(file + " vs pyedflib"))
  }

  @Test func ptbxlHeader() throws {
    let r = try EDFReader.read(try BinaryFiles.fixture("ptbxl-00001_hr.edf"), path: "ptbxl-00001_hr.edf")
    #expect(r.leads.map(\.name) == LeadNames.standard)
    #expect(r.duration == 10)
    // The header's "09.11.84" alone means 2084 (EDF clipping rule, what pyedflib reports); the recording
    // field's "Startdate 09-NOV-1984" gives the real year, as PTB-XL recorded it on 1984-11-09 09:17:34.
    #expect(try Self.golden("ptbxl-00001_hr.edf").startdate == "2084-11-09T09:17:34")
    #expect(r.acquired == "1984-11-09T09:17:34")
    #expect(r.demographics == RecordingDemographics())  // plain EDF: patient field is free text
    #expect(r.events.isEmpty && r.warnings.isEmpty)
  }

  @Test func mitdbAnnotationsAndPatient() throws {
    let golden = try Self.golden("mitdb-100-60s.edf")
    let r = try EDFReader.read(try BinaryFiles.fixture("mitdb-100-60s.edf"), path: "mitdb-100-60s.edf")
    #expect(r.leads.map(\.name) == ["ECG MLII", "V5"])
    #expect(r.samplingRate == 360 && r.sampleCount == 21600)
    #expect(r.demographics == RecordingDemographics(ageYears: nil, sexMale: 1))
    #expect(r.acquired == "2000-01-01T00:00:00")
    #expect(r.events.count == 75 && golden.annotations.count == 75)
    for (event, expected) in zip(r.events, golden.annotations) {
      #expect(abs(event.onset - expected.onset) <= 1e-9)
      #expect(event.text == expected.text && event.duration == expected.duration)
    }
    #expect(r.events.first?.text == "+(N")
  }
}

/// Synthetic EDF headers: mixed rates, EDF+D, birthdate, truncation.
struct EDFSyntheticTests {
  struct Signal {
    var label: String
    var unit = "uV"
    var samples: Int
    var physical = (-3276.8, 3276.7)
    var digital = (-32768, 32767)
  }

  static func field(_ text: String, _ width: Int) -> [UInt8] {
    Array(text.utf8.prefix(width)) + [UInt8](repeating: 0x20, count: max(0, width - text.utf8.count))
  }

  static func file(
    _ signals: [Signal], records: Int, duration: String = "1", reserved: String = "EDF+C",
    patient: String = "X F 02-MAR-1950 X", statedRecords: Int? = nil,
    annotations: [UInt8] = []
  ) -> [UInt8] {
    var h = field("0", 8) + field(patient, 80) + field("Startdate 04-MAR-2019 X X X", 80) + field("04.03.19", 8)
    h += field("10.21.07", 8) + field(String(256 * (signals.count + 1)), 8) + field(reserved, 44)
    h += field(String(statedRecords ?? records), 8) + field(duration, 8) + field(String(signals.count), 4)
    for s in signals { h += field(s.label, 16) }
    for _ in signals { h += field("", 80) }
    for s in signals { h += field(s.unit, 8) }
    for s in signals { h += field(String(s.physical.0), 8) }
    for s in signals { h += field(String(s.physical.1), 8) }
    for s in signals { h += field(String(s.digital.0), 8) }
    for s in signals { h += field(String(s.digital.1), 8) }
    for _ in signals { h += field("", 80) }
    for s in signals { h += field(String(s.samples), 8) }
    for _ in signals { h += field("", 32) }
    for r in 0..<records {
      for s in signals {
        if s.label == "EDF Annotations" {
          let tal = r == 0 ? Array("+0\u{14}\u{14}\u{0}".utf8) + annotations : Array("+\(r)\u{14}\u{14}\u{0}".utf8)
          h += tal + [UInt8](repeating: 0, count: 2 * s.samples - tal.count)
        } else {
          for n in 0..<s.samples { h += SCPBuilder.le16(100 * r + n) }
        }
      }
    }
    return h
  }

  @Test func mixedRatesKeepTheCommonRateAndSayWhichWereDropped() throws {
    let tal = Array("+0.5\u{15}1.25\u{14}Beat A\u{14}Second\u{14}\u{0}+0.25\u{14}Early\u{14}\u{0}".utf8)
    let bytes = Self.file(
      [
        Signal(label: "ECG I", samples: 4), Signal(label: "EEG Fz", samples: 4),
        Signal(label: "ECG II", samples: 4), Signal(label: "ECG V1", samples: 8),
        Signal(label: "EDF Annotations", unit: "", samples: 30),
      ], records: 2, annotations: tal)
    #expect(recogniseBinaryECG(Data(bytes)) == .edf)
    let r = try readBinaryECG(Data(bytes), path: "mixed.edf")
    #expect(r.leads.map(\.name) == ["I", "II"])
    #expect(r.samplingRate == 4)
    #expect(r.leads[0].samples.count == 8)
    #expect(abs(r.leads[0].samples[5] - 0.0101) < 1e-12)  // digital 101 at 0.1 uV per unit
    #expect(r.warnings.contains { $0.contains("\"ECG V1\" (8.0 Hz)") })
    #expect(
      r.events == [
        RecordingEvent(onset: 0.25, text: "Early"),
        RecordingEvent(onset: 0.5, duration: 1.25, text: "Beat A"),
        RecordingEvent(onset: 0.5, duration: 1.25, text: "Second"),
      ])
    #expect(r.demographics == RecordingDemographics(ageYears: 69, sexMale: 0))  // 02-MAR-1950 to 04-MAR-2019
    #expect(r.acquired == "2019-03-04T10:21:07")
  }

  @Test func discontinuousIsUnsupported() {
    let bytes = Self.file([Signal(label: "ECG I", samples: 2)], records: 1, reserved: "EDF+D")
    let error = readError { () throws(FormatReadError) in try EDFReader.read(Data(bytes), path: "d.edf") }
    #expect(error == .unsupported(file: "d.edf", feature: "EDF+D (discontinuous recording)"))
  }

  @Test func truncatedRecordsAndBadFieldsAreNamed() {
    let short = Self.file([Signal(label: "ECG I", samples: 2)], records: 1, statedRecords: 3)
    #expect(
      readError { () throws(FormatReadError) in try EDFReader.read(Data(short), path: "t.edf") }?.field
        == "EDF header: number of data records")
    var bad = Self.file([Signal(label: "ECG I", samples: 2)], records: 1)
    bad.replaceSubrange(244..<252, with: Self.field("one", 8))
    #expect(
      readError { () throws(FormatReadError) in try EDFReader.read(Data(bad), path: "t.edf") }?.field
        == "EDF header: duration of a data record")
    let flat = Self.file([Signal(label: "ECG I", samples: 2, digital: (5, 5))], records: 1)
    #expect(
      readError { () throws(FormatReadError) in try EDFReader.read(Data(flat), path: "t.edf") }?.field
        == "EDF signal 1 digital minimum/maximum")
    let none = Self.file([Signal(label: "Resp", unit: "Ohm", samples: 2)], records: 1)
    #expect(
      readError { () throws(FormatReadError) in try EDFReader.read(Data(none), path: "t.edf") }?.field
        == "EDF signals")
    let tal = Array("0.5\u{14}no sign\u{14}\u{0}".utf8)
    let badTAL = Self.file(
      [
        Signal(label: "ECG I", samples: 2),
        Signal(label: "EDF Annotations", unit: "", samples: 20),
      ],
      records: 1, annotations: tal)
    #expect(
      readError { () throws(FormatReadError) in try EDFReader.read(Data(badTAL), path: "t.edf") }?.field
        == "EDF annotations (signal 2, data record 1)")
  }
}
