import Foundation
import Testing

@testable import Signals

/// SCP-ECG decoding paths on synthetic files and on the standard's own example.
struct SCPDecodingTests {
  /// The Huffman example of prEN 1064 (default table, second differences) as pixelmed's test reproduces it.
  @Test func standardHuffmanExample() throws {
    let bytes: [UInt8] = [0xFF, 0x83, 0x7F, 0xE0, 0xE6, 0xF1, 0x53, 0x65, 0x59, 0xB6, 0x5B, 0x96, 0x4B, 0x96, 0x00]
    let expected: [Int16] = [
      13, 14, 15, 14, 16, 18, 19, 20, 22, 22, 23, 23, 23, 22, 22, 20, 17, 15, 12, 8, 6, 3, 1, 0,
      -2, -2, -3, -3,
    ]
    let decoded = try SCPSampleDecoder.decode(
      bytes[...], count: expected.count, encoding: .huffman([.standard]),
      differences: 2, field: "example", file: "example")
    #expect(decoded == expected)
  }

  @Test(arguments: [0, 1, 2]) func defaultTableRoundTrip(order: Int) throws {
    var rng = SplitMix64(seed: 7)
    var x: [Int] = [0]
    for _ in 0..<2000 { x.append(max(-9000, min(9000, x.last! + Int(rng.next() % 61) - 30))) }
    x += [300, -300, 9000, -9000, 0, 5, -5]
    let encoded = SCPBuilder.defaultHuffman(SCPBuilder.differences(x, order: order))
    let decoded = try SCPSampleDecoder.decode(
      encoded[...], count: x.count, encoding: .huffman([.standard]),
      differences: order, field: "lead", file: "t")
    #expect(decoded.map(Int.init) == x)
  }

  @Test func wholeFileWithDefaultTableAndDemographics() throws {
    let lead1 = [0, 4, 8, 12, 8, 4, 0, -4]
    let lead2 = [10, 10, 10, 10, 11, 12, 13, 14]
    let bytes = SCPBuilder.file([
      1: SCPBuilder.patient(age: 63, sex: 2, date: (2021, 3, 4), time: (10, 21, 7)),
      2: SCPBuilder.le16(19999),
      3: SCPBuilder.leads([(1, 1, 8), (64, 1, 8)]),
      6: SCPBuilder.samples(
        nanovolts: 5000, intervalUs: 4000, differences: 1,
        leads: [
          SCPBuilder.defaultHuffman(SCPBuilder.differences(lead1, order: 1)),
          SCPBuilder.defaultHuffman(SCPBuilder.differences(lead2, order: 1)),
        ]),
    ])
    #expect(recogniseBinaryECG(Data(bytes)) == .scpECG)
    let r = try readBinaryECG(Data(bytes), path: "/x/synthetic.scp")
    #expect(r.samplingRate == 250)
    #expect(r.leads.map(\.name) == ["I", "aVF"])
    #expect(r.leads[0].samples == lead1.map { Double($0) * 0.005 })
    #expect(r.leads[1].samples == lead2.map { Double($0) * 0.005 })
    #expect(r.demographics == RecordingDemographics(ageYears: 63, sexMale: 0))
    #expect(r.acquired == "2021-03-04T10:21:07")
  }

  @Test func uncompressedWhenNoSection2() throws {
    let values = [1, -2, 300, -32768, 32767]
    let raw = values.flatMap { SCPBuilder.le16($0) }
    let bytes = SCPBuilder.file([
      3: SCPBuilder.leads([(2, 1, 5)]),
      6: SCPBuilder.samples(
        nanovolts: 1000, intervalUs: 2000, differences: 0,
        leads: [raw]),
    ])
    let r = try SCPECGReader.read(Data(bytes), path: "u.scp")
    #expect(r.leads[0].samples == values.map { Double($0) / 1000 })
  }

  /// Two custom tables; table 1 switches to table 2 and back; an escape code carries 8 raw bits.
  @Test func customTablesWithSwitching() throws {
    // Table 1: "0" -> 0, "10" -> 1, "110" -> switch to table 2, "111" + 8 bits -> value.
    // Table 2: "0" -> 5, "1" -> switch to table 1. Base codes are stored bit-reversed.
    func code(_ prefix: Int, _ total: Int, _ mode: Int, _ value: Int, _ bits: UInt32) -> [UInt8] {
      [UInt8(prefix), UInt8(total), UInt8(mode)] + SCPBuilder.le16(value)
        + SCPBuilder.le32(Int(SCPHuffmanTable.reversed(bits, bits: prefix)))
    }
    let section2 =
      SCPBuilder.le16(2) + SCPBuilder.le16(4) + code(1, 1, 1, 0, 0b0) + code(2, 2, 1, 1, 0b10)
      + code(3, 3, 0, 2, 0b110) + code(3, 11, 1, 0, 0b111) + SCPBuilder.le16(2) + code(1, 1, 1, 5, 0b0)
      + code(1, 1, 0, 1, 0b1)
    var bits = BitWriter()
    bits.put(0b10, 2)  // 1
    bits.put(0b0, 1)  // 0
    bits.put(0b110, 3)  // -> table 2
    bits.put(0b00, 2)  // 5, 5
    bits.put(0b1, 1)  // -> table 1
    bits.put(0b111, 3)
    bits.put(0xF6, 8)  // -10
    let bytes = SCPBuilder.file([
      2: section2, 3: SCPBuilder.leads([(3, 1, 5)]),
      6: SCPBuilder.samples(
        nanovolts: 1000, intervalUs: 1000, differences: 0,
        leads: [bits.bytes]),
    ])
    let r = try SCPECGReader.read(Data(bytes), path: "c.scp")
    #expect(r.leads[0].samples == [0.001, 0, 0.005, 0.005, -0.010])
    #expect(r.leads[0].name == "V1")
  }

