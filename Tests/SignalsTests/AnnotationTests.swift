import ECGLensTestSupport
import Foundation
import Testing

@testable import Signals

@Suite struct AnnotationTests {
  @Test func bundledMitbih_readsBeatsAndRhythms() throws {
    let set = try readAnnotations(record: TestPaths.samples + "/mitdb/100", annotator: "atr")
    #expect(set.annotations.first?.code == .rhythm)
    #expect(set.annotations.first?.aux == "(N")
    #expect(set.annotations.allSatisfy { $0.sample >= 0 })
    #expect(zip(set.annotations, set.annotations.dropFirst()).allSatisfy { $0.sample <= $1.sample })
    let symbols = Set(set.annotations.map(\.code.symbol))
    #expect(symbols.isSuperset(of: ["N", "A", "+"]))
    #expect(set.beatSamples.count > 300)
  }

  @Test func ludbLeadFile_hasWaveBoundaries() throws {
    let set = try readAnnotations(record: TestPaths.samples + "/ludb/1", annotator: "ii")
    let symbols = Set(set.annotations.map(\.code.symbol))
    #expect(symbols == ["(", ")", "p", "N", "t"])
  }

  @Test func roundTrip_isIdentical_forEveryBundledFile() throws {
    let files = ["mitdb/100.atr", "mitdb/208.atr"] + ["i", "ii", "v1", "v6"].map { "ludb/2.\($0)" }
    for file in files {
      let set = try readAnnotationFile(at: TestPaths.samples + "/" + file)
      let again = try decodeAnnotations(try encodeAnnotations(set), file: file)
      #expect(again == set, "\(file)")
    }
  }

  @Test func writer_handlesLongGapsModifiersAndTimeResolution() throws {
    let set = AnnotationSet(
      annotations: [
        Annotation(sample: 5, code: .normal),
        Annotation(sample: 5 + 5_000_000, code: .pvc, subtype: -3, channel: 2, number: 7, aux: "odd"),
        Annotation(sample: 5_000_100, code: .normal, channel: 2, number: 7),
        Annotation(sample: 5_000_200, code: .noise, channel: 0, number: -1, aux: "even"),
      ], samplingFrequency: 500)
    let folder = try TestPaths.temporaryFolder()
    try writeAnnotationFile(set, to: folder + "/w.ecglens")
    #expect(try readAnnotations(record: folder + "/w", annotator: "ecglens") == set)
  }

  @Test func writer_rejectsUnsortedAndBadCodes() {
    #expect(throws: SignalsError.annotationValue(index: 1, reason: "sample 3 is before the previous one (10)")) {
      try encodeAnnotations(
        AnnotationSet(annotations: [
          Annotation(sample: 10, code: .normal), Annotation(sample: 3, code: .normal),
        ]))
    }
    #expect(throws: SignalsError.self) {
      try encodeAnnotations(AnnotationSet(annotations: [Annotation(sample: 1, code: AnnotationCode(rawValue: 60))]))
    }
  }

  @Test func truncatedFiles_areTypedErrors() {
    // AUX claiming 10 bytes with only 2 present.
    let bytes: [UInt8] = [5, 4, 10, 0xFC, 65, 66]
    #expect(throws: SignalsError.annotationSyntax(file: "t", byteOffset: 2, reason: "aux text of 10 bytes cut off by end of file")) {
      try decodeAnnotations(bytes, file: "t")
    }
    #expect(throws: SignalsError.self) { try decodeAnnotations([0, 0xEC, 1], file: "skip") }
    #expect(throws: SignalsError.self) { try decodeAnnotations([1, 0xF0], file: "modifier first") }
  }

  @Test func mnemonics_followWFDB() {
    #expect(AnnotationCode(symbol: "N") == .normal)
    #expect(AnnotationCode(symbol: "!")?.isBeat == true)
    #expect(AnnotationCode(symbol: "x")?.isBeat == false)
    #expect(AnnotationCode(symbol: "~")?.isBeat == false)
    #expect(AnnotationCode(rawValue: 45).symbol == "45")
  }

  /// Random mutations of real annotation files must decode or throw, never crash.
  @Test(arguments: [11 as UInt64, 12, 13])
  func fuzz_mutatedRealAnnotations_neverCrash(seed: UInt64) throws {
    var rng = SeededGenerator(seed: seed)
    let originals = try ["mitdb/208.atr", "ludb/3.ii"].map {
      [UInt8](try Data(contentsOf: URL(fileURLWithPath: TestPaths.samples + "/" + $0)))
    }
    var outcomes = 0
    for _ in 0..<500 {
      var bytes = originals.randomElement(using: &rng)!
      for _ in 0..<Int.random(in: 1...8, using: &rng) {
        let i = Int.random(in: 0..<bytes.count, using: &rng)
        if Bool.random(using: &rng) {
          bytes[i] = UInt8.random(in: 0...255, using: &rng)
        } else {
          bytes.removeSubrange(i..<min(bytes.count, i + Int.random(in: 1...5, using: &rng)))
        }
        if bytes.isEmpty { bytes = [0] }
      }
      do { _ = try decodeAnnotations(bytes, file: "fuzz") } catch {}
      outcomes += 1
    }
    #expect(outcomes == 500, "seed \(seed)")
  }
}
