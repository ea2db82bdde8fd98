import Core

/// The end of a wave by the area indicator of Zhang et al. (IEEE Trans Biomed Eng
/// 53(12):2544-2552, 2006): for each candidate sample t after the wave's peak, the area
/// A(t) = sign * sum over the `window` samples up to t of (y[j] - y[t]), where sign is the
/// polarity of the peak against `baseline`; the end is the t that maximises A. While the wave
/// is still falling towards the baseline A grows; once the signal is flat it stops growing, and
/// when a following wave (a U wave, the next P) rises it shrinks. Unlike the tangent at one
/// point, the area uses the whole window, so one noisy slope does not move the end.
///
/// Deviation from the paper: the search interval is given by the caller (from the peak to
/// `to`), not from the RR-based formula of the paper.
///
/// - Parameters:
///   - y: the signal (mV), low-passed (the 12 Hz signal of `delineate`).
///   - peak: the wave's peak (sample).
///   - baseline: the isoelectric level (mV).
///   - to: the last candidate (sample), inside `y`.
///   - window: samples in the area (Zhang et al.: about 100 ms).
/// - Returns: the end (sample), or nil when the interval is empty.
public func areaWaveEnd(_ y: [Double], peak: Int, baseline: Double, to: Int, window: Int) -> Int? {
  guard peak >= 0, to < y.count, to > peak + 1, window > 1 else { return nil }
  let sign = y[peak] >= baseline ? 1.0 : -1.0
  let start = max(0, peak - window)
  // prefix[i - start] = sum of y[start..<i]
  var prefix = [Double](repeating: 0, count: to - start + 2)
  for i in start...to { prefix[i - start + 1] = prefix[i - start] + y[i] }
  var best: Int? = nil, bestArea = -Double.infinity
  for t in (peak + 1)...to {
    let a = max(start, t - window + 1)
    let sum = prefix[t - start + 1] - prefix[a - start]
    let area = sign * (sum - Double(t - a + 1) * y[t])
    if area > bestArea { bestArea = area; best = t }
  }
  return best
}

/// The second lobe of a biphasic T wave, if there is one: the extremum of opposite polarity to
/// the T peak within 20 ms before and 100 ms after the first lobe's end (`end`), no later than
/// `last`, that reaches `tBiphasicFraction` of the T peak's deviation from `baseline` and
/// `tMinimumAmplitude` / 2 (mV). Where the T wave is biphasic (a positive lobe then a negative
/// one, or the reverse), the cardiologists' T end is the end of the second lobe; the area end of
/// the first lobe lies at the second lobe's extreme (LUDB 24, V2: 18 ms early with this rule,
/// 44 ms with the tangent alone).
func secondTLobe(
  _ y: [Double], end: Int, last: Int, peak: Int, baseline: Double, parameters q: DelineationParameters, samplingRate fs: Double
) -> Int? {
  guard q.tBiphasicFraction > 0 else { return nil }
  let rate = SamplingRate(hertz: fs)
  let a = max(peak + 1, end - rate.samples(0.02)), z = min(last, end + rate.samples(0.1))
  guard z > a + 2 else { return nil }
  let sign = y[peak] >= baseline ? 1.0 : -1.0
  let amplitude = abs(y[peak] - baseline)
  // The most opposite point, which must be a turning point, not the window's edge.
  guard let opposite = (a...z).min(by: { sign * (y[$0] - baseline) < sign * (y[$1] - baseline) }), opposite > a, opposite < z
  else { return nil }
  let depth = -sign * (y[opposite] - baseline)
  guard depth >= q.tBiphasicFraction * amplitude, depth >= q.tMinimumAmplitude / 2 else { return nil }
  return opposite
}
