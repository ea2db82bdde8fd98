/// Errors from beat detection and matching.
public enum DelineationError: Error, Equatable, Sendable, CustomStringConvertible {
  /// No lead was given, or leads differ in length.
  case invalidLeads(reason: String)
  /// The sampling rate is outside the supported 100...1000 Hz.
  case unsupportedSamplingRate(Double)
  /// The signal is shorter than the detector needs.
  case signalTooShort(samples: Int, neededSeconds: Double)
  /// Every sample is NaN (missing).
  case noValidSamples(lead: Int)
  /// The signal does not vary: there is nothing to detect.
  case flatSignal(lead: Int)

  public var description: String {
    switch self {
    case .invalidLeads(let reason): return "invalid leads: \(reason)"
    case .unsupportedSamplingRate(let fs): return "sampling rate \(fs) Hz is outside 100...1000 Hz"
    case .signalTooShort(let n, let s): return "signal of \(n) samples is shorter than \(s) s"
    case .noValidSamples(let lead): return "lead \(lead) has no valid samples (all NaN)"
    case .flatSignal(let lead): return "lead \(lead) is a flat line"
    }
  }
}
