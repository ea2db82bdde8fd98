import Core
import Delineation
import ECGLensTestSupport
import Foundation
import Measurements
import Signals
import Testing

@testable import Extraction

/// Chunked processing of long records against one pass over the whole record, on the 48
/// MIT-BIH Arrhythmia records (30 min each), cut into 2-minute chunks (15 per record, 14
/// boundaries) so that boundaries fall everywhere: in noise, in ventricular runs, in pauses.
@Suite(.serialized) struct ChunkedDetectionTests {
  static let mitdb = TestPaths.sharedData + "/mitdb"
  static let plan = ChunkPlan(length: 120, overlap: 20, wholeRecordLimit: 0)

  static func records() throws -> [String] {
    guard TestPaths.hasSharedData("mitdb") else { return [] }
    return try databaseRecords(mitdb)
  }

  /// One lead (the first), as `ecglens beats` detects it: the chunked beats are the whole-record
  /// beats except where the later chunk's adaptive thresholds have not settled 20 s into its
  /// span, and in noisy stretches where the rhythm guard's strict pass (its threshold follows the
  /// noise level) has another history in a chunk than in the whole record. Measured: 89 of
  /// 109,908 beats differ (0.08 %; 40 within 20 s of a boundary, the rest in runs in noisy
  /// stretches of 108, 207 and 228); before the rhythm guard 4 of 109,948. None repeated.
  @Test func singleLeadChunkedBeatsEqualTheWholeRecordPass() throws {
    let records = try Self.records()
    guard !records.isEmpty else {
      print("skipped: \(Self.mitdb) not found (set ECGLENS_DATA)")
      return
    }
    var differing: [String] = []
    var beats = 0, forced = 0, total = 0, nearBoundary = 0
    for path in records {
      let stream = try RecordStream(at: path)
      let fs = stream.samplingFrequency
      let whole = try detectBeats(in: try stream.physical(frames: 0..<stream.frameCount)[0], samplingRate: fs)
      let chunked = try detectBeatsInChunks(stream, plan: Self.plan, jobs: 2) { leads in
        try detectBeats(in: leads[0], samplingRate: fs)
      }
      beats += whole.count
      forced += chunked.stitched.forcedJoins
      let changed = Set(chunked.rPeaks).symmetricDifference(whole)
      total += changed.count
      nearBoundary += changed.filter { nearABoundary($0, stream: stream) }.count
      if chunked.rPeaks != whole { differing.append("\(path): \(difference(whole, chunked.rPeaks))") }
      #expect(chunked.notes.isEmpty)
      #expect(separated(chunked.rPeaks, fs: fs))
    }
    print("single lead: \(records.count) records, \(beats) beats, \(total) differ in \(differing), \(forced) forced joins")
    #expect(nearBoundary <= total)
    #expect(Double(total) <= 0.001 * Double(beats), "\(differing)")
    #expect(beats > 100_000)
  }

  /// All usable leads fused, as `extract` and `delineate` detect them (`detectECGBeats`, each
  /// chunk's leads screened and scaled on their own): no beat repeated at any boundary. The
  /// beats are NOT those of the whole-record pass: the detector scales each lead by its median
  /// 1 s energy maximum over the signal it is given (`robustLevel`), per chunk here, over the
  /// whole record there, so fused beats differ everywhere, not only at boundaries. Measured on
  /// all 48 records: 726 of 110,600 beats (0.66 %) differ, 216 of them within the overlap of a
  /// boundary.
  /// Every 4th record (12), to keep the suite's time down (all 48 take 12 min in a debug build):
  /// 196 of 25,388 beats (0.77 %) differ, 68 of them within the overlap of a boundary.
  @Test func fusedLeadsChunkedBeatsEqualTheWholeRecordPass() throws {
    let records = try Self.records().enumerated().filter { $0.offset % 4 == 0 }.map(\.element)
    guard !records.isEmpty else {
      print("skipped: \(Self.mitdb) not found (set ECGLENS_DATA)")
      return
    }
    var differing: [String] = [], nearBoundary = 0, total = 0, beats = 0
    for path in records {
      let stream = try RecordStream(at: path)
      let fs = stream.samplingFrequency, names = stream.header.signals.map(\.description)
      let whole = try detectECGBeats(leads: try stream.physical(frames: 0..<stream.frameCount), descriptions: names, samplingRate: fs)
      let chunked = try detectECGBeatsInChunks(stream, plan: Self.plan, jobs: 2).rPeaks
      beats += whole.count
      let extra = Set(chunked).subtracting(whole), missing = Set(whole).subtracting(chunked)
      total += extra.count + missing.count
      let boundaries = Self.plan.chunks(frameCount: stream.frameCount, samplingRate: fs).dropFirst().map(\.core.lowerBound)
      let window = SamplingRate(hertz: fs).samples(Self.plan.overlap)
      nearBoundary += extra.union(missing).filter { b in boundaries.contains { abs($0 - b) <= window } }.count
      if !extra.isEmpty || !missing.isEmpty { differing.append("\(path): \(difference(whole, chunked))") }
      #expect(separated(chunked, fs: fs))
    }
    print("fused leads: \(records.count) records, \(beats) beats, \(total) beats differ (\(nearBoundary) near a boundary) in \(differing)")
    #expect(Double(total) <= 0.01 * Double(beats), "\(differing)")
  }
}

/// Whether `beat` lies within the overlap of a chunk boundary of `ChunkedDetectionTests.plan`.
func nearABoundary(_ beat: Int, stream: RecordStream) -> Bool {
  let plan = ChunkedDetectionTests.plan, fs = stream.samplingFrequency
  let boundaries = plan.chunks(frameCount: stream.frameCount, samplingRate: fs).dropFirst().map(\.core.lowerBound)
  return boundaries.contains { abs($0 - beat) <= SamplingRate(hertz: fs).samples(plan.overlap) }
}

/// Ascending, no two beats closer than the detector's refractory period (a beat kept twice at
/// a boundary would be).
func separated(_ beats: [Int], fs: Double) -> Bool {
  let refractory = SamplingRate(hertz: fs).samples(QRSDetectorParameters().refractory)
  return zip(beats, beats.dropFirst()).allSatisfy { $1 - $0 >= refractory }
}

/// Beats only in `a` and only in `b`, for messages.
func difference(_ a: [Int], _ b: [Int]) -> String {
  let sa = Set(a), sb = Set(b)
  return "only whole \(sa.subtracting(sb).sorted().prefix(10)), only chunked \(sb.subtracting(sa).sorted().prefix(10))"
}
