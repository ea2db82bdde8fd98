import ECGLensTestSupport
import Testing

@testable import Delineation

@Suite struct ChunkedBeatsTests {
  /// Cores tile the record without gap or overlap; spans add the overlap, clamped at the ends.
  @Test func chunksTileTheRecord() {
    let plan = ChunkPlan(length: 300, overlap: 20, wholeRecordLimit: 3600)
    let chunks = plan.chunks(frameCount: 250 * 1000, samplingRate: 250)
    #expect(chunks.count == 4)
    #expect(chunks.first?.core == 0..<75_000)
    #expect(chunks.first?.span == 0..<80_000)
    #expect(chunks[1].span == 70_000..<155_000)
    #expect(chunks.last?.core == 225_000..<250_000)
    #expect(chunks.last?.span == 220_000..<250_000)
    #expect(zip(chunks, chunks.dropFirst()).allSatisfy { $0.core.upperBound == $1.core.lowerBound })
    #expect(!plan.isChunked(frameCount: 3600 * 250, samplingRate: 250))
    #expect(plan.isChunked(frameCount: 3600 * 250 + 1, samplingRate: 250))
  }

  /// Two chunks that agree in the overlap are joined on the shared beat nearest the boundary:
  /// each beat once, the earlier chunk's before it and the later chunk's after it (where their
  /// edges disagree).
  @Test func joinsOnTheSharedBeatNearestTheBoundary() {
    let chunks = [RecordChunk(core: 0..<1000, span: 0..<1100), RecordChunk(core: 1000..<2000, span: 900..<2000)]
    // The earlier chunk adds a spurious beat near its span's end (1090); the later one misses
    // nothing after its settling and adds one near its start (905).
    let first = [100, 300, 500, 700, 900, 960, 1020, 1090]
    let second = [905, 960, 1020, 1200, 1400]
    let s = stitchChunkBeats([first, second], chunks: chunks, refractory: 50)
    #expect(s.rPeaks == [100, 300, 500, 700, 900, 960, 1020, 1200, 1400])
    #expect(s.agreedJoins == 1 && s.forcedJoins == 0)
  }

  /// Without a shared beat the join is at the boundary, and the same beat seen a few samples
  /// apart by the two chunks is kept once.
  @Test func forcedJoinKeepsOneOfTwoNearbyDetections() {
    let chunks = [RecordChunk(core: 0..<1000, span: 0..<1100), RecordChunk(core: 1000..<2000, span: 900..<2000)]
    let s = stitchChunkBeats([[200, 600, 998], [1003, 1500]], chunks: chunks, refractory: 50)
    #expect(s.rPeaks == [200, 600, 998, 1500])
    #expect(s.forcedJoins == 1)
    let empty = stitchChunkBeats([[200, 600], [], [2100]], chunks: chunks + [RecordChunk(core: 2000..<3000, span: 1900..<3000)], refractory: 50)
    #expect(empty.rPeaks == [200, 600, 2100])
  }

  /// Whatever each chunk reports, the result is ascending with no two beats within the
  /// refractory period across a boundary, and every beat of a chunk's core that its neighbour
  /// confirms is kept (seeded random beat lists).
  @Test(arguments: 0..<20)
  func joinedBeatsAreAscendingAndComplete(seed: Int) {
    var rng = SeededGenerator(seed: UInt64(seed))
    let truth = (0..<60).map { $0 * 160 + Int.random(in: 0..<20, using: &rng) }
    let plan = ChunkPlan(length: 10, overlap: 2, wholeRecordLimit: 0)
    let chunks = plan.chunks(frameCount: 9_700, samplingRate: 100)
    let perChunk = chunks.map { c in truth.filter { c.span.contains($0) } }
    let s = stitchChunkBeats(perChunk, chunks: chunks, refractory: 21)
    #expect(s.rPeaks == truth)
    #expect(s.forcedJoins == 0)
  }
}
