import Core
import Delineation
import Foundation
import Measurements
import Signals
import Synchronization

/// R peaks of a record detected chunk by chunk (`ChunkPlan`), and what happened on the way.
public struct ChunkedBeats: Sendable {
  /// The joined beats (`stitchChunkBeats`).
  public var stitched: StitchedBeats
  /// Chunks whose detection failed (no usable lead, a flat stretch), each with its time span
  /// and the reason; those chunks contribute no beats.
  public var notes: [String]
  /// Per signal, the 16-bit sum of every sample (`sampleSum16`), for `checksumWarnings`.
  public var sums: [UInt16]
  public var rPeaks: [Int] { stitched.rPeaks }
}

/// Runs `detect` on the span of every chunk of `stream` (physical samples, one array per
/// signal, span-relative sample indices out), `jobs` chunks at a time, and joins the beats
/// (`stitchChunkBeats`). A chunk whose `detect` throws is noted and contributes no beats; a
/// read error stops the record.
///
/// Memory: the spans being processed (`jobs` of them) and the beats.
public func detectBeatsInChunks(
  _ stream: RecordStream, plan: ChunkPlan, jobs: Int, detect: @Sendable ([[Double]]) throws -> [Int]
) throws -> ChunkedBeats {
  let fs = stream.samplingFrequency
  let chunks = plan.chunks(frameCount: stream.frameCount, samplingRate: fs)
  let outcomes = parallelMap(chunks.count, jobs: jobs) { k -> Result<(beats: [Int], note: String?, sums: [UInt16]), SignalsError> in
    let chunk = chunks[k]
    let digital: [[Int32]]
    do throws(SignalsError) { digital = try stream.digital(frames: chunk.span) } catch { return .failure(error) }
    let coreStart = chunk.core.lowerBound - chunk.span.lowerBound
    let sums = digital.map { sampleSum16($0[coreStart..<(coreStart + chunk.core.count)]) }
    do {
      let local = try detect(stream.physical(digital: digital))
      return .success((local.map { $0 + chunk.span.lowerBound }, nil, sums))
    } catch {
      return .success(([], "\(timeSpan(chunk.core, samplingRate: fs)): no beats (\(error))", sums))
    }
  }
  var perChunk: [[Int]] = [], notes: [String] = []
  var sums = [UInt16](repeating: 0, count: stream.header.signals.count)
  for outcome in outcomes {
    let o = try outcome.get()
    perChunk.append(o.beats)
    if let note = o.note { notes.append(note) }
    for i in sums.indices { sums[i] &+= o.sums[i] }
  }
  let refractory = SamplingRate(hertz: fs).samples(QRSDetectorParameters().refractory)
  return ChunkedBeats(stitched: stitchChunkBeats(perChunk, chunks: chunks, refractory: refractory), notes: notes, sums: sums)
}

/// The beats `extract` and `delineate` use on a long record: each chunk's usable leads fused
/// (`detectECGBeats`, every chunk screened on its own), joined across chunks.
public func detectECGBeatsInChunks(_ stream: RecordStream, plan: ChunkPlan, jobs: Int) throws -> ChunkedBeats {
  let names = stream.header.signals.map(\.description), fs = stream.samplingFrequency
  return try detectBeatsInChunks(stream, plan: plan, jobs: jobs) { leads in
    try detectECGBeats(leads: leads, descriptions: names, samplingRate: fs)
  }
}

/// One chunk of a long record as `delineateInChunks` hands it over.
struct ChunkContext {
  var chunk: RecordChunk
  /// The span's leads (mV, NaN = missing), span-relative samples.
  var leads: [[Double]]
  /// The span's delineation, given the record's beats in the span (`ECGDelineation.rPeaks`
  /// are span-relative).
  var delineation: ECGDelineation
  /// Which of `delineation`'s beats lie in the core.
  var core: Range<Int>
  /// The record's index of the span's first beat (`delineation.rPeaks[j]` is beat `firstBeat + j`).
  var firstBeat: Int
}

/// What one chunk of a long record gives.
struct ChunkOutcome<Extra: Sendable>: Sendable {
  /// Indices (into the record's beats) of the beats whose R peak is in the chunk's core.
  var beats: Range<Int>
  /// What the caller computed from the chunk; nil when it could not be delineated (`failure`).
  var extra: Extra?
  /// Why the chunk's beats could not be delineated (they then have R peaks only).
  var failure: String?
}

