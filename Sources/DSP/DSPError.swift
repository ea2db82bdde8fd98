/// Errors from filter design and filtering. Cases carry the offending values.
public enum DSPError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A cutoff frequency is not strictly between 0 Hz and the Nyquist frequency.
  case cutoffOutOfRange(cutoffHz: Double, samplingRateHz: Double)
  /// A band's low edge is not below its high edge.
  case invalidBand(lowHz: Double, highHz: Double)
  /// The filter order is not 1...20.
  case invalidOrder(Int)
  /// A quality factor or window length is not positive.
  case invalidParameter(name: String, value: Double)
  /// The signal is too short for zero-phase filtering with edge padding.
  case signalTooShort(length: Int, needed: Int)
  /// A sampling rate is not positive and finite, or not a whole number of Hz where one is needed.
  case invalidSamplingRate(Double)

  public var description: String {
    switch self {
    case .cutoffOutOfRange(let c, let fs):
      return "cutoff \(c) Hz must lie strictly between 0 and the Nyquist frequency \(fs / 2) Hz"
    case .invalidBand(let lo, let hi): return "band \(lo)-\(hi) Hz: low edge must be below high edge"
    case .invalidOrder(let n): return "filter order \(n) must be 1...20"
    case .invalidParameter(let name, let v): return "\(name) = \(v) must be positive"
    case .signalTooShort(let n, let needed):
      return "signal of \(n) samples is too short for zero-phase filtering (needs more than \(needed))"
    case .invalidSamplingRate(let fs): return "sampling rate \(fs) Hz is not a positive whole number of Hz"
    }
  }
}
