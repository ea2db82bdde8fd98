import Core
import DSP

// QRS detection after Pan J, Tompkins WJ. A real-time QRS detection algorithm. IEEE TBME
// 32(3):230-236, 1985, with the decision rules of Hamilton PS, Tompkins WJ. Quantitative
// investigation of QRS detection rules using the MIT/BIH arrhythmia database. IEEE TBME
// 33(12):1157-1165, 1986.
//
// Goals, in priority order: 1) accuracy on the MIT-BIH Arrhythmia Database (AAMI EC57),
// 2) the same behaviour at any rate from 100 to 1000 Hz (every constant is in seconds or Hz),
// 3) speed (a few filter passes and one pass of decisions: linear time).
//
// Deviations from the papers, because the whole record is available (offline):
// - filters run forward and backward (zero phase), so no group-delay bookkeeping is needed;
// - candidate peaks are the maxima of the integrated energy within +/- half a refractory
//   period, and a later, taller candidate inside the refractory period replaces the earlier one;
// - thresholds start from robust statistics of the first seconds (medians of 1 s maxima)
//   rather than the first 2 s maximum;
// - a beat rejected as a T wave must also be low in energy relative to the previous QRS, and the
//   mirror rule drops a tall P wave accepted just before a much steeper, larger QRS;
// - one artefact cannot raise the signal level by more than `levelCap` times, and a gap longer
//   than `deepSearchRatio` mean RR intervals is searched again at a lower threshold;
// - constants (band 3-20 Hz, threshold fraction 0.12, refractory 210 ms) were chosen on the
//   MIT-BIH Arrhythmia Database, the same data the README scores; LUDB is the independent check.
// - the R peak is placed on the dominant deflection of the first lead (farthest from the local
//   median), within +/- `rPeakSearch` of the energy peak.
// - the decision rules run twice, the second time with a threshold that rises with in-band
//   noise, and the two are joined by the rhythm (`guardByRhythm`, RhythmGuard.swift): under
//   noise most false beats sit too close to a true one to be an ectopic beat (the MIT-BIH noise
//   stress test, issue 16); constants chosen on MIT-BIH and the 46-record stress set.

/// Tunable constants of the detector. All times in seconds, frequencies in Hz.
public struct QRSDetectorParameters: Sendable, Equatable {
  /// Pass band of the QRS-enhancing filter (Hz); the upper edge is capped at 0.45 x the rate.
  public var qrsLowCutoff = 3.0
  public var qrsHighCutoff = 20.0
  /// Moving-integration window (s). Pan-Tompkins: 150 ms.
  public var integrationWindow = 0.15
  /// No second beat within this time of a beat (s).
  public var refractory = 0.21
  /// Beats closer than this to the previous one are checked for being a T wave (s).
  public var tWaveWindow = 0.36
  /// A candidate whose maximal slope is below this fraction of the previous QRS's is a T wave.
  public var tWaveSlopeRatio = 0.5
  /// Threshold between noise and signal levels: noise + fraction x (signal - noise).
  public var thresholdFraction = 0.12
  /// Search back for a missed beat after this multiple of the mean RR interval.
  public var searchBackRatio = 1.66
  /// Half-width of the window in which the R peak is placed around the energy peak (s).
  public var rPeakSearch = 0.08
  /// A peak moves the signal level by at most this multiple of it, so one artefact cannot
  /// raise the threshold above the following beats.
  public var levelCap = 3.0
  /// When the gap still exceeds `deepSearchRatio` x the mean RR after the ordinary search-back,
  /// candidates down to `deepSearchFraction` x the threshold are taken.
  public var deepSearchRatio = 2.5
  public var deepSearchFraction = 0.25
  /// A stretch is noisy where the first-pass beats' typical energy is below this multiple of the
  /// energy floor (`noisyStretches`); there the beats are chosen again (`refineNoisyStretches`).
  /// 0 turns the second pass off.
  public var noisyContrast = 0.0
  /// In-band noise raises the threshold: the fraction becomes `thresholdFraction` +
  /// `noiseFractionSlope` x max(0, noise level / signal level - `noiseRatioKnee`), at most
  /// `maximumFraction` (0 slope: the fixed fraction of Pan-Tompkins).
  public var noiseFractionSlope = 0.0
  public var noiseRatioKnee = 0.1
  public var maximumFraction = 0.5
  /// The rhythm guard (`guardByRhythm`): a second, strict pass with noise slope
  /// `rhythmGuardSlope` and knee `rhythmGuardKnee` (0 slope turns the guard off); a beat only the
  /// first pass found is kept when it fills a gap over `rhythmGapRatio` x the local RR or is at
  /// least `rhythmShortRatio` x the local RR from both neighbours.
  public var rhythmGuardSlope = 3.0
  public var rhythmGuardKnee = 0.03
  public var rhythmGapRatio = 1.3
  public var rhythmShortRatio = 0.42
  /// The local RR of the rhythm guard: the median strict-pass RR within this time (s).
  public var rhythmContext = 60.0
  /// Height, relative to the typical QRS height of a noisy stretch, at which a candidate's height
  /// score is 0 (`pathBeats`).
  public var pathThreshold = 0.35
  /// Weight of the rhythm score -w log(RR / expected RR)^2 in noisy stretches (`pathBeats`).
  public var pathRhythmWeight = 1.5
  /// Added to the height score of a candidate the threshold rules accepted (`pathBeats`).
  public var pathFirstPassBonus = 0.0