/// Delineates every chunk of a long record (`delineateECG` on its span, given the record's
/// beats that fall in it) and hands each chunk to `body`; results in chunk order, `jobs` chunks
/// at a time. A core's edge beats are delineated with their neighbours and with filters
/// settled, since the span reaches `plan.overlap` beyond the core.
func delineateInChunks<Extra: Sendable>(
  _ stream: RecordStream, rPeaks: [Int], plan: ChunkPlan, parameters: DelineationParameters = .init(), jobs: Int,
  body: @Sendable (ChunkContext) -> Extra
) throws -> [ChunkOutcome<Extra>] {
  let fs = stream.samplingFrequency, names = stream.header.signals.map(\.description)
  let chunks = plan.chunks(frameCount: stream.frameCount, samplingRate: fs)
  let outcomes = parallelMap(chunks.count, jobs: jobs) { k -> Result<ChunkOutcome<Extra>, SignalsError> in
    let chunk = chunks[k]
    let leads: [[Double]]
    do throws(SignalsError) { leads = try stream.physical(frames: chunk.span) } catch { return .failure(error) }
    let inSpan = beatRange(rPeaks, chunk.span), inCore = beatRange(rPeaks, chunk.core)
    let local = rPeaks[inSpan].map { $0 - chunk.span.lowerBound }
    do {
      let d = try delineateECG(leads: leads, descriptions: names, samplingRate: fs, parameters: parameters, rPeaks: local)
      let core = (inCore.lowerBound - inSpan.lowerBound)..<(inCore.upperBound - inSpan.lowerBound)
      let context = ChunkContext(chunk: chunk, leads: leads, delineation: d, core: core, firstBeat: inSpan.lowerBound)
      return .success(ChunkOutcome(beats: inCore, extra: body(context), failure: nil))
    } catch {
      let why = inCore.isEmpty ? nil : "\(timeSpan(chunk.core, samplingRate: fs)): not delineated (\(error))"
      return .success(ChunkOutcome(beats: inCore, extra: nil, failure: why))
    }
  }
  return try outcomes.map { try $0.get() }
}

/// The indices of the ascending `beats` that lie in `range`.
func beatRange(_ beats: [Int], _ range: Range<Int>) -> Range<Int> {
  func firstIndex(atLeast x: Int) -> Int {
    var lo = 0, hi = beats.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if beats[mid] < x { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }
  return firstIndex(atLeast: range.lowerBound)..<firstIndex(atLeast: range.upperBound)
}

/// `h:mm:ss-h:mm:ss` of a range of samples.
func timeSpan(_ range: Range<Int>, samplingRate fs: Double) -> String {
  func clock(_ sample: Int) -> String {
    let s = Int((Double(sample) / fs).rounded())
    return String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
  }
  return clock(range.lowerBound) + "-" + clock(range.upperBound)
}

extension BeatFiducials {
  /// The same beat with every fiducial moved by `offset` samples.
  func shifted(by offset: Int) -> BeatFiducials {
    var b = BeatFiducials(rPeak: rPeak + offset)
    func move(_ v: Int?) -> Int? { v.map { $0 + offset } }
    b.pOnset = move(pOnset); b.pPeak = move(pPeak); b.pOffset = move(pOffset)
    b.qrsOnset = move(qrsOnset); b.qrsOffset = move(qrsOffset); b.tPeak = move(tPeak); b.tOffset = move(tOffset)
    return b
  }
}

/// `body(k)` for `k` in `0..<count` on up to `jobs` threads, results in order of `k`.
func parallelMap<T: Sendable>(_ count: Int, jobs: Int, _ body: @Sendable (Int) -> T) -> [T] {
  guard count > 0 else { return [] }
  let results = Mutex<[T?]>(Array(repeating: nil, count: count))
  let next = Atomic<Int>(0)
  DispatchQueue.concurrentPerform(iterations: min(max(1, jobs), count)) { _ in
    while true {
      let k = next.add(1, ordering: .relaxed).oldValue
      guard k < count else { return }
      let r = body(k)
      results.withLock { $0[k] = r }
    }
  }
  return results.withLock { $0 }.map { $0! }
}
