import Core
import DSP

/// P, QRS and T fiducials of one beat on one lead, as 0-based sample indices; nil where the wave
/// is absent (no P in atrial fibrillation, an isoelectric T) or could not be placed.
public struct BeatFiducials: Sendable, Equatable {
  public var pOnset: Int?, pPeak: Int?, pOffset: Int?
  public var qrsOnset: Int?, rPeak: Int, qrsOffset: Int?
  public var tPeak: Int?, tOffset: Int?
  public init(rPeak: Int) { self.rPeak = rPeak }
}

/// Delineates P, QRS and T waves on one lead around given R peaks.
///
/// Method (all windows in seconds, so it runs at any rate):
/// - The lead is zero-phase band-limited: 0.5 Hz high-pass (baseline) and 40 Hz low-pass for QRS,
///   12 Hz low-pass for P and T (30 Hz for P ends), after bridging any pacemaker stimuli.
/// - QRS onset and offset: the slope envelope (|derivative|, 10 ms mean) is searched from the
///   steep part of the complex outwards until it falls below 3 % (onset) or 8 % (offset) of its
///   maximum for 8 ms
///   (threshold method in the manner of Laguna et al., Comput Biomed Res 1994), within 120 ms
///   before and 160 ms after the R peak. An offset is not taken where the slope rises above
///   12 % again within 50 ms: a slurred terminal S or R' (bundle branch block) pauses on a
///   plateau before it returns (LUDB 108: QRS offsets 37 ms early without this).
/// - T peak: the local extremum with the largest deviation from the isoelectric level (median of
///   the 20 ms before QRS onset) between QRS offset + 60 ms and 70 % of the RR interval (at most 560 ms); T offset by the
///   area indicator (`areaWaveEnd`, Zhang et al. 2006, 110 ms window) within 200 ms after the
///   peak and 80 % of the RR interval (with `tEndAreaWindow` 0: the tangent method, where the
///   tangent at the steepest point after the peak meets the isoelectric level; Lepeschkin and
///   Surawicz 1952). A T wave smaller than 0.02 mV or than twice the noise of the window is
///   reported absent.
/// - P peak: the local extremum with the largest deviation from 220 ms to 40 ms before QRS onset
///   (after the previous T offset; 99.9 % of LUDB's annotated P peaks lie 40 ms or more before
///   the QRS onset, while a pick closer to it is mostly the start of the QRS itself);
///   onset and offset by the tangent method on either side; absent below 0.01 mV, below 2 % of the
///   QRS peak-to-peak amplitude (filter ringing before a large QRS scales with it), below 2.5×
///   the window's noise, or when the resulting P lasts less than 40 or more than 180 ms. Across the
///   beats of a lead, P waves must keep their distance to the QRS (`consistentPWaves`): in atrial
///   fibrillation the "P" picks do not, and the lead reports P absent.
/// - Paced beats: given the record's pacemaker stimuli (`pacingSpikes`), a QRS onset found
///   before a stimulus in the 150 ms before its R peak is moved to just after the stimulus.
public func delineate(
  lead: [Double], samplingRate fs: Double, rPeaks: [Int], parameters q: DelineationParameters = .init(), pacingSpikes: [Int] = []
) throws(DelineationError) -> [BeatFiducials] {
  try delineate(leads: [lead], samplingRate: fs, rPeaks: rPeaks, parameters: q, pacingSpikes: pacingSpikes)[0]
}

/// `delineate(lead:...)` of several simultaneous leads around the same R peaks and stimuli, one
/// result per lead, each exactly what that lead alone gives. The leads are filtered together
/// (`SOSFilter.filtfilt(channels:)`), which is faster than one at a time.
public func delineate(
  leads: [[Double]], samplingRate fs: Double, rPeaks: [Int], parameters q: DelineationParameters = .init(), pacingSpikes: [Int] = []
) throws(DelineationError) -> [[BeatFiducials]] {
  let filtered = try filterForDelineation(leads: leads, samplingRate: fs, parameters: q, pacingSpikes: pacingSpikes)
  return delineate(filtered: filtered, rPeaks: rPeaks, parameters: q, pacingSpikes: pacingSpikes)
}