  public init() {}

  /// Sets a constant by name ("thresholdFraction=0.15"), for tuning runs; false for an unknown
  /// name or a value that is not a number.
  public mutating func set(_ assignment: String) -> Bool {
    let parts = assignment.split(separator: "=").map(String.init)
    guard parts.count == 2, let v = Double(parts[1]) else { return false }
    let paths: [String: WritableKeyPath<QRSDetectorParameters, Double>] = [
      "qrsLowCutoff": \.qrsLowCutoff, "qrsHighCutoff": \.qrsHighCutoff, "integrationWindow": \.integrationWindow,
      "refractory": \.refractory, "tWaveWindow": \.tWaveWindow, "tWaveSlopeRatio": \.tWaveSlopeRatio,
      "thresholdFraction": \.thresholdFraction, "searchBackRatio": \.searchBackRatio, "rPeakSearch": \.rPeakSearch,
      "levelCap": \.levelCap, "deepSearchRatio": \.deepSearchRatio, "deepSearchFraction": \.deepSearchFraction,
      "noisyContrast": \.noisyContrast, "pathThreshold": \.pathThreshold, "pathRhythmWeight": \.pathRhythmWeight,
      "pathFirstPassBonus": \.pathFirstPassBonus, "noiseFractionSlope": \.noiseFractionSlope,
      "noiseRatioKnee": \.noiseRatioKnee, "maximumFraction": \.maximumFraction,
      "rhythmGuardSlope": \.rhythmGuardSlope, "rhythmGuardKnee": \.rhythmGuardKnee,
      "rhythmGapRatio": \.rhythmGapRatio, "rhythmShortRatio": \.rhythmShortRatio,
      "rhythmContext": \.rhythmContext,
    ]
    guard let path = paths[parts[0]] else { return false }
    self[keyPath: path] = v
    return true
  }
}

/// Detects QRS complexes in one lead and returns the R-peak sample of every beat.
///
/// - Parameters:
///   - signal: samples in any amplitude unit (mV usually); NaN marks missing samples, which are
///     bridged by linear interpolation before filtering.
///   - samplingRate: Hz, 100...1000.
/// - Returns: ascending 0-based sample indices of the R peaks (the dominant QRS deflection).
/// - Throws: `DelineationError` for a rate outside 100...1000 Hz, a signal shorter than 1 s,
///   an all-NaN or flat signal.
public func detectBeats(
  in signal: [Double], samplingRate: Double, parameters: QRSDetectorParameters = .init()
) throws(DelineationError) -> [Int] {
  try detectBeats(inLeads: [signal], samplingRate: samplingRate, parameters: parameters)
}

