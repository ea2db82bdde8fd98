import Core
import Signals

/// Scores one lead's delineation against its LUDB-style annotation file (`referenceWaves`).
///
/// Per fiducial, detections are matched one-to-one to the references within `window` samples
/// (`matchBeats`). Only detections inside the lead's annotated span (first to last annotation)
/// can be false positives: LUDB leaves the first and last beats unannotated, so a detection
/// there is not an error, though one up to the window outside the span may still match an
/// annotation at its edge. A detection belonging to a wave annotated without this fiducial (a
/// QRS without an onset) is not scored. The matches' `offsets` are in microseconds, so that
/// leads and records at different rates pool exactly.
///
/// - Returns: nil when the annotation file holds no annotation.
public func scoreLeadDelineation(
  _ beats: [BeatFiducials], reference: AnnotationSet, window: Int, samplingRate fs: Double
) -> [Fiducial: BeatMatch]? {
  guard let firstAnn = reference.annotations.first?.sample, let lastAnn = reference.annotations.last?.sample else {
    return nil
  }
  let (refs, gaps) = referenceWaves(reference)
  var out: [Fiducial: BeatMatch] = [:]
  for f in Fiducial.allCases {
    // Detections belonging to a reference wave annotated without this fiducial are not scored.
    let unscored = Set(
      beats.filter { b in
        let anchor = f.rawValue.hasPrefix("p") ? b.pPeak : f.rawValue.hasPrefix("t") ? b.tPeak : b.rPeak
        guard let anchor else { return false }
        return (gaps[f] ?? []).contains { abs($0 - anchor) <= window }
      }.compactMap { f.value(in: $0) })
    let detected = beats.compactMap { f.value(in: $0) }
      .filter { $0 >= firstAnn - window && $0 <= lastAnn + window && !unscored.contains($0) }
    var m = matchBeats(reference: refs[f] ?? [], detected: detected, window: window)
    m.extra = m.extra.filter { $0 >= firstAnn && $0 <= lastAnn }
    m.falsePositives = m.extra.count
    m.offsets = m.offsets.map { Int((SamplingRate(hertz: fs).milliseconds($0) * 1000).rounded()) }
    out[f] = m
  }
  return out
}