/// The signals `delineate` works on, per non-empty lead: the QRS band (`x`), the 12 Hz P and T
/// signal (`smooth`) and the P-end signal (`pSmooth`). They depend on `stimulusBlank` and
/// `pLowpass` only, so one filtering serves delineations that differ in the other constants.
package struct DelineationSignals: Sendable {
  var x: [[Double]], smooth: [[Double]], pSmooth: [[Double]]
  /// Indices of the non-empty leads these are for, out of `leadCount`.
  var present: [Int]
  var leadCount: Int
  var samplingRate: Double
}

/// Filters the leads for `delineate` (see its method notes).
package func filterForDelineation(
  leads: [[Double]], samplingRate fs: Double, parameters q: DelineationParameters, pacingSpikes: [Int]
) throws(DelineationError) -> DelineationSignals {
  guard fs >= 100, fs <= 1000 else { throw .unsupportedSamplingRate(fs) }
  let present = leads.indices.filter { !leads[$0].isEmpty }
  guard !present.isEmpty else { return DelineationSignals(x: [], smooth: [], pSmooth: [], present: [], leadCount: leads.count, samplingRate: fs) }
  do {
    let clean = present.map { leads[$0].map { $0.isNaN ? 0 : $0 } }
    let hp = try butterworth(order: 2, band: .highpass(cutoff: 0.5), samplingRate: fs).filtfilt(channels: clean)
    // The lead is filtered without its pacemaker stimuli (bridged from 2 ms before to
    // `stimulusBlank` after each): low-pass filters would spread a stimulus over the 50 ms
    // before it, where it passes for a P wave, and its slope would set the QRS thresholds
    // (LUDB 74: QRS offsets 30 ms early).
    let before = SamplingRate(hertz: fs).samples(0.002), after = SamplingRate(hertz: fs).samples(q.stimulusBlank)
    let bridged = hp.map { h in
      var b = h
      for spike in pacingSpikes where spike - before >= 0 && spike + after < h.count {
        let a = spike - before, z = spike + after
        for i in (a + 1)..<z { b[i] = h[a] + (h[z] - h[a]) * Double(i - a) / Double(z - a) }
      }
      return b
    }
    let x = try butterworth(order: 3, band: .lowpass(cutoff: min(40, fs * 0.45)), samplingRate: fs).filtfilt(channels: bridged)
    let smooth = try butterworth(order: 3, band: .lowpass(cutoff: 12), samplingRate: fs).filtfilt(channels: bridged)
    let pSmooth =
      q.pLowpass == 12
      ? smooth : try butterworth(order: 3, band: .lowpass(cutoff: min(q.pLowpass, fs * 0.45)), samplingRate: fs).filtfilt(channels: bridged)
    return DelineationSignals(x: x, smooth: smooth, pSmooth: pSmooth, present: present, leadCount: leads.count, samplingRate: fs)
  } catch {
    throw .signalTooShort(samples: present.map { leads[$0].count }.min()!, neededSeconds: 0.1)
  }
}

/// `delineate(leads:...)` on leads already filtered by `filterForDelineation` with the same
/// `stimulusBlank`, `pLowpass` and stimuli.
package func delineate(filtered f: DelineationSignals, rPeaks: [Int], parameters q: DelineationParameters, pacingSpikes: [Int]) -> [[BeatFiducials]] {
  var result = [[BeatFiducials]](repeating: [], count: f.leadCount)
  for (k, i) in f.present.enumerated() {
    result[i] = delineateFiltered(
      x: f.x[k], smooth: f.smooth[k], pSmooth: f.pSmooth[k], samplingRate: f.samplingRate, rPeaks: rPeaks, parameters: q, pacingSpikes: pacingSpikes)
  }
  return result
}

