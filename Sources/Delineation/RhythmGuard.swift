import Core

// The rhythm guard: two passes of the threshold rules, joined by the rhythm.
//
// The default threshold (12 % of the way from the noise level to the signal level, with
// search-back) finds the small and ectopic beats of clean records, and under noise it also
// takes noise deflections in the QRS band. A second pass whose threshold rises with the ratio of
// noise level to signal level (`noiseFractionSlope`) takes few noise deflections but misses some
// beats. The guard keeps every beat of the strict pass and adds a beat only the default pass
// found when the rhythm vouches for it: it fills a gap the strict pass left (longer than
// `rhythmGapRatio` x the local RR), or it is at least `rhythmShortRatio` x the local RR from both
// neighbours (an ectopic beat, not a deflection halfway through an RR interval). Constants were
// chosen on MIT-BIH (all 48 records, clean) and the 46-record noise-stress set; MIT-BIH 118 and
// 119 under noise are held out.

/// Beats of the default pass (`loose`) and of the strict pass (`strict`), both ascending,
/// joined as described above: the strict beats, plus each loose beat with no strict beat within
/// 50 ms that fills a long gap or keeps a plausible distance from both neighbours. The local RR is
/// the median RR of the strict beats within `rhythmContext` seconds.
func guardByRhythm(
  loose: [Candidate], strict: [Candidate], fs: Double, parameters p: QRSDetectorParameters
) -> [Candidate] {
  guard !strict.isEmpty else { return loose }
  let rate = SamplingRate(hertz: fs)
  let same = rate.samples(0.05), context = rate.samples(p.rhythmContext)
  var joined = strict
  var j = 0  // first strict beat at or after the loose beat
  var lo = 0, hi = 0  // strict beats within +/- context
  var intervals: [Int] = []
  for c in loose {
    while j < strict.count && strict[j].index < c.index { j += 1 }
    let before = j > 0 ? strict[j - 1].index : nil
    let after = j < strict.count ? strict[j].index : nil
    if let b = before, c.index - b < same { continue }
    if let a = after, a - c.index < same { continue }
    guard let b = before, let a = after else {
      joined.append(c)
      continue
    }
    while lo < strict.count && strict[lo].index < c.index - context { lo += 1 }
    while hi < strict.count && strict[hi].index < c.index + context { hi += 1 }
    guard hi - lo >= 3 else {
      joined.append(c)
      continue
    }
    intervals.removeAll(keepingCapacity: true)
    for k in (lo + 1)..<hi { intervals.append(strict[k].index - strict[k - 1].index) }
    intervals.sort()
    let rr = Double(intervals[intervals.count / 2])
    let gap = Double(a - b), nearest = Double(min(c.index - b, a - c.index))
    if gap > p.rhythmGapRatio * rr || nearest >= p.rhythmShortRatio * rr { joined.append(c) }
  }
  return joined.sorted { $0.index < $1.index }
}