/// Detects QRS complexes fused over several simultaneous leads.
///
/// Each lead's integrated QRS energy is scaled by its own robust level (median of 1 s maxima)
/// and the scaled energies are summed, so a beat visible in any lead is found and noise in one
/// lead is diluted by the others. R peaks are placed on the first lead. Flat leads are ignored
/// (an error only if all are flat).
public func detectBeats(
  inLeads leads: [[Double]], samplingRate fs: Double, parameters: QRSDetectorParameters = .init()
) throws(DelineationError) -> [Int] {
  guard let first = leads.first else { throw .invalidLeads(reason: "no lead given") }
  guard leads.allSatisfy({ $0.count == first.count }) else {
    throw .invalidLeads(reason: "leads differ in length")
  }
  guard fs.isFinite, (100...1000).contains(fs) else { throw .unsupportedSamplingRate(fs) }
  guard Double(first.count) >= fs else { throw .signalTooShort(samples: first.count, neededSeconds: 1) }

  var energy: [Double] = []
  var filtered: [[Double]] = []
  var primary: [Double] = []
  var varying: [[Double]] = []
  for (index, raw) in leads.enumerated() {
    let lead = try bridgeMissing(raw, lead: index)
    if index == 0 { primary = lead }
    guard let lo = lead.min(), let hi = lead.max(), hi > lo else {
      if leads.count == 1 { throw .flatSignal(lead: index) }
      continue
    }
    varying.append(lead)
  }
  // Band-passed together (the same result as one lead at a time, faster).
  let bandPassed = qrsBand(varying, fs: fs, parameters: parameters)
  for band in bandPassed {
    var features = qrsFeatures(bandPassed: band, fs: fs, parameters: parameters)
    if leads.count > 1 {
      // Scale each lead to its own typical QRS energy before summing.
      let scale = robustLevel(features.energy, fs: fs)
      guard scale > 0 else { continue }
      for i in features.energy.indices { features.energy[i] /= scale }
    }
    if energy.isEmpty {
      energy = features.energy
    } else {
      for i in energy.indices { energy[i] += features.energy[i] }
    }
    filtered.append(features.filtered)
  }
  guard !energy.isEmpty else { throw .flatSignal(lead: 0) }

  var beats = decide(energy: energy, filtered: filtered, fs: fs, parameters: parameters)
  if parameters.rhythmGuardSlope > 0 {
    var strict = parameters
    strict.noiseFractionSlope = parameters.rhythmGuardSlope
    strict.noiseRatioKnee = parameters.rhythmGuardKnee
    let guarded = decide(energy: energy, filtered: filtered, fs: fs, parameters: strict)
    beats = guardByRhythm(loose: beats, strict: guarded, fs: fs, parameters: parameters)
  }
  return placeRPeaks(beats, in: primary, fs: fs, parameters: parameters)
}

/// Replaces NaN samples by linear interpolation between the nearest valid samples (held
/// constant before the first and after the last valid one).
func bridgeMissing(_ x: [Double], lead: Int) throws(DelineationError) -> [Double] {
  guard x.contains(where: { $0.isNaN }) else { return x }
  guard let firstValid = x.firstIndex(where: { !$0.isNaN }) else { throw .noValidSamples(lead: lead) }
  var y = x
  var last = firstValid
  for i in 0..<firstValid { y[i] = x[firstValid] }
  var i = firstValid + 1
  while i < x.count {
    if x[i].isNaN {
      var j = i
      while j < x.count && x[j].isNaN { j += 1 }
      if j == x.count {
        for k in i..<j { y[k] = x[last] }
      } else {
        for k in i..<j {
          let t = Double(k - last) / Double(j - last)
          y[k] = x[last] + t * (x[j] - x[last])
        }
      }
      i = j
    } else {
      last = i
      i += 1
    }
  }
  return y
}

struct QRSFeatures {
  /// Moving-window integral of the squared derivative of the band-passed signal.
  var energy: [Double]
  /// The band-passed signal.
  var filtered: [Double]
}

/// The QRS band of each lead (zero-phase band-pass); a lead too short to filter is kept as is.
func qrsBand(_ leads: [[Double]], fs: Double, parameters: QRSDetectorParameters) -> [[Double]] {
  let high = min(parameters.qrsHighCutoff, 0.45 * fs)
  guard let bp = try? butterworth(order: 2, band: .bandpass(low: parameters.qrsLowCutoff, high: high), samplingRate: fs) else {
    return leads
  }
  if let all = try? bp.filtfilt(channels: leads) { return all }
  return leads.map { (try? bp.filtfilt($0)) ?? $0 }
}

