import Delineation

/// Why a record could not be measured.
public enum MeasurementsError: Error, Equatable, Sendable, CustomStringConvertible {
  /// No lead carries usable signal (all missing, flat or saturated).
  case noUsableLead(problems: [String])
  /// No usable lead can be read in any 10 s window (`signalQuality`): noise, not an ECG. Each
  /// entry names a lead and its most common reason.
  case noReadableLead(reasons: [String])
  /// Fewer than two beats were found, so there is no RR interval to measure.
  case tooFewBeats(found: Int)
  /// Leads differ in length or no lead was given.
  case invalidInput(String)
  /// Beat detection or delineation failed.
  case delineation(DelineationError)

  public var description: String {
    switch self {
    case .noUsableLead(let p): return "no usable lead (\(p.joined(separator: "; ")))"
    case .noReadableLead(let r):
      return "no readable lead: no 10 s window of any lead looks like an ECG (\(r.joined(separator: "; ")))"
    case .tooFewBeats(let n): return "\(n) beat\(n == 1 ? "" : "s") found; at least two are needed"
    case .invalidInput(let s): return s
    case .delineation(let e): return e.description
    }
  }
}
