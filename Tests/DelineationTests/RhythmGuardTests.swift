import Testing

@testable import Delineation

@Suite struct RhythmGuardTests {
  private func beats(_ indices: [Int]) -> [Candidate] { indices.map { Candidate(index: $0, height: 1, slope: 1) } }

  /// Strict beats every 300 samples (1.2 s at 250 Hz) with one missed at 3000; the default pass
  /// also found a deflection a fifth of an RR after a beat (1560), an interpolated ectopic beat
  /// halfway between two beats (2250) and the missed beat (3000).
  @Test func keepsEctopicAndMissedBeats_dropsMidIntervalDeflections() {
    let strict = Array(stride(from: 0, through: 6000, by: 300)).filter { $0 != 3000 }
    let loose = (strict + [1560, 2250, 3000]).sorted()
    let joined = guardByRhythm(loose: beats(loose), strict: beats(strict), fs: 250, parameters: .init())
    let kept = Set(joined.map(\.index))
    #expect(kept.contains(3000), "a beat filling the strict pass's gap is kept")
    #expect(kept.contains(2250), "a beat half an RR from both neighbours is kept")
    #expect(!kept.contains(1560), "a deflection 0.2 RR after a beat is dropped")
    #expect(Set(strict).isSubset(of: kept))
    #expect(joined.map(\.index) == joined.map(\.index).sorted())
  }

  @Test func withoutStrictBeatsTheDefaultPassStands() {
    let loose = beats([100, 400, 700])
    #expect(guardByRhythm(loose: loose, strict: [], fs: 250, parameters: .init()).map(\.index) == [100, 400, 700])
  }
}
