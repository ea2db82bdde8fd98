import Core
import DSP

// Per-window signal quality of one lead: is the ECG readable there?
//
// After Orphanidou C, Bonnici T, Charlton P, Clifton D, Vallance D, Tarassenko L. Signal-quality
// indices for the electrocardiogram and photoplethysmogram: derivation and applications to
// wireless monitoring. IEEE J Biomed Health Inform 19(3):832-838, 2015 (10 s windows; heart rate
// 30-300 bpm (Orphanidou: 40-180 at rest); no RR gap over 3 s; beats that match their window's average beat, mean correlation
// >= 0.66), with the kurtosis index kSQI of Li Q, Mark RG, Clifford GD. Robust heart rate
// estimation from multiple asynchronous noisy sources using signal quality indices and a Kalman
// filter. Physiol Meas 29(1):15-32, 2008 (an ECG is peaked: kurtosis well above a Gaussian's 3).
// Orphanidou's ratio rule (longest / shortest RR < 2.2) is left out: ectopic beats and atrial
// fibrillation break it on readable ECGs.

/// Why a window of a lead cannot be read.
public enum UnreadableReason: String, Sendable, Equatable, CaseIterable {
  /// Fewer than two beats in the window.
  case tooFewBeats = "too few beats"
  /// Heart rate outside 30-300 bpm.
  case implausibleRate = "heart rate outside 30-300 bpm"
  /// An RR interval, or the edge gap, over 3 s.
  case longGap = "RR gap over 3 s"
  /// The beats do not look alike (mean correlation with the window's average beat < 0.66).
  case unlikeBeats = "beats unlike each other"
  /// The band-passed signal is not peaked (kurtosis < `SignalQualityParameters.minimumKurtosis`).
  case notPeaked = "no peaked QRS complexes"
}

/// The constants of `signalQuality` (Orphanidou et al. 2015; Li et al. 2008).
public struct SignalQualityParameters: Sendable, Equatable {
  /// Window length (s).
  public var window = 10.0
  /// Heart-rate range (bpm). Orphanidou et al. use 40-180 for adults at rest; a record judged
  /// unreadable is an error, so the range here admits what a real ECG shows: sinus bradycardia
  /// in athletes and AV block down to 30, supraventricular tachycardia and 1:1 flutter up to 300
  /// (PTB-XL 00477, a real 12-lead ECG, was refused at 180).
  public var minimumRate = 30.0, maximumRate = 300.0
  /// Longest RR interval (s).
  public var longestGap = 3.0
  /// Least mean correlation of the beats with their window's average beat.
  public var minimumCorrelation = 0.66
  /// Least kurtosis of the lead band-passed 1-40 Hz in the window (a Gaussian's is 3; random
  /// bytes give 3.0). Li et al.'s 5 is too strict for single leads: 13 of LUDB's 200 records have
  /// a lead below 5 (LUDB 116 lead I: 4.4), 1 % below 4.1.
  public var minimumKurtosis = 4.0
  public init() {}
}

/// The quality of one window of a lead.
public struct QualityWindow: Sendable, Equatable {
  /// Samples covered.
  public var range: Range<Int>
  /// Mean correlation of the window's beats with their average beat, -1...1 (NaN: < 2 beats).
  public var correlation: Double
  /// Kurtosis of the band-passed lead in the window.
  public var kurtosis: Double
  /// nil when readable.
  public var reason: UnreadableReason?
  public var readable: Bool { reason == nil }
}

/// Splits a lead (mV) into windows of `parameters.window` seconds (the last one joins its
/// predecessor when shorter than half a window) and says of each whether it can be read, given the
/// R peaks `beats` (ascending samples) detected on it.
public func signalQuality(
  _ x: [Double], beats: [Int], samplingRate fs: Double, parameters p: SignalQualityParameters = .init()
) -> [QualityWindow] {
  signalQuality(leads: [x], beats: beats, samplingRate: fs, parameters: p)[0]
}

/// `signalQuality` of several equally long leads (mV) with the same beats, the leads band-passed
/// together (`SOSFilter.filtfilt(channels:)`, which gives each lead exactly what it gives alone).
public func signalQuality(
  leads: [[Double]], beats: [Int], samplingRate fs: Double, parameters p: SignalQualityParameters = .init()
) -> [[QualityWindow]] {
  let clean = leads.map { x in x.map { $0.isNaN ? 0 : $0 } }
  // A lead too short to filter is used as it is.
  let bands =
    (try? butterworth(order: 2, band: .bandpass(low: 1, high: min(40, 0.45 * fs)), samplingRate: fs))
    .flatMap { try? $0.filtfilt(channels: clean) } ?? clean
  return bands.map { qualityWindows(band: $0, beats: beats, samplingRate: fs, parameters: p) }
}

