import Foundation
import Testing

@testable import Signals

/// A test-only XLI encoder (the inverse of the documented steps), used to round-trip signals.
enum XLITestEncoder {
  /// LZW with fixed 10-bit codes, dictionary capped at code 1022, MSB-first packing.
  static func lzw(_ bytes: [UInt8]) -> [UInt8] {
    var dictionary: [[UInt8]: Int] = [:]
    for code in 0..<256 { dictionary[[UInt8(code)]] = code }
    var next = 256, word: [UInt8] = [], codes: [Int] = []
    for byte in bytes {
      let extended = word + [byte]
      if dictionary[extended] != nil { word = extended; continue }
      codes.append(dictionary[word]!)
      if next < 1023 { dictionary[extended] = next; next += 1 }
      word = [byte]
    }
    if !word.isEmpty { codes.append(dictionary[word]!) }
    var out: [UInt8] = [], buffer = 0, bits = 0
    for code in codes {
      buffer = buffer << 10 | code
      bits += 10
      while bits >= 8 { out.append(UInt8((buffer >> (bits - 8)) & 0xFF)); bits -= 8 }
      buffer &= (1 << bits) - 1
    }
    if bits > 0 { out.append(UInt8((buffer << (8 - bits)) & 0xFF)) }
    return out
  }

  /// One lead chunk: predictor residuals, high/low byte halves, LZW, 8-byte header.
  static func chunk(_ samples: [Int]) -> [UInt8] {
    precondition(samples.count >= 3)
    var codes = [Int](repeating: 64, count: samples.count)
    codes[0] = samples[0]
    codes[1] = samples[1]
    let seed = 2 * samples[1] - samples[0] - samples[2]
    for index in 3..<samples.count {
      codes[index - 1] = 2 * samples[index - 1] - samples[index - 2] - samples[index] + 64
    }
    let words = codes.map { UInt16(bitPattern: Int16($0)) }
    let bytes = words.map { UInt8($0 >> 8) } + words.map { UInt8($0 & 0xFF) }
    let packed = lzw(bytes)
    let size = UInt32(packed.count), seedBits = UInt16(bitPattern: Int16(seed))
    return [
      UInt8(size & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size >> 16 & 0xFF), UInt8(size >> 24),
      1, 0, UInt8(seedBits & 0xFF), UInt8(seedBits >> 8),
    ] + packed
  }

  /// Limb residuals such that `PhilipsLimbLeads.reconstruct` gives the leads back.
  static func residuals(_ leads: [[Int]]) -> [[Int]] {
    var stored = leads
    for index in leads[0].indices {
      let one = leads[0][index], two = leads[1][index], three = leads[2][index]
      stored[2][index] = two - one - three
      stored[3][index] = -leads[3][index] - (one + two) / 2
      stored[4][index] = (one - three) / 2 - leads[4][index]
      stored[5][index] = (two + three) / 2 - leads[5][index]
    }
    return stored
  }
}

@Suite("XLI decoder")
struct XLIDecoderTests {
  func randomWalk(_ count: Int, seed: UInt64) -> [Int] {
    var generator = SeededGenerator(seed: seed)
    var value = 0
    return (0..<count).map { _ in
      value = max(-3000, min(3000, value + Int.random(in: -40...40, using: &generator)))
      return value
    }
  }

  @Test("round trip of random signals, several leads, odd and even lengths", arguments: [3, 4, 101, 5500])
  func roundTrip(_ count: Int) throws {
    let leads = (0..<4).map { randomWalk(count, seed: UInt64(count * 10 + $0)) }
    let stream = leads.flatMap(XLITestEncoder.chunk)
    let decoded = try XLIDecoder.decode(stream, leadCount: 4, maximumSamples: count, file: "f", field: "x")
    #expect(decoded == leads)
  }

  @Test("repetitive data exercises the KwKwK case and a full dictionary")
  func repetitive() throws {
    let signal = (0..<20_000).map { ($0 / 7) % 2 == 0 ? 100 : -100 }
    let decoded = try XLIDecoder.decode(
      XLITestEncoder.chunk(signal), leadCount: 1, maximumSamples: 20_000,
      file: "f", field: "x")
    #expect(decoded == [signal])
    let bytes: [UInt8] = Array(repeating: 7, count: 50_000)
    let lzw = try XLIDecoder.lzwDecode(XLITestEncoder.lzw(bytes)[...], maximumBytes: 60_000, file: "f", field: "x")
    #expect(lzw == bytes)
  }

  @Test("limb-lead reconstruction inverts the Philips residual coding with truncating division")
  func limbLeads() {
    let one = randomWalk(500, seed: 1), two = randomWalk(500, seed: 2)
    let leads = [
      one, two, zip(one, two).map { $1 - $0 }, zip(one, two).map { -($0 + $1) / 2 },
      randomWalk(500, seed: 5), randomWalk(500, seed: 6),
    ]
    var stored = XLITestEncoder.residuals(leads)
    #expect(stored[2].allSatisfy { $0 == 0 })
    PhilipsLimbLeads.reconstruct(&stored)
    #expect(stored == leads)
    var odd = [[-3], [0], [0], [0], [0], [0]]  // III = 3; aVR = -(-3)/2 = 1 (truncated, not 2)
    PhilipsLimbLeads.reconstruct(&odd)
    #expect(odd[2] == [3] && odd[3] == [1] && odd[4] == [-3] && odd[5] == [1])
  }

  @Test("corrupt streams are errors naming the chunk")
  func corrupt() {
    func error(_ bytes: [UInt8], leads: Int = 1, limit: Int = 100) -> String? {
      do {
        _ = try XLIDecoder.decode(bytes, leadCount: leads, maximumSamples: limit, file: "f.xml", field: "pw")
        return nil
      } catch {
        return error.description
      }
    }
    let good = XLITestEncoder.chunk([1, 2, 3, 4, 5])
    #expect(error(good, leads: 2)?.contains("pw chunk 2: XLI stream ends after 1 of 2 leads") == true)
    #expect(error(Array(good.prefix(5)))?.contains("ends after 0 of 1") == true)
    var claimsTooMuch = good
    claimsTooMuch[0] = 0xFF; claimsTooMuch[1] = 0xFF; claimsTooMuch[2] = 0xFF; claimsTooMuch[3] = 0x7F
    #expect(error(claimsTooMuch)?.contains("chunk claims 2147483647 bytes") == true)
    claimsTooMuch[3] = 0xFF
    #expect(error(claimsTooMuch)?.contains("chunk claims -1 bytes") == true)
    // first code 0x3FE (1022) is not defined yet
    #expect(error([2, 0, 0, 0, 1, 0, 0, 0, 0xFF, 0x80])?.contains("LZW code 1022 before it is defined") == true)
    let long = XLITestEncoder.chunk(Array(repeating: 5, count: 400))
    #expect(error(long, limit: 100)?.contains("decompresses to more than 202 bytes") == true)
    let steep = XLITestEncoder.chunk([0, 20000, 32000, 32760, 32767])
    #expect(error(steep) == nil)
    var overflow = XLITestEncoder.chunk([0, 30000, 32767])
    overflow[6] = 0x00; overflow[7] = 0x80  // seed -32768 drives the third sample out of range
    #expect(error(overflow)?.contains("leaves the 16-bit range") == true)
  }
}
