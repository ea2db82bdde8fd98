import Delineation
import Measurements
import Signals

/// Most beats a lead's median beat is formed from in a record measured in chunks.
let chunkedMedianBeatLimit = 10_000

/// `measureECG` of a whole long record (`extract --window whole` on a Holter recording), chunk
/// by chunk, in bounded memory:
/// - beats detected per chunk and joined (`detectECGBeatsInChunks`; leads are scaled per chunk,
///   so 0.7 % of beats on MIT-BIH differ from one pass); rhythm features from all of them;
/// - every chunk delineated with its beats (`delineateInChunks`), so intervals are medians over
///   all the record's global beats; screening and the global steps are per chunk, as for
///   `delineateRecord(at:)`;
/// - each lead's median beat and template quality from at most `chunkedMedianBeatLimit` beats,
///   every k-th beat of the record (k = beats / 10,000 rounded up; all of them up to 10,000, a
///   1 h record at 160 beats/min), from the chunks where the lead is usable. The exact median of
///   a day's 100,000 beats would need all their windows in memory (240 MB per lead at 250 Hz).
/// A lead is unusable for the record when it is unusable in every chunk (its most frequent
/// problem is reported); otherwise it is measured where it is usable.
///
/// - Returns: the measurements and notes on chunks without beats or delineation.
/// - Throws: `SignalsError` on a read error, `MeasurementsError.tooFewBeats` below two beats.
func measureInChunks(_ stream: RecordStream, plan: ChunkPlan, jobs: Int) throws -> (ECGMeasurements, notes: [String]) {
  let fs = stream.samplingFrequency, descriptions = stream.header.signals.map(\.description)
  let beats = try detectECGBeatsInChunks(stream, plan: plan, jobs: jobs)
  let peaks = beats.rPeaks
  guard peaks.count >= 2 else { throw MeasurementsError.tooFewBeats(found: peaks.count) }
  let step = max(1, (peaks.count + chunkedMedianBeatLimit - 1) / chunkedMedianBeatLimit)
  let parts = try delineateInChunks(stream, rPeaks: peaks, plan: plan, jobs: jobs) { c in
    let d = c.delineation, offset = c.chunk.span.lowerBound
    let selected = c.core.filter { (c.firstBeat + $0) % step == 0 }.map { d.rPeaks[$0] }
    let segments = c.leads.indices.map { i in
      d.problems[i] != nil
        ? []
        : medianBeatSegments(
          d.bridged[i], masked: maskingClippedRuns(c.leads[i], runs: d.clipped[i]), rPeaks: selected, samplingRate: fs)
    }
    return (
      global: d.global[c.core].map { $0.shifted(by: offset) }, guided: d.guided.map { $0[c.core].map { $0.shifted(by: offset) } },
      problems: d.problems, segments: segments
    )
  }
  var global: [BeatFiducials] = []
  var guided = [[BeatFiducials]](repeating: [], count: descriptions.count)
  var segments = [[[Double]]](repeating: [], count: descriptions.count)
  var problemCounts = [[LeadProblem: Int]](repeating: [:], count: descriptions.count)
  var usableSomewhere = [Bool](repeating: false, count: descriptions.count)
  var notes = beats.notes
  for part in parts {
    guard let extra = part.extra else {
      let bare = peaks[part.beats].map { BeatFiducials(rPeak: $0) }
      global += bare
      for i in guided.indices { guided[i] += bare }
      if let failure = part.failure { notes.append(failure) }
      continue
    }
    global += extra.global
    for i in guided.indices {
      guided[i] += extra.guided[i]
      segments[i] += extra.segments[i]
      if let p = extra.problems[i] { problemCounts[i][p, default: 0] += 1 } else { usableSomewhere[i] = true }
    }
  }
  let problems: [LeadProblem?] = descriptions.indices.map { i in
    guard !usableSomewhere[i] else { return nil }
    return problemCounts[i].max { $0.value < $1.value || ($0.value == $1.value && $0.key.rawValue > $1.key.rawValue) }?.key ?? .missing
  }
  let m = measurements(
    rPeaks: peaks, global: global, guided: guided, problems: problems, medianBeatSegments: segments, descriptions: descriptions,
    samplingRate: fs, frameCount: stream.frameCount)
  for (i, counts) in problemCounts.enumerated() where usableSomewhere[i] && !counts.isEmpty {
    let chunks = plan.chunks(frameCount: stream.frameCount, samplingRate: fs).count
    notes += counts.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\(descriptions[i]): \($0.key.rawValue) in \($0.value) of \(chunks) chunks" }
  }
  return (m, notes)
}