  /// Residual (section 6) + reference beat (section 5) over the type-0 zones of section 4.
  @Test func referenceBeatIsAddedBack() throws {
    let beat = [0, 10, 50, 100, 50, 10, 0, 0, 0, 0]  // 10 samples at 1000 Hz: 10 ms, fiducial 4
    let residual = Array(repeating: 1, count: 40)
    // Beats (type, start, fiducial, end): type 0 around sample 10 and 30; a type-1 beat at 20 is not subtracted.
    let zones: [(Int, Int, Int, Int)] = [(0, 8, 10, 14), (1, 18, 20, 24), (0, 28, 30, 34)]
    var section4 = SCPBuilder.le16(10) + SCPBuilder.le16(4) + SCPBuilder.le16(zones.count)
    for (t, s, f, e) in zones {
      section4 += SCPBuilder.le16(t) + SCPBuilder.le32(s) + SCPBuilder.le32(f) + SCPBuilder.le32(e)
    }
    for (_, s, _, e) in zones { section4 += SCPBuilder.le32(s) + SCPBuilder.le32(e) }
    let bytes = SCPBuilder.file([
      2: SCPBuilder.le16(19999), 3: SCPBuilder.leads([(1, 1, 40)], subtracted: true), 4: section4,
      5: SCPBuilder.samples(
        nanovolts: 2000, intervalUs: 1000, differences: 0,
        leads: [SCPBuilder.defaultHuffman(beat)]),
      6: SCPBuilder.samples(
        nanovolts: 1000, intervalUs: 1000, differences: 2,
        leads: [SCPBuilder.defaultHuffman(SCPBuilder.differences(residual, order: 2))]),
    ])
    let r = try SCPECGReader.read(Data(bytes), path: "b.scp")
    var expected = residual.map { Double($0) * 0.001 }
    for (type, start, fiducial, end) in zones where type == 0 {
      for sample in start...end {
        let j = sample - fiducial + 4 - 1
        if j >= 0, j < beat.count { expected[sample - 1] += Double(beat[j]) * 0.002 }
      }
    }
    #expect(r.leads[0].samples.count == 40)
    for (a, b) in zip(r.leads[0].samples, expected) { #expect(abs(a - b) < 1e-12) }
    #expect(r.leads[0].samples[9] > 0.2)  // sample 10 is the fiducial: 1 + 100 * 2 uV
  }

  @Test func leadsWithDifferentRangesShareOneAxis() throws {
    let bytes = SCPBuilder.file([
      2: SCPBuilder.le16(19999), 3: SCPBuilder.leads([(1, 1, 4), (2, 3, 6)], simultaneous: false),
      6: SCPBuilder.samples(
        nanovolts: 1000, intervalUs: 1000, differences: 0,
        leads: [SCPBuilder.defaultHuffman([1, 2, 3, 4]), SCPBuilder.defaultHuffman([5, 6, 7, 8])]),
    ])
    let r = try SCPECGReader.read(Data(bytes), path: "n.scp")
    #expect(r.sampleCount == 6)
    #expect(r.leads[0].samples.suffix(2).allSatisfy(\.isNaN) && r.leads[0].samples[0] == 0.001)
    #expect(r.leads[1].samples.prefix(2).allSatisfy(\.isNaN) && r.leads[1].samples[2] == 0.005)
    #expect(r.warnings.contains { $0.contains("not all recorded simultaneously") })
  }

  /// Section 8: confirmed flag, date, time, count, then (sequence number, length, text) per statement.
  @Test func interpretationStatements() throws {
    var section8: [UInt8] = [1] + SCPBuilder.le16(2021) + [3, 4] + [10, 21, 7] + [2]
    for (k, text) in ["Sinus rhythm", "Normal ECG"].enumerated() {
      section8 += [UInt8(k + 1)] + SCPBuilder.le16(text.utf8.count + 1) + Array(text.utf8) + [0]
    }
    let bytes = SCPBuilder.file([
      2: SCPBuilder.le16(19999), 3: SCPBuilder.leads([(1, 1, 1)]), 8: section8,
      6: SCPBuilder.samples(
        nanovolts: 1000, intervalUs: 1000, differences: 0,
        leads: [SCPBuilder.defaultHuffman([0])]),
    ])
    #expect(try SCPECGReader.interpretation(Data(bytes), path: "i.scp") == ["Sinus rhythm", "Normal ECG"])
  }

  @Test func bimodalIsReportedUnsupported() {
    let bytes = SCPBuilder.file([
      2: SCPBuilder.le16(19999), 3: SCPBuilder.leads([(1, 1, 2)]),
      6: SCPBuilder.samples(
        nanovolts: 1000, intervalUs: 1000, differences: 0, bimodal: true,
        leads: [SCPBuilder.defaultHuffman([1, 2])]),
    ])
    let error = readError { () throws(FormatReadError) in try SCPECGReader.read(Data(bytes), path: "bi.scp") }
    #expect(error == .unsupported(file: "bi.scp", feature: "SCP section 6 bimodal compression"))
  }
}

/// A small deterministic generator for tests (SplitMix64).
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