/// The body of `delineate` on one lead's filtered signals: `x` (QRS band), `smooth` (12 Hz, P and
/// T) and `pSmooth` (P ends).
private func delineateFiltered(
  x: [Double], smooth: [Double], pSmooth: [Double], samplingRate fs: Double, rPeaks: [Int], parameters q: DelineationParameters,
  pacingSpikes: [Int]
) -> [BeatFiducials] {
  let n = x.count
  func s(_ sec: Double) -> Int { max(1, SamplingRate(hertz: fs).samples(sec)) }
  // Slope envelope.
  var slope = [Double](repeating: 0, count: n)
  for i in 1..<(n - 1) { slope[i] = abs(x[i + 1] - x[i - 1]) * fs / 2 }
  let w = s(0.010)
  var envelope = [Double](repeating: 0, count: n)
  var acc = 0.0
  for i in 0..<n {
    acc += slope[i]
    if i >= w { acc -= slope[i - w] }
    envelope[i] = acc / Double(min(i + 1, w))
  }
  let sorted = rPeaks.filter { $0 >= 0 && $0 < n }.sorted()
  var beats: [BeatFiducials] = []
  var previousTOffset: Int? = nil
  for (k, r) in sorted.enumerated() {
    var b = BeatFiducials(rPeak: r)
    let rrNext = k + 1 < sorted.count ? sorted[k + 1] - r : s(0.8)
    let rrPrev = k > 0 ? r - sorted[k - 1] : s(0.8)
    // QRS.
    let lo = max(1, r - min(s(0.12), rrPrev / 2)), hi = min(n - 2, r + min(s(0.16), rrNext / 2))
    guard hi > lo else { beats.append(b); continue }
    var peak = lo
    for i in lo...hi where envelope[i] > envelope[peak] { peak = i }
    let hold = s(0.008)
    func crossing(from start: Int, step: Int, limit: Int, fraction: Double) -> Int? {
      let threshold = fraction * envelope[peak]
      var i = start, run = 0
      while step < 0 ? i >= limit : i <= limit {
        if envelope[i] < threshold { run += 1; if run >= hold { return i - step * (hold - 1) } } else { run = 0 }
        i += step
      }
      return nil
    }
    // Walk out from the first and last steep points of the complex.
    var first = peak, last = peak
    for i in lo...hi where envelope[i] > 0.5 * envelope[peak] { first = min(first, i); last = max(last, i) }
    // No crossing inside the window: the quietest point of the window's edge side.
    func quietest(_ a: Int, _ z: Int) -> Int { (a...z).min { envelope[$0] < envelope[$1] }! }
    b.qrsOnset = crossing(from: first, step: -1, limit: lo, fraction: q.qrsOnsetSlopeFraction) ?? quietest(lo, first)
    // A slurred terminal wave (the wide S or R' of a bundle branch block) can pause on a plateau
    // where the slope dips below the threshold: the complex goes on if the slope rises again
    // above `qrsResumeSlopeFraction` within `qrsResumeWindow`.
    var offset = crossing(from: last, step: 1, limit: hi, fraction: q.qrsOffsetSlopeFraction)
    while q.qrsResumeSlopeFraction > 0, let o = offset, o < hi,
      let resume = ((o + 1)...min(hi, o + s(q.qrsResumeWindow))).first(where: { envelope[$0] > q.qrsResumeSlopeFraction * envelope[peak] })
    {
      offset = crossing(from: resume, step: 1, limit: hi, fraction: q.qrsOffsetSlopeFraction)
    }
    b.qrsOffset = offset ?? quietest(last, hi)
    // A paced beat starts at its stimulus, not before: the zero-phase filters spread the
    // stimulus backwards, and the slope envelope would follow it (`pacingSpikes`).
    let stimulus = pacingStimulus(ofBeatAt: r, spikes: pacingSpikes, samplingRate: fs)
    if let on = b.qrsOnset, let off = b.qrsOffset, let spike = stimulus, on <= spike, min(spike + s(0.002), r) < off {
      b.qrsOnset = min(spike + s(0.002), r)
    }
    guard let qOn = b.qrsOnset, let qOff = b.qrsOffset, qOn < qOff else {
      b.qrsOnset = nil; b.qrsOffset = nil
      beats.append(b)
      continue
    }
    let isoStart = max(0, qOn - s(0.02))
    let baseline = median(of: Array(x[isoStart...qOn]))
    let qrsAmplitude = (x[qOn...qOff].max() ?? 0) - (x[qOn...qOff].min() ?? 0)
    // The largest deviation from the baseline among local extrema (a window edge that is still
    // rising into the QRS is not a wave peak).
    func extremum(_ a: Int, _ z: Int) -> Int? {
      var best: Int? = nil
      for i in (a + 1)..<z {
        let isMax = smooth[i] >= smooth[i - 1] && smooth[i] > smooth[i + 1]
        let isMin = smooth[i] <= smooth[i - 1] && smooth[i] < smooth[i + 1]
        guard isMax || isMin else { continue }
        if best == nil || abs(smooth[i] - baseline) > abs(smooth[best!] - baseline) { best = i }
      }
      return best
    }

    // T wave.
    let tLo = qOff + s(q.tStart), tHi = min(n - 2, r + min(Int(0.7 * Double(rrNext)), s(0.56)))
    if tHi > tLo + s(0.04) {
      let tp = extremum(tLo, tHi) ?? tLo
      let amplitude = abs(smooth[tp] - baseline)
      let noise = roughness(x, tLo, tHi)
      if amplitude >= q.tMinimumAmplitude && amplitude >= q.tNoiseRatio * noise && tp > tLo && tp < tHi {
        b.tPeak = tp
        if q.tEndAreaWindow > 0 {
          let last = min(n - 2, r + Int(0.8 * Double(rrNext)))
          b.tOffset = areaWaveEnd(smooth, peak: tp, baseline: baseline, to: min(last, tp + s(q.tEndSearch)), window: s(q.tEndAreaWindow))
          if let end = b.tOffset,
            let second = secondTLobe(smooth, end: end, last: last, peak: tp, baseline: baseline, parameters: q, samplingRate: fs)
          {
            b.tOffset =
              areaWaveEnd(smooth, peak: second, baseline: baseline, to: min(last, second + s(q.tEndSearch / 2)), window: s(q.tEndAreaWindow)) ?? end
          }
        } else {
          b.tOffset = tangentEnd(smooth, peak: tp, from: tp, to: min(n - 2, tHi + s(0.12)), baseline: baseline, forward: true, samplingRate: fs)
        }
        previousTOffset = b.tOffset
      }
    }
    // P wave.
    // The stimulus and the filters' spread of it are not atrial activity.
    let pHi = min(qOn, stimulus.map { $0 - s(q.pStimulusGap) } ?? qOn) - s(q.pGap)
    var pLo = qOn - s(q.pSearch)
    if let t = previousTOffset, t < pHi, k > 0, t > sorted[k - 1] { pLo = max(pLo, t + s(0.02)) }
    if k > 0 { pLo = max(pLo, sorted[k - 1] + s(0.2)) }
    pLo = max(1, pLo)
    if pHi > pLo + s(0.06) {
      let pp = extremum(pLo, pHi) ?? pLo
      let amplitude = abs(smooth[pp] - baseline)
      let noise = roughness(x, pLo, pHi)
      if amplitude >= q.pMinimumAmplitude && amplitude >= q.pNoiseRatio * noise && amplitude >= q.pRelativeAmplitude * qrsAmplitude
        && pp > pLo + s(0.02) && pp < pHi
      {
        // Ends on the less smoothed signal (sharper tangents); on the 12 Hz one when those fail.
        for y in pSmooth == smooth ? [smooth] : [pSmooth, smooth] {
          let on = tangentEnd(y, peak: pp, from: pp, to: max(1, pLo - s(0.04)), baseline: baseline, forward: false, samplingRate: fs)
          let off = tangentEnd(y, peak: pp, from: pp, to: qOn, baseline: baseline, forward: true, samplingRate: fs)
          if let on, let off, off - on >= s(0.04), off - on <= s(0.18) {
            b.pOnset = on; b.pPeak = pp; b.pOffset = off
            break
          }
        }
      }
    }
    beats.append(b)
  }
  return consistentPWaves(beats, maximumSpread: s(q.pConsistency), maximumDeviation: s(4 * q.pConsistency))
}