/// QRS energy of one lead from its QRS band (`qrsBand`).
func qrsFeatures(bandPassed filtered: [Double], fs: Double, parameters: QRSDetectorParameters) -> QRSFeatures {
  // One pass: a running sum of the squared derivative over the window.
  let n = filtered.count
  let half = max(1, SamplingRate(hertz: fs).samples(parameters.integrationWindow / 2))
  var energy = [Double](repeating: 0, count: n)
  filtered.withUnsafeBufferPointer { x in
    energy.withUnsafeMutableBufferPointer { e in
      @inline(__always) func squaredDerivative(_ i: Int) -> Double {
        guard i > 0 && i < n - 1 else { return 0 }
        let d = (x[i + 1] - x[i - 1]) * fs / 2
        return d * d
      }
      // Centred mean over [i - half, i + half], truncated at the edges.
      var sum = 0.0
      for i in 0...min(half, n - 1) { sum += squaredDerivative(i) }
      for i in 0..<n {
        let lo = max(0, i - half), hi = min(n - 1, i + half)
        e[i] = sum / Double(hi - lo + 1)
        if i + half + 1 < n { sum += squaredDerivative(i + half + 1) }
        if i - half >= 0 { sum -= squaredDerivative(i - half) }
      }
    }
  }
  return QRSFeatures(energy: energy, filtered: filtered)
}

/// The largest |derivative| (per second) of any lead within `lo...hi`.
func maximumSlope(_ leads: [[Double]], _ lo: Int, _ hi: Int, fs: Double) -> Double {
  var best = 0.0
  for x in leads {
    let a = max(1, lo), b = min(x.count - 2, hi)
    guard a <= b else { continue }
    for i in a...b { best = max(best, abs(x[i + 1] - x[i - 1])) }
  }
  return best * fs / 2
}

/// The median of the maxima of consecutive 1 s windows: the typical QRS energy.
func robustLevel(_ energy: [Double], fs: Double) -> Double {
  let width = max(1, Int(fs))
  var maxima: [Double] = []
  var start = 0
  while start < energy.count {
    let end = min(energy.count, start + width)
    maxima.append(energy[start..<end].max() ?? 0)
    start = end
  }
  maxima.sort()
  return maxima[maxima.count / 2]
}

struct Candidate {
  var index: Int
  var height: Double
  var slope: Double
}

/// Local maxima of `energy` that are the largest within +/- `half` samples.
func candidatePeaks(
  _ energy: [Double], filtered: [[Double]], fs: Double, half: Int, slopeHalf: Int
) -> [Candidate] {
  let n = energy.count
  var result: [Candidate] = []
  var i = 1
  while i < n - 1 {
    if energy[i] > energy[i - 1] && energy[i] >= energy[i + 1] {
      let lo = max(0, i - half), hi = min(n - 1, i + half)
      var isMax = true
      for j in lo...hi where energy[j] > energy[i] {
        isMax = false
        break
      }
      if isMax {
        let slo = max(0, i - slopeHalf), shi = min(n - 1, i + slopeHalf)
        let slope = maximumSlope(filtered, slo, shi, fs: fs)
        result.append(Candidate(index: i, height: energy[i], slope: slope))
      }
    }
    i += 1
  }
  return result
}

