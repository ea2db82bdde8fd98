/// A sampling rate, and the one place where seconds and sample counts convert into each other.
///
/// Durations become whole samples by rounding to the nearest sample (halves away from zero):
/// 150 ms at 250 Hz is 38 samples, not 37. Nothing in ECGLens assumes a default rate; every
/// signal carries its own.
public struct SamplingRate: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// Samples per second (Hz). Readers and detectors check rates before converting (a header's
  /// rate must be finite and positive; detection needs 100 to 1000 Hz).
  public let hertz: Double

  public init(hertz: Double) { self.hertz = hertz }

  /// Whole samples in `seconds` (s), rounded to the nearest sample.
  public func samples(_ seconds: Double) -> Int { Int((seconds * hertz).rounded()) }

  /// Whole samples in `milliseconds` (ms), rounded to the nearest sample.
  public func samples(milliseconds: Double) -> Int { samples(milliseconds / 1000) }

  /// Seconds spanned by `samples` samples.
  public func seconds(_ samples: Int) -> Double { Double(samples) / hertz }

  /// Milliseconds spanned by `samples` samples (the unit of every interval ECGLens reports).
  public func milliseconds(_ samples: Int) -> Double { Double(samples) * 1000 / hertz }

  /// Milliseconds spanned by a fractional number of samples (an interpolated position).
  public func milliseconds(_ samples: Double) -> Double { samples * 1000 / hertz }

  public static func < (a: SamplingRate, b: SamplingRate) -> Bool { a.hertz < b.hertz }
  public var description: String { hertz == hertz.rounded() ? "\(Int(hertz)) Hz" : "\(hertz) Hz" }
}
