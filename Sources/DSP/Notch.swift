import Foundation

/// A second-order IIR notch filter at `frequency` Hz with quality factor `quality`
/// (-3 dB bandwidth = frequency / quality), as SciPy's `iirnotch(w0, Q, fs)`; the design is the
/// second-order notch of Orfanidis, *Introduction to Signal Processing*, 1996, section 11.3.
///
/// Typical use: power-line interference at 50 or 60 Hz with Q = 30. Apply with
/// `filtfilt` for zero phase.
public func notch(
  frequency: Double, quality: Double, samplingRate fs: Double
) throws(DSPError)
  -> SOSFilter
{
  guard fs.isFinite, fs > 0 else { throw .invalidSamplingRate(fs) }
  guard frequency.isFinite, frequency > 0, frequency < fs / 2 else {
    throw .cutoffOutOfRange(cutoffHz: frequency, samplingRateHz: fs)
  }
  guard quality.isFinite, quality > 0 else { throw .invalidParameter(name: "quality", value: quality) }
  let w0 = Double.pi * 2 * frequency / fs
  let bandwidth = w0 / quality
  // With the -3 dB convention (gb = 1/sqrt 2), beta reduces to tan(bw / 2).
  let beta = tan(bandwidth / 2)
  let gain = 1 / (1 + beta)
  let c = cos(w0)
  return SOSFilter(sections: [
    Biquad(b0: gain, b1: -2 * gain * c, b2: gain, a1: -2 * gain * c, a2: 2 * gain - 1)
  ])
}
