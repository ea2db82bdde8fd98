import Core
import Delineation

/// Each lead's onsets and offsets checked against the lead's other beats: a value far from
/// where the lead places that fiducial in the rest of the record is left out (nil), so that one
/// lead's misplaced T end or P onset does not move the beat's global fiducial.
///
/// Per lead and fiducial (QRS onset and offset, T offset; with fewer than four leads also P onset
/// and offset), the position
/// relative to the beat's R peak is compared with its median over the lead's beats; for the T
/// offset the median is moved by 154 ms per second of difference between the beat's preceding
/// RR interval and the median RR (the QT-RR slope of Sagie et al., Am J Cardiol 1992). A value
/// further than `tolerance` (s) and than `mads` robust SDs (1.4826 x the median absolute
/// deviation) from it is dropped. Premature beats (RR under 80 % of the median) and the beats
/// after them are not judged: their waves may lie elsewhere. A lead with fewer than three values
/// of a fiducial is not judged for it.
public func agreeingAcrossBeats(
  _ perLead: [[BeatFiducials]], samplingRate fs: Double, tolerance: Double, mads: Double
) -> [[BeatFiducials]] {
  guard tolerance > 0, let count = perLead.first?.count, count >= 3 else { return perLead }
  let peaks = perLead[0].map(\.rPeak)
  let rr = (0..<count).map { k in k > 0 ? Double(peaks[k] - peaks[k - 1]) : Double.nan }
  let typicalRR = median(of: rr.filter { !$0.isNaN })
  let judged = (0..<count).map { k in
    k > 0 && rr[k] >= 0.8 * typicalRR && (k < 2 || rr[k - 1] >= 0.8 * typicalRR)
  }
  let tol = Double(SamplingRate(hertz: fs).samples(tolerance))
  // P ends only with fewer than four leads: with more, the median across leads already sets a
  // lead's misplaced P end aside, and the check cost P waves on LUDB (record 120).
  let paths: [WritableKeyPath<BeatFiducials, Int?>] =
    perLead.count < 4 ? [\.pOnset, \.pOffset, \.qrsOnset, \.qrsOffset, \.tOffset] : [\.qrsOnset, \.qrsOffset, \.tOffset]
  var out = perLead
  for path in paths {
    // Per lead and beat, whether the value disagrees with the lead's other beats.
    var disagrees = perLead.map { _ in [Bool](repeating: false, count: count) }
    for (i, beats) in perLead.enumerated() {
      let slope = path == \BeatFiducials.tOffset ? 0.154 : 0
      func relative(_ k: Int) -> Double? {
        guard let v = beats[k][keyPath: path] else { return nil }
        let correction = rr[k].isNaN ? 0 : slope * (rr[k] - typicalRR)
        return Double(v - beats[k].rPeak) - correction
      }
      let values = (0..<count).compactMap(relative)
      guard values.count >= 3 else { continue }
      let mid = median(of: values)
      let spread = 1.4826 * median(of: values.map { abs($0 - mid) })
      let limit = max(tol, mads * spread)
      for k in 0..<count where judged[k] {
        if let v = relative(k), abs(v - mid) > limit { disagrees[i][k] = true }
      }
    }
    // Dropped only where most of the beat's leads agree with their other beats: a beat where
    // most leads disagree is itself different (an aberrant or ectopic beat), not a misplaced
    // value.
    for k in 0..<count {
      let present = perLead.indices.filter { perLead[$0][k][keyPath: path] != nil }
      let against = present.filter { disagrees[$0][k] }
      guard 2 * against.count < present.count || (present.count == 2 && against.count == 1) else { continue }
      for i in against { out[i][k][keyPath: path] = nil }
    }
  }
  return out
}