/// The windows of `signalQuality` from a lead already band-passed 1-40 Hz.
private func qualityWindows(band: [Double], beats: [Int], samplingRate fs: Double, parameters p: SignalQualityParameters) -> [QualityWindow] {
  let n = band.count, rate = SamplingRate(hertz: fs)
  let width = max(1, rate.samples(p.window))
  guard n > 0 else { return [] }
  var bounds = Array(stride(from: 0, to: n, by: width)) + [n]
  if bounds.count > 2, n - bounds[bounds.count - 2] < width / 2 { bounds.remove(at: bounds.count - 2) }
  let half = rate.samples(0.25), gap = rate.samples(p.longestGap)
  var windows: [QualityWindow] = []
  var first = 0  // beats are ascending: one pass over them for all windows (linear in length)
  for (lo, hi) in zip(bounds, bounds.dropFirst()) {
    while first < beats.count && beats[first] < lo { first += 1 }
    var end = first
    while end < beats.count && beats[end] < hi { end += 1 }
    let inside = Array(beats[first..<end])
    let segments = inside.filter { $0 - half >= 0 && $0 + half < n }.map { Array(band[($0 - half)...($0 + half)]) }
    let correlation = meanTemplateCorrelation(segments)
    let k = kurtosis(band[lo..<hi])
    var reason: UnreadableReason? = nil
    if inside.count < 2 {
      reason = .tooFewBeats
    } else {
      let rrs = zip(inside.dropFirst(), inside).map { $0 - $1 }
      let bpm = 60 * fs * Double(inside.count - 1) / Double(inside.last! - inside.first!)
      let edge = max(inside.first! - lo, hi - inside.last!)
      if !(p.minimumRate...p.maximumRate).contains(bpm) {
        reason = .implausibleRate
      } else if rrs.contains(where: { $0 > gap }) || edge > gap {
        reason = .longGap
      } else if !(k >= p.minimumKurtosis) {
        reason = .notPeaked
      } else if !(correlation >= p.minimumCorrelation) {
        reason = .unlikeBeats
      }
    }
    windows.append(QualityWindow(range: lo..<hi, correlation: correlation, kurtosis: k, reason: reason))
  }
  return windows
}

/// For each beat, the quality window it falls in (nil outside every window).
public func qualityOfBeats(_ beats: [Int], windows: [QualityWindow]) -> [QualityWindow?] {
  var w = 0
  return beats.map { b in
    while w < windows.count && windows[w].range.upperBound <= b { w += 1 }
    return w < windows.count && windows[w].range.contains(b) ? windows[w] : nil
  }
}

/// The fraction of samples in readable windows, 0...1 (0 for no windows).
public func readableFraction(_ windows: [QualityWindow]) -> Double {
  let total = windows.reduce(0) { $0 + $1.range.count }
  let readable = windows.filter(\.readable).reduce(0) { $0 + $1.range.count }
  return total > 0 ? Double(readable) / Double(total) : 0
}

/// The most common reason among the unreadable windows (nil when all are readable).
public func dominantReason(_ windows: [QualityWindow]) -> UnreadableReason? {
  let reasons = windows.compactMap(\.reason)
  return UnreadableReason.allCases.max { a, b in reasons.filter { $0 == a }.count < reasons.filter { $0 == b }.count }
    .flatMap { r in reasons.contains(r) ? r : nil }
}

/// Mean Pearson correlation of equally long segments with their sample-by-sample mean (NaN with
/// fewer than two).
func meanTemplateCorrelation(_ segments: [[Double]]) -> Double {
  guard segments.count >= 2, let length = segments.first?.count else { return .nan }
  var template = [Double](repeating: 0, count: length)
  for s in segments { for i in 0..<length { template[i] += s[i] / Double(segments.count) } }
  return segments.reduce(0) { $0 + pearsonCorrelation($1, template) } / Double(segments.count)
}

/// Sample kurtosis (fourth standardised moment; 3 for a Gaussian), 0 for a constant.
func kurtosis(_ x: ArraySlice<Double>) -> Double {
  guard !x.isEmpty else { return 0 }
  let n = Double(x.count)
  let m = x.reduce(0, +) / n
  var m2 = 0.0, m4 = 0.0
  for v in x {
    let d = (v - m) * (v - m)
    m2 += d; m4 += d * d
  }
  m2 /= n; m4 /= n
  return m2 > 0 ? m4 / (m2 * m2) : 0
}
