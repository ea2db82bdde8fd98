import Core

/// How a long record (a Holter recording) is cut into chunks, so that time grows linearly with
/// its length and memory stays bounded: consecutive cores of `length` seconds tile the record,
/// and each chunk is processed on its core widened by `overlap` seconds on both sides (its
/// span), so that filters and the detector's adaptive thresholds have settled by the time they
/// reach the core. Adjacent chunks' beats are joined in the overlap (`stitchChunkBeats`).
///
/// The defaults: 5 min cores, 20 s overlaps (13 % of the signal processed twice). On the 48
/// MIT-BIH records cut into 2 min chunks with 20 s overlaps (672 boundaries), single-lead
/// detection gives the R peaks of one pass over each whole record but 89 of 109,908 (0.08 %):
/// 40 within 20 s of a boundary where the later chunk's thresholds had not settled, the rest in
/// noisy stretches where the rhythm guard's strict pass has another history in a chunk
/// (`ChunkedDetectionTests`).
public struct ChunkPlan: Sendable, Equatable {
  /// Core length (s).
  public var length: Double
  /// Signal taken on each side of a core (s).
  public var overlap: Double
  /// Records up to this long (s) are processed whole, in one pass; longer ones in chunks.
  public var wholeRecordLimit: Double

  public init(length: Double = 300, overlap: Double = 20, wholeRecordLimit: Double = 3600) {
    self.length = length; self.overlap = overlap; self.wholeRecordLimit = wholeRecordLimit
  }

  /// Whether a record of `frameCount` samples at `samplingRate` (Hz) is processed in chunks.
  public func isChunked(frameCount: Int, samplingRate: Double) -> Bool {
    Double(frameCount) > wholeRecordLimit * samplingRate
  }

  /// The chunks of a record of `frameCount` samples at `samplingRate` (Hz): cores of `length`
  /// seconds from sample 0 (the last one shorter), each with its span clamped to the record.
  public func chunks(frameCount: Int, samplingRate: Double) -> [RecordChunk] {
    let rate = SamplingRate(hertz: samplingRate)
    let core = max(1, rate.samples(length)), pad = max(0, rate.samples(overlap))
    return stride(from: 0, to: frameCount, by: core).map { start in
      let end = min(frameCount, start + core)
      return RecordChunk(core: start..<end, span: max(0, start - pad)..<min(frameCount, end + pad))
    }
  }
}

/// One chunk of a record (`ChunkPlan`): its core and the span it is processed on, in samples.
public struct RecordChunk: Sendable, Equatable {
  /// The samples this chunk answers for.
  public var core: Range<Int>
  /// The samples it reads: the core and the overlap on each side, clamped to the record.
  public var span: Range<Int>
  public init(core: Range<Int>, span: Range<Int>) { self.core = core; self.span = span }
}

/// R peaks of a whole record joined from its chunks.
public struct StitchedBeats: Sendable, Equatable {
  /// Ascending R peaks (0-based samples of the record).
  public var rPeaks: [Int]
  /// Chunk boundaries joined where both chunks found the same beat.
  public var agreedJoins: Int
  /// Boundaries where the two chunks shared no beat near it (noise, asystole, a lead off): the
  /// join is at the boundary itself, and a beat of the later chunk within `refractory` of the
  /// last beat kept is dropped as the same beat.
  public var forcedJoins: Int
}

/// Joins the R peaks found on each chunk's span (`beats[k]`, ascending record samples, for
/// `chunks[k]` in order) into one list with no beat lost or repeated at a boundary.
///
/// At each boundary the join is placed on a beat both chunks found at the same sample, the one
/// nearest the boundary within half the overlap on either side (where both chunks have at least
/// half the overlap of signal around it): the earlier chunk's beats before it, the later chunk's
/// from it on. Where the chunks' detections agree with a pass over the whole record away from
/// their edges, the joined list equals that pass's beats. Without a shared beat, see
/// `StitchedBeats.forcedJoins`.
///
/// - Parameter refractory: samples within which two detections are one beat (the detector's
///   refractory period, `QRSDetectorParameters.refractory`).
public func stitchChunkBeats(_ beats: [[Int]], chunks: [RecordChunk], refractory: Int) -> StitchedBeats {
  precondition(beats.count == chunks.count, "\(beats.count) beat lists for \(chunks.count) chunks")
  var result = StitchedBeats(rPeaks: [], agreedJoins: 0, forcedJoins: 0)
  guard var pending = beats.first else { return result }
  for k in chunks.indices.dropFirst() {
    let next = beats[k], boundary = chunks[k].core.lowerBound
    let half = (boundary - chunks[k].span.lowerBound) / 2
    let window = (boundary - half)..<(boundary + half + 1)
    let shared = Set(pending.filter { window.contains($0) }).intersection(next.filter { window.contains($0) })
    if let join = shared.min(by: { abs($0 - boundary) < abs($1 - boundary) || (abs($0 - boundary) == abs($1 - boundary) && $0 < $1) }) {
      result.rPeaks += pending.filter { $0 < join }
      pending = next.filter { $0 >= join }
      result.agreedJoins += 1
    } else {
      result.rPeaks += pending.filter { $0 < boundary }
      pending = next.filter { $0 >= boundary }
      if let last = result.rPeaks.last, let first = pending.first, first - last < refractory { pending.removeFirst() }
      result.forcedJoins += 1
    }
  }
  result.rPeaks += pending
  return result
}
