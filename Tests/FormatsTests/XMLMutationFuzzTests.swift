import Foundation
import Testing

@testable import Signals

/// Seeded random mutations of every real file: each mutated file must give either a plausible
/// recording or a `FormatReadError` naming the file; a trap (crash) fails the whole run.
/// `ECGLENS_FUZZ_MUTATIONS` sets the number per file (default 200).
@Suite("Seeded mutation fuzzing of the real files", .enabled(if: XMLFiles.available, XMLFiles.skipNote))
struct MutationFuzzTests {
  static let mutations = Int(ProcessInfo.processInfo.environment["ECGLENS_FUZZ_MUTATIONS"] ?? "") ?? 200

  enum Operator: CaseIterable {
    case flipByte, truncate, deleteRange, duplicateRange, insertRandom, changeDigit, changeBase64, hugeNumber
  }

  static func mutate(_ bytes: [UInt8], _ op: Operator, using generator: inout SeededGenerator) -> [UInt8] {
    var out = bytes
    let position = Int.random(in: 0..<bytes.count, using: &generator)
    func forward(to accept: (UInt8) -> Bool) -> Int? { out[position...].firstIndex(where: accept) }
    switch op {
    case .flipByte:
      out[position] = UInt8.random(in: 0...255, using: &generator)
    case .truncate:
      out.removeSubrange(position...)
    case .deleteRange:
      out.removeSubrange(position..<min(out.count, position + Int.random(in: 1...64, using: &generator)))
    case .duplicateRange:
      let piece = out[position..<min(out.count, position + Int.random(in: 1...64, using: &generator))]
      out.insert(contentsOf: piece, at: Int.random(in: 0..<out.count, using: &generator))
    case .insertRandom:
      out.insert(
        contentsOf: (0..<Int.random(in: 1...16, using: &generator)).map { _ in
          UInt8.random(in: 0...255, using: &generator)
        }, at: position)
    case .changeDigit:
      if let index = forward(to: { $0 >= 0x30 && $0 <= 0x39 }) {
        out[index] = Array("0123456789-.".utf8).randomElement(using: &generator)!
      }
    case .changeBase64:
      let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
      if let index = forward(to: { alphabet.contains($0) }) { out[index] = alphabet.randomElement(using: &generator)! }
    case .hugeNumber:
      if let index = forward(to: { $0 >= 0x30 && $0 <= 0x39 }) {
        out.replaceSubrange(index..<(index + 1), with: Array("99999999999".utf8))
      }
    }
    return out
  }

  /// UTF-16 files are mutated half the time as raw bytes, half the time as text (UTF-8) and
  /// then re-encoded, so that the deeper layers are reached too.
  static func mutatedDocument(_ original: [UInt8], text: [UInt8]?, using generator: inout SeededGenerator) -> Data {
    let op = Operator.allCases.randomElement(using: &generator)!
    if let text, Bool.random(using: &generator) {
      return SyntheticDocuments.utf16(String(decoding: mutate(text, op, using: &generator), as: UTF8.self))
    }
    return Data(mutate(original, op, using: &generator))
  }

  @Test("mutated files give a recording or a FormatReadError", arguments: XMLFiles.allFiles)
  func mutations(_ relative: String) throws {
    let data = try XMLFiles.load(relative)
    let original = Array(data)
    let text = data.starts(with: [0xFF, 0xFE]) ? Array(SyntheticDocuments.text(ofUTF16: data).utf8) : nil
    let path = XMLFiles.path(relative)
    let seed = relative.utf8.reduce(1_469_598_103_934_665_603) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }  // FNV-1a
    var generator = SeededGenerator(seed: seed)
    var read = 0, errors: [String: Int] = [:]
    for _ in 0..<Self.mutations {
      let mutated = Self.mutatedDocument(original, text: text, using: &generator)
      do {
        let recording = try readXMLECG(mutated, path: path)
        read += 1
        #expect(!recording.leads.isEmpty && recording.samplingRate > 0 && recording.samplingRate.isFinite)
        #expect(recording.leads.allSatisfy { $0.samples.count == recording.sampleCount })
      } catch {
        #expect(error.file == path)
        let kind: String
        switch error {
        case .malformed: kind = "malformed"
        case .unsupported: kind = "unsupported"
        case .unrecognised: kind = "unrecognised"
        }
        errors[kind, default: 0] += 1
      }
    }
    print("fuzz \(relative): \(Self.mutations) mutations, \(read) read, errors \(errors.sorted { $0.key < $1.key })")
    #expect(read + errors.values.reduce(0, +) == Self.mutations)
  }
}