/// Pan-Tompkins / Hamilton-Tompkins decision rules over the candidate peaks.
func decide(
  energy: [Double], filtered: [[Double]], fs: Double, parameters p: QRSDetectorParameters
)
  -> [Candidate]
{
  let refractory = SamplingRate(hertz: fs).samples(p.refractory)
  let candidates = candidatePeaks(
    energy, filtered: filtered, fs: fs, half: refractory / 2,
    slopeHalf: SamplingRate(hertz: fs).samples(p.integrationWindow / 2))
  guard !candidates.isEmpty else { return [] }
  let tWave = SamplingRate(hertz: fs).samples(p.tWaveWindow)

  // Initial levels from the first 10 s.
  let head = Array(energy.prefix(SamplingRate(hertz: fs).samples(10)))
  var signalLevel = 0.7 * robustLevel(head, fs: fs)
  var noiseLevel = 0.5 * (head.reduce(0, +) / Double(max(1, head.count)))
  func threshold() -> Double {
    let ratio = signalLevel > 0 ? noiseLevel / signalLevel : 0
    let fraction = min(p.maximumFraction, p.thresholdFraction + p.noiseFractionSlope * max(0, ratio - p.noiseRatioKnee))
    return noiseLevel + max(p.thresholdFraction, fraction) * (signalLevel - noiseLevel)
  }

  var beats: [Candidate] = []
  var recentRR: [Int] = []
  var meanRR = SamplingRate(hertz: fs).samples(0.8)  // until 8 intervals are known
  var pending: [Candidate] = []  // rejected candidates since the last beat, for search-back

  func accept(_ c: Candidate, searchBack: Bool) {
    if let last = beats.last {
      let rr = c.index - last.index
      recentRR.append(rr)
      if recentRR.count > 8 { recentRR.removeFirst() }
      meanRR = recentRR.reduce(0, +) / recentRR.count
    }
    let h = min(c.height, p.levelCap * signalLevel)
    if searchBack {
      signalLevel = 0.25 * h + 0.75 * signalLevel
    } else {
      signalLevel = 0.125 * h + 0.875 * signalLevel
    }
    beats.append(c)
  }

  func isTWave(_ c: Candidate) -> Bool {
    guard let last = beats.last, c.index - last.index < tWave else { return false }
    return c.slope < p.tWaveSlopeRatio * last.slope && c.height < last.height
  }

  func searchBack(until index: Int) {
    while let last = beats.last, index - last.index > Int(p.searchBackRatio * Double(meanRR)) {
      let deep = index - last.index > Int(p.deepSearchRatio * Double(meanRR))
      let limit = threshold() * (deep ? p.deepSearchFraction : 0.5)
      var best: Candidate? = nil
      for c in pending
      where c.index - last.index >= refractory && index - c.index >= refractory
        && c.height > limit && !isTWave(c)
      {
        if best == nil || c.height > best!.height { best = c }
      }
      guard let found = best else { return }
      pending.removeAll { $0.index <= found.index }
      accept(found, searchBack: true)
    }
  }

  for c in candidates {
    searchBack(until: c.index)
    if let last = beats.last, c.index - last.index < refractory {
      if c.height > last.height {
        beats[beats.count - 1] = c  // the taller peak is the QRS
      }
      continue
    }
    if c.height > threshold() && !isTWave(c) {
      accept(c, searchBack: false)
      pending.removeAll(keepingCapacity: true)
    } else {
      noiseLevel = 0.125 * min(c.height, p.levelCap * signalLevel) + 0.875 * noiseLevel
      pending.append(c)
    }
  }
  searchBack(until: energy.count - 1)
  let firstPass = dropPWaves(beats, window: tWave, ratio: p.tWaveSlopeRatio)
  return refineNoisyStretches(firstPass, candidates: candidates, energy: energy, fs: fs, parameters: p)
}

/// Removes a beat followed within `window` samples by one with more than 1/`ratio` times its
/// slope and energy: the earlier one was a tall P wave (the mirror of the T-wave rule).
func dropPWaves(_ beats: [Candidate], window: Int, ratio: Double) -> [Candidate] {
  guard beats.count > 1 else { return beats }
  var kept: [Candidate] = []
  kept.reserveCapacity(beats.count)
  for (i, b) in beats.enumerated() {
    if i + 1 < beats.count {
      let next = beats[i + 1]
      if next.index - b.index < window && b.slope < ratio * next.slope
        && b.height < ratio * ratio * next.height
      {
        continue
      }
    }
    kept.append(b)
  }
  return kept
}

/// Places each beat's R peak on the sample farthest from the local baseline (the median of
/// evenly spaced samples within +/- 2 x `rPeakSearch`) within +/- `rPeakSearch` of the energy peak, and
/// keeps the taller of two peaks closer than the refractory period.
func placeRPeaks(
  _ beats: [Candidate], in x: [Double], fs: Double, parameters p: QRSDetectorParameters
) -> [Int] {
  let half = SamplingRate(hertz: fs).samples(p.rPeakSearch)
  let refractory = SamplingRate(hertz: fs).samples(p.refractory)
  var peaks: [Int] = []
  var heights: [Double] = []
  var window: [Double] = []
  for b in beats {
    let wideLo = max(0, b.index - 2 * half), wideHi = min(x.count - 1, b.index + 2 * half)
    // The median of about 25 evenly spaced samples is a robust enough baseline.
    window.removeAll(keepingCapacity: true)
    let step = max(1, (wideHi - wideLo) / 24)
    for i in stride(from: wideLo, through: wideHi, by: step) { window.append(x[i]) }
    window.sort()
    let baseline = window[window.count / 2]
    let lo = max(0, b.index - half), hi = min(x.count - 1, b.index + half)
    var best = lo
    for i in lo...hi where abs(x[i] - baseline) > abs(x[best] - baseline) { best = i }
    if let last = peaks.last, best - last < refractory {
      if b.height > heights[heights.count - 1] {
        peaks[peaks.count - 1] = best
        heights[heights.count - 1] = b.height
      }
      continue
    }
    peaks.append(best)
    heights.append(b.height)
  }
  return peaks
}
