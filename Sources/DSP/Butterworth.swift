import ComplexModule
import Foundation

/// The band a Butterworth filter passes.
public enum FilterBand: Equatable, Sendable {
  /// Passes below `cutoff` Hz.
  case lowpass(cutoff: Double)
  /// Passes above `cutoff` Hz.
  case highpass(cutoff: Double)
  /// Passes between `low` and `high` Hz.
  case bandpass(low: Double, high: Double)
  /// Stops between `low` and `high` Hz.
  case bandstop(low: Double, high: Double)
}

/// Designs a digital Butterworth filter as second-order sections.
///
/// Method (Butterworth 1930; as SciPy's `butter(order, Wn, btype, fs=fs, output='sos')`):
/// analog prototype poles on the unit circle, frequency pre-warping, low-pass to
/// low/high/band-pass/band-stop transformation, bilinear transform, then pole-zero pairing
/// into sections with the "nearest" rule of SciPy's `zpk2sos` (poles closest to the unit circle
/// last). Coefficients agree with SciPy to rounding (see DSPTests).
///
/// - Parameters:
///   - order: 1...20. Band filters have twice as many poles.
///   - band: cut-off frequencies in Hz.
///   - samplingRate: Hz.
public func butterworth(
  order: Int, band: FilterBand, samplingRate fs: Double
) throws(DSPError)
  -> SOSFilter
{
  guard (1...20).contains(order) else { throw .invalidOrder(order) }
  guard fs.isFinite, fs > 0 else { throw .invalidSamplingRate(fs) }
  func check(_ f: Double) throws(DSPError) -> Double {
    guard f.isFinite, f > 0, f < fs / 2 else { throw .cutoffOutOfRange(cutoffHz: f, samplingRateHz: fs) }
    // Pre-warp, with the bilinear transform taken at an internal rate of 2 (as SciPy does).
    return 4 * Foundation.tan(Double.pi * (f / (fs / 2)) / 2)
  }
  // Analog prototype: poles -exp(i pi m / (2N)), m = -N+1, -N+3, ..., N-1; no zeros; gain 1.
  var poles: [Complex<Double>] = stride(from: -order + 1, to: order, by: 2).map { m in
    -Complex.exp(Complex(0, Double.pi * Double(m) / Double(2 * order)))
  }
  var zeros: [Complex<Double>] = []
  var gain = 1.0
  switch band {
  case .lowpass(let c):
    let w = try check(c)
    poles = poles.map { $0 * Complex(w) }
    gain *= Foundation.pow(w, Double(poles.count))
  case .highpass(let c):
    let w = try check(c)
    let degree = poles.count - zeros.count
    gain *= (product(zeros.map { -$0 }) / product(poles.map { -$0 })).real
    zeros = zeros.map { Complex(w) / $0 } + Array(repeating: .zero, count: degree)
    poles = poles.map { Complex(w) / $0 }
  case .bandpass(let lo, let hi), .bandstop(let lo, let hi):
    guard lo < hi else { throw .invalidBand(lowHz: lo, highHz: hi) }
    let w1 = try check(lo), w2 = try check(hi)
    let bw = w2 - w1, w0 = Foundation.sqrt(w1 * w2)
    let degree = poles.count - zeros.count
    func split(_ r: [Complex<Double>]) -> [Complex<Double>] {
      let plus = r.map { $0 + Complex.sqrt($0 * $0 - Complex(w0 * w0)) }
      let minus = r.map { $0 - Complex.sqrt($0 * $0 - Complex(w0 * w0)) }
      return plus + minus
    }
    if case .bandpass = band {
      zeros = split(zeros.map { $0 * Complex(bw / 2) }) + Array(repeating: .zero, count: degree)
      poles = split(poles.map { $0 * Complex(bw / 2) })
      gain *= Foundation.pow(bw, Double(degree))
    } else {
      gain *= (product(zeros.map { -$0 }) / product(poles.map { -$0 })).real
      zeros =
        split(zeros.map { Complex(bw / 2) / $0 })
        + Array(repeating: Complex(0, w0), count: degree)
        + Array(repeating: Complex(0, -w0), count: degree)
      poles = split(poles.map { Complex(bw / 2) / $0 })
    }
  }
  // Bilinear transform at internal rate 2: s -> 4 (z - 1) / (z + 1).
  let fs2 = Complex<Double>(4)
  let degree = poles.count - zeros.count
  gain *= (product(zeros.map { fs2 - $0 }) / product(poles.map { fs2 - $0 })).real
  zeros = zeros.map { (fs2 + $0) / (fs2 - $0) } + Array(repeating: Complex(-1), count: degree)
  poles = poles.map { (fs2 + $0) / (fs2 - $0) }
  return zpkToSOS(zeros: zeros, poles: poles, gain: gain)
}

private func product(_ values: [Complex<Double>]) -> Complex<Double> {
  values.reduce(Complex(1)) { $0 * $1 }
}
