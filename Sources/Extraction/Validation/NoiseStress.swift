import Core
import Foundation
import Signals

// The noise stress test of the MIT-BIH Noise Stress Test Database, as WFDB's `nst` and `sigamp`
// build it: Moody GB, Muldrow WE, Mark RG. A noise stress test for arrhythmia detectors.
// Computers in Cardiology 11:381-384, 1984; the nst(1) and sigamp(1) pages of the WFDB
// Applications Guide.
//
// Goals, in priority order: 1) the same SNR definition, protocol and mixing as `nst`, so that a
// score here compares with published NSTDB figures; 2) pure functions of arrays, testable on
// synthetic data; 3) linear time.
//
// Deviations: the output is kept in floating point and rounded once when written (`nst` truncates
// the noise term to whole ADC units at every sample); the noise record is rewound when it runs out
// (our `em` excerpt is 30 s long), where `nst` rewinds at the length of the clean record.

/// Whether WFDB's `map1` maps the annotation code to NORMAL (N, L, R, a, J, A, S, j, /, Q, B, e,
/// n, f): the beats whose QRS amplitude `sigamp -a` measures.
public func isNormalClassBeat(_ code: AnnotationCode) -> Bool {
  [1, 2, 3, 4, 7, 8, 9, 11, 12, 13, 25, 34, 35, 38].contains(code.rawValue)
}

/// `sigamp`'s trimmed mean: the values sorted, `count / 20` dropped at each end (5 %), the rest
/// averaged. NaN for an empty input.
public func sigampTrimmedMean(_ values: [Double]) -> Double {
  guard !values.isEmpty else { return .nan }
  let sorted = values.sorted()
  let low = sorted.count / 20, high = sorted.count - low
  return sorted[low..<high].reduce(0, +) / Double(high - low)
}

/// The QRS amplitude `nst` takes as the signal level (`sigamp -a ANNOTATOR`): for the first
/// `maximumBeats` normal-class beats (`isNormalClassBeat`), the peak-to-peak amplitude of `x` from
/// 50 ms before to 50 ms after the annotation, then the 5 % trimmed mean (`sigampTrimmedMean`).
///
/// - Parameters:
///   - x: one signal, any amplitude unit (the result is in the same unit).
///   - beats: sample indices of the normal-class beats, ascending.
///   - samplingRate: Hz.
/// - Returns: NaN when no beat window fits inside the signal.
public func qrsPeakToPeakAmplitude(
  _ x: [Double], normalBeats beats: [Int], samplingRate fs: Double, maximumBeats: Int = 300
)
  -> Double
{
  let half = SamplingRate(hertz: fs).samples(0.05)
  var amplitudes: [Double] = []
  for b in beats where amplitudes.count < maximumBeats {
    guard b - half >= 0, b + half < x.count else { continue }
    var lo = x[b - half], hi = lo
    for v in x[(b - half)...(b + half)] { lo = min(lo, v); hi = max(hi, v) }
    amplitudes.append(hi - lo)
  }
  return sigampTrimmedMean(amplitudes)
}

/// The noise level `nst` takes (`sigamp -r`): the RMS of `x` about its own mean in consecutive
/// non-overlapping 1 s windows, for the first `maximumWindows` windows, then the 5 % trimmed mean
/// (`sigampTrimmedMean`). Same unit as `x`; NaN when the signal is shorter than 1 s.
public func noiseRMSAmplitude(_ x: [Double], samplingRate fs: Double, maximumWindows: Int = 300) -> Double {
  let width = SamplingRate(hertz: fs).samples(1)
  var amplitudes: [Double] = []
  var start = 0
  while start + width <= x.count && amplitudes.count < maximumWindows {
    let window = x[start..<(start + width)]
    let m = window.reduce(0, +) / Double(width)
    amplitudes.append((window.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(width)).squareRoot())
    start += width
  }
  return sigampTrimmedMean(amplitudes)
}