/// Atrial activity that is a P wave keeps its distance to the QRS from beat to beat; fibrillatory
/// waves and noise picked as "P" do not. When the P-to-QRS-onset distances of a lead spread
/// more than `maximumSpread` (median absolute deviation, samples), every P of the lead is
/// reported absent; otherwise a P more than `maximumDeviation` from the median distance is.
/// With fewer than three P waves nothing is judged.
public func consistentPWaves(_ beats: [BeatFiducials], maximumSpread: Int, maximumDeviation: Int) -> [BeatFiducials] {
  let distances = beats.compactMap { b -> Double? in
    guard let p = b.pPeak, let q = b.qrsOnset else { return nil }
    return Double(q - p)
  }
  guard distances.count >= 3 else { return beats }
  let mid = median(of: distances)
  let spread = median(of: distances.map { abs($0 - mid) })
  return beats.map { b in
    guard let p = b.pPeak, let q = b.qrsOnset else { return b }
    if spread > Double(maximumSpread) || abs(Double(q - p) - mid) > Double(maximumDeviation) {
      var c = b
      c.pOnset = nil; c.pPeak = nil; c.pOffset = nil
      return c
    }
    return b
  }
}

/// Where the tangent at the steepest point between `peak` and `to` meets `baseline`. The steepest
/// point is sought only while the wave is still above 15 % of its height (past that the slope
/// belongs to what follows) and until the signal turns away from the baseline again by 10 % of
/// the height (the next wave has begun); the tangent may reach at most 120 ms beyond it.
func tangentEnd(_ y: [Double], peak: Int, from: Int, to: Int, baseline: Double, forward: Bool, samplingRate fs: Double) -> Int? {
  let step = forward ? 1 : -1
  let height = abs(y[peak] - baseline)
  var steepest = from, best = 0.0
  var i = from
  var closest = height
  while forward ? i < to : i > to {
    let deviation = abs(y[i] - baseline)
    if i != from && deviation < 0.15 * height { break }
    // Past the wave's trough the signal rises into the next wave (a P after the T): stop.
    closest = min(closest, deviation)
    if deviation > closest + 0.1 * height { break }
    let d = y[i + step] - y[i]  // change per step in the walking direction
    // The wave returns towards the baseline: slope sign opposite to the peak's deviation.
    let towards = (y[peak] - baseline) > 0 ? -d : d
    if towards > best { best = towards; steepest = i }
    i += step
  }
  guard best > 0 else { return nil }
  let slope = y[steepest + step] - y[steepest]  // per step, in the walking direction
  guard slope != 0 else { return nil }
  let distance = min((baseline - y[steepest]) / slope, 0.12 * fs)
  let end = steepest + step * Int(distance.rounded())
  return forward ? min(max(end, from), to) : max(min(end, from), to)
}

/// Robust noise of a window: median absolute second difference (mV), which a smooth wave hardly
/// moves but noise does.
func roughness(_ x: [Double], _ a: Int, _ b: Int) -> Double {
  guard b - a > 4 else { return 0 }
  var d = [Double](unsafeUninitializedCapacity: b - a - 1) { buffer, count in
    x.withUnsafeBufferPointer { v in
      for i in (a + 1)..<b { buffer[i - a - 1] = abs(v[i + 1] - 2 * v[i] + v[i - 1]) }
    }
    count = b - a - 1
  }
  return median(selectingIn: &d) * 4
}
