import ECGLensTestSupport
import Foundation
import Testing

@testable import Signals

/// Every record of ../shared/data/{mitdb,ludb,ptb-xl} read by ECGLens equals what wfdb-python
/// 4.3.1 reads: header fields, digital samples (exact integer fingerprints, see
/// Scripts/make_reference_fixtures.py) and every annotation file.
@Suite(
  .enabled(
    if: TestPaths.hasSharedData("mitdb") && TestPaths.hasSharedData("ludb") && TestPaths.hasSharedData("ptb-xl"),
    "needs ../shared/data (or $ECGLENS_DATA) with mitdb, ludb and ptb-xl"))
struct WFDBReferenceTests {
  struct Fingerprint: Decodable, Equatable {
    var n: Int
    var sum: Int
    var sumsq: Int
    var weighted: Int
    var head: [Int]
    var tail: [Int]

    init(n: Int, sum: Int, sumsq: Int, weighted: Int, head: [Int], tail: [Int]) {
      (self.n, self.sum, self.sumsq, self.weighted, self.head, self.tail) = (n, sum, sumsq, weighted, head, tail)
    }

    init<C: Collection>(_ values: C) where C.Element: BinaryInteger {
      var sum = 0, sumsq = 0, weighted = 0
      for (i, v) in values.enumerated() {
        let x = Int(v)
        sum &+= x
        sumsq &+= x &* x
        weighted &+= x &* (i % 65521 + 1)
      }
      self.init(
        n: values.count, sum: sum, sumsq: sumsq, weighted: weighted,
        head: values.prefix(8).map { Int($0) }, tail: values.suffix(8).map { Int($0) })
    }
  }
  struct Signal: Decodable {
    var name: String, fmt: Int, gain: Double, baseline: Int, units: String
    var adc_res: Int, adc_zero: Int, init_value: Int, checksum: Int
    var digital: Fingerprint
  }
  struct RecordEntry: Decodable {
    var name: String, fs: Double, samples: Int, comments: [String], signals: [Signal]
  }
  struct AnnotationEntry: Decodable {
    var count: Int
    var sample: Fingerprint?
    var code_weighted: Int, subtype_weighted: Int, chan_weighted: Int, num_weighted: Int
    var symbols: String
    var aux: [AuxEntry]
  }
  struct AuxEntry: Decodable {
    var index: Int, text: String
    init(from decoder: Decoder) throws {
      var c = try decoder.unkeyedContainer()
      index = try c.decode(Int.self)
      text = try c.decode(String.self)
    }
  }
  struct Reference: Decodable {
    var records: [String: RecordEntry]
    var annotations: [String: AnnotationEntry]
  }

  static let reference: Reference? = try? loadJSON(
    Reference.self, from: TestPaths.fixtures + "/wfdb-reference.json")

  private func path(_ key: String) -> String {
    let db = key.split(separator: "/", maxSplits: 1)
    return TestPaths.sharedData + "/" + db[0] + "/" + db[1]
  }

  @Test(arguments: ["mitdb/", "ludb/", "ptb-xl/"])
  func everyRecord_matchesWfdbPython(database: String) throws {
    let reference = try #require(Self.reference)
    let keys = reference.records.keys.filter { $0.hasPrefix(database) }.sorted()
    #expect(keys.count == ["mitdb/": 48, "ludb/": 200, "ptb-xl/": 500][database])
    for key in keys {
      let expected = reference.records[key]!
      let record = try readRecord(at: path(key), options: .init(strictChecksums: true))
      #expect(record.name == expected.name, "\(key)")
      #expect(record.samplingFrequency == expected.fs, "\(key)")
      #expect(record.frameCount == expected.samples, "\(key)")
      #expect(record.header.comments == expected.comments, "\(key)")
      #expect(record.digital.count == expected.signals.count, "\(key)")
      for (i, s) in expected.signals.enumerated() where i < record.digital.count {
        let spec = record.header.signals[i]
        #expect(spec.description == s.name && spec.format.rawValue == s.fmt, "\(key) \(i)")
        #expect(spec.adcGain == s.gain && spec.baseline == s.baseline && spec.units == s.units, "\(key) \(i)")
        // A resolution written as 0 means the format's default; wfdb-python reports the 0.
        let resolution = s.adc_res == 0 ? spec.format.defaultResolution : s.adc_res
        #expect(spec.adcResolution == resolution && spec.adcZero == s.adc_zero, "\(key) \(i)")
        #expect(spec.initialValue == s.init_value && spec.checksum == s.checksum, "\(key) \(i)")
        #expect(Fingerprint(record.digital[i]) == s.digital, "\(key) signal \(s.name)")
      }
    }
  }

  @Test(arguments: ["mitdb/", "ludb/"])
  func everyAnnotationFile_matchesWfdbPython(database: String) throws {
    let reference = try #require(Self.reference)
    let keys = reference.annotations.keys.filter { $0.hasPrefix(database) }.sorted()
    #expect(keys.count == ["mitdb/": 48, "ludb/": 2400][database])
    for key in keys {
      let expected = reference.annotations[key]!
      let set = try readAnnotationFile(at: path(key))
      let a = set.annotations
      #expect(a.count == expected.count, "\(key)")
      #expect(expected.sample == nil || Fingerprint(a.map(\.sample)) == expected.sample, "\(key)")
      func weighted(_ f: (Annotation) -> Int) -> Int {
        a.enumerated().reduce(0) { $0 &+ f($1.element) &* ($1.offset % 65521 + 1) }
      }
      #expect(weighted { Int($0.code.rawValue) } == expected.code_weighted, "\(key)")
      #expect(weighted { Int($0.subtype) } == expected.subtype_weighted, "\(key)")
      #expect(weighted { Int($0.channel) } == expected.chan_weighted, "\(key)")
      #expect(weighted { Int($0.number) } == expected.num_weighted, "\(key)")
      #expect(String(Set(a.map(\.code.symbol)).sorted().joined()) == expected.symbols, "\(key)")
      // wfdb-python keeps the C terminator MIT-BIH stores in aux text ("(N\0"); ECGLens drops it.
      let aux = a.enumerated().filter { !$0.element.aux.isEmpty }.map { "\($0.offset):\($0.element.aux)" }
      let expectedAux = expected.aux.map { e in
        "\(e.index):" + String(e.text.reversed().drop(while: { $0 == "\0" }).reversed())
      }
      #expect(aux == expectedAux, "\(key)")
    }
  }
}