/// The gain applied to the noise for a requested SNR (dB), as `nst` computes it:
/// `gain = 10^(-SNR/20) x sqrt(2)/4 x signalAmplitude / noiseAmplitude`. That is the NSTDB
/// definition SNR = 10 log10(S / N), with S = (QRS peak-to-peak amplitude)^2 / 8 (the power of a
/// sine of that peak-to-peak amplitude) and N = (noise RMS x gain)^2.
///
/// - Parameters:
///   - signalAmplitude: `qrsPeakToPeakAmplitude` of the clean signal.
///   - noiseAmplitude: `noiseRMSAmplitude` of the noise signal, in the same unit.
public func noiseGain(snr: Double, signalAmplitude: Double, noiseAmplitude: Double) -> Double {
  (2.0).squareRoot() / 4 * signalAmplitude / noiseAmplitude * pow(10, -snr / 20)
}

/// The SNR (dB) by the NSTDB definition: 10 log10((peakToPeak^2 / 8) / rms^2).
public func nstdbSNR(signalPeakToPeak: Double, noiseRMS: Double) -> Double {
  10 * log10(signalPeakToPeak * signalPeakToPeak / 8 / (noiseRMS * noiseRMS))
}

/// The sample ranges where `nst`'s standard protocol switches the noise on: none during the
/// first `learningSeconds` (5 min, the detectors' learning period), then on and off in alternate
/// `segmentSeconds` (2 min) to the end: 5:00-7:00, 9:00-11:00, ... (the last one cut at the end).
public func standardNoiseSegments(
  samples n: Int, samplingRate fs: Double, learningSeconds: Double = 300, segmentSeconds: Double = 120
) -> [Range<Int>] {
  let rate = SamplingRate(hertz: fs)
  let start = rate.samples(learningSeconds), step = rate.samples(segmentSeconds)
  guard step > 0 else { return [] }
  var segments: [Range<Int>] = []
  var t = start
  while t < n {
    segments.append(t..<min(n, t + step))
    t += 2 * step
  }
  return segments
}

/// The clean signal with the noise added in `segments` at `gain`, as `nst` mixes them:
/// `out[t] = clean[t] + g(t) x noise[t mod noise.count] + b(t)`, where `g` is `gain` inside a
/// segment and 0 outside, and the offset `b` is recomputed wherever `g` changes so that the
/// output has no step there (at a change at `t`, `b` makes `clean[t-1] + g x noise[t-1] + b`
/// equal the output already written at `t-1`). When the noise runs out it is rewound to its start,
/// and `b` is recomputed so that the output repeats its previous sample there.
///
/// - Parameters:
///   - clean: the clean signal with its ADC offset removed (physical units or ADC units).
///   - noise: the noise signal, in the same unit as `clean` times 1/`gain`; not empty.
///   - gain: `noiseGain` for the requested SNR.
///   - segments: ascending, non-overlapping ranges of samples with noise (`standardNoiseSegments`).
public func addNoise(to clean: [Double], noise: [Double], gain: Double, segments: [Range<Int>]) -> [Double] {
  guard !noise.isEmpty else { return clean }
  var on = [Bool](repeating: false, count: clean.count)
  for s in segments { for t in s.clamped(to: 0..<clean.count) { on[t] = true } }
  var out = [Double](repeating: 0, count: clean.count)
  var offset = 0.0, g = 0.0
  for t in clean.indices {
    let k = t % noise.count
    let wanted = on[t] ? gain : 0
    if t > 0 && wanted != g {
      // The new gain applied to the previous sample must give the output already written there.
      offset = out[t - 1] - clean[t - 1] - wanted * noise[(t - 1) % noise.count]
      g = wanted
    } else if t == 0 {
      g = wanted
    }
    if t > 0 && k == 0 {
      offset = out[t - 1] - clean[t] - g * noise[0]
    }
    out[t] = clean[t] + g * noise[k] + offset
  }
  return out
}
