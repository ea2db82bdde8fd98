import Core
import Foundation

/// Seeded mutations of a file's bytes, the faults a careless user or a hostile file brings:
/// flipped bits, bytes set to extremes, random bytes inserted, ranges deleted or repeated, the
/// file cut short; for text, numbers replaced by extreme or malformed values and lines dropped or
/// repeated. The same seed gives the same mutant on every machine.
public struct Mutator {
  var rng: SplitMix64
  public init(seed: UInt64) { rng = SplitMix64(seed: seed) }

  mutating func index(_ n: Int) -> Int { n <= 0 ? 0 : Int(rng.next() % UInt64(n)) }

  /// One to four mutations of `data`, chosen by the generator; text-aware for text seeds.
  public mutating func mutate(_ data: Data, isText: Bool) -> Data {
    var bytes = [UInt8](data)
    let rounds = 1 + index(4)
    for _ in 0..<rounds {
      if isText && index(2) == 0 {
        bytes = mutateText(bytes)
        continue
      }
      guard !bytes.isEmpty else {
        bytes = (0..<(1 + index(64))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        continue
      }
      switch index(7) {
      case 0: bytes[index(bytes.count)] ^= UInt8(1) << UInt8(index(8))
      case 1: bytes[index(bytes.count)] = [0, 0xFF, 0x7F, 0x80][index(4)]
      case 2:
        let at = index(bytes.count + 1)
        bytes.insert(contentsOf: (0..<(1 + index(32))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, at: at)
      case 3:
        let a = index(bytes.count), b = min(bytes.count, a + 1 + index(64))
        bytes.removeSubrange(a..<b)
      case 4: bytes = Array(bytes.prefix(index(bytes.count)))
      case 5:
        let a = index(bytes.count), b = min(bytes.count, a + 1 + index(64))
        bytes.insert(contentsOf: bytes[a..<b], at: b)
      default:
        let a = index(bytes.count)
        for k in a..<min(bytes.count, a + 8) { bytes[k] = UInt8(truncatingIfNeeded: rng.next()) }
      }
    }
    return Data(bytes)
  }

  /// Replaces a number with an extreme or malformed one, or drops or repeats a line.
  mutating func mutateText(_ bytes: [UInt8]) -> [UInt8] {
    var text = String(decoding: bytes, as: UTF8.self)
    var lines = text.components(separatedBy: "\n")
    guard !lines.isEmpty else { return bytes }
    let k = index(lines.count)
    switch index(4) {
    case 0: lines.remove(at: k)
    case 1: lines.insert(lines[k], at: k)
    default:
      let extremes = ["-1", "0", "1e308", "-1e308", "nan", "inf", "99999999999999999999", "1.5", "", "x", "2147483648", "-0"]
      var words = lines[k].split(separator: " ", omittingEmptySubsequences: false).map(String.init)
      let numeric = words.indices.filter { Double(words[$0].split(separator: ",").first ?? "") != nil || Int(words[$0]) != nil }
      if let w = numeric.isEmpty ? (words.isEmpty ? nil : index(words.count)) : numeric[index(numeric.count)] {
        words[w] = extremes[index(extremes.count)]
      }
      lines[k] = words.joined(separator: " ")
    }
    text = lines.joined(separator: "\n")
    return Array(text.utf8)
  }
}
