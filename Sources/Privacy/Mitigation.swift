import Tables

/// The unit of a feature, read from its name (units live in the names at ECGLens's table
/// boundary: `qrs_ms`, `p_axis_deg`, `v1_r_amp_mv`, `heart_rate_bpm`; MIMIC-IV-ECG's raw
/// fiducials `p_onset` ... `t_end` and `rr_interval` are ms, its `p_axis` ... `t_axis` degrees).
public enum FeatureUnit: String, Sendable, Equatable {
  case milliseconds, degrees, millivolts, beatsPerMinute
  /// Ratios, fractions, quality scores and anything else: not coarsened.
  case other

  /// The unit of the feature called `name`.
  public init(featureName name: String) {
    let n = name.lowercased()
    let rawMilliseconds: Set<String> = ["rr_interval", "p_onset", "p_end", "qrs_onset", "qrs_end", "t_end"]
    if n.hasSuffix("_ms") || rawMilliseconds.contains(n) {
      self = .milliseconds
    } else if n.hasSuffix("_deg") || ["p_axis", "qrs_axis", "t_axis"].contains(n) {
      self = .degrees
    } else if n.hasSuffix("_mv") {
      self = .millivolts
    } else if n.hasSuffix("_bpm") {
      self = .beatsPerMinute
    } else {
      self = .other
    }
  }
}

/// Rounding steps of a release, per unit (global recoding, Hundepool et al., "Statistical
/// Disclosure Control", Wiley 2012, section 3.4).
public struct ReleaseSteps: Sendable, Equatable {
  /// Intervals, durations and fiducials, ms.
  public var milliseconds: Double
  /// Axes and angles, degrees.
  public var degrees: Double
  /// Amplitudes, mV.
  public var millivolts: Double
  /// Heart rate, beats per minute.
  public var beatsPerMinute: Double
  /// Age, years (k-anonymity only: age is not an attacked feature).
  public var years: Double

  public init(milliseconds: Double, degrees: Double, millivolts: Double, beatsPerMinute: Double, years: Double) {
    self.milliseconds = milliseconds; self.degrees = degrees; self.millivolts = millivolts
    self.beatsPerMinute = beatsPerMinute; self.years = years
  }

  /// How a table would commonly be released: 10 ms, 10 degrees, 0.05 mV, 5 bpm, whole years.
  public static let release = ReleaseSteps(milliseconds: 10, degrees: 10, millivolts: 0.05, beatsPerMinute: 5, years: 1)
  /// A coarser release: 20 ms, 30 degrees, 0.1 mV, 10 bpm, 5-year age bands.
  public static let coarse = ReleaseSteps(milliseconds: 20, degrees: 30, millivolts: 0.1, beatsPerMinute: 10, years: 5)

  /// The step of a feature (nil: its unit is `other`, left unchanged).
  public func step(forFeature name: String) -> Double? {
    switch FeatureUnit(featureName: name) {
    case .milliseconds: return milliseconds
    case .degrees: return degrees
    case .millivolts: return millivolts
    case .beatsPerMinute: return beatsPerMinute
    case .other: return nil
    }
  }

  /// "10 ms / 10° / 0.05 mV / 5 bpm".
  public var label: String {
    "\(shortNumber(milliseconds)) ms / \(shortNumber(degrees))° / \(shortNumber(millivolts)) mV / \(shortNumber(beatsPerMinute)) bpm"
  }
}

/// A transformation of the feature table before sharing, scored by the audit for the
/// identification it leaves and the utility it costs.
public enum Mitigation: Sendable, Equatable {
  /// The table as it is.
  case original
  /// Every feature with a unit rounded to the nearest multiple of its step (`coarsen`).
  case coarsening(ReleaseSteps)
  /// Every feature clamped to its `lower` and `upper` quantiles (`topBottomCode`).
  case topBottomCoding(lower: Double, upper: Double)
  /// Gaussian noise of `fractionOfSD` times each feature's standard deviation added to every value
  /// (`addGaussianNoise`), drawn from `seed`.
  case gaussianNoise(fractionOfSD: Double, seed: UInt64)
  /// Only the features `keeping` are released; every other feature is suppressed (set missing, so
  /// the attacks and the target's model no longer see it; Hundepool et al. 2012, section 3.5).
  case suppression(keeping: [String])

  /// The audit's default set: the original; coarsening at the release and coarse steps; 5-95 %
  /// top and bottom coding; noise of 0.25, 0.5, 1 and 2 SD; only the base measurements
  /// (`MeasurementSchema.baseFeatures`) released.
  public static let defaults: [Mitigation] = [
    .original, .coarsening(.release), .coarsening(.coarse), .topBottomCoding(lower: 0.05, upper: 0.95),
    .gaussianNoise(fractionOfSD: 0.25, seed: 1), .gaussianNoise(fractionOfSD: 0.5, seed: 2),
    .gaussianNoise(fractionOfSD: 1, seed: 3), .gaussianNoise(fractionOfSD: 2, seed: 4),
    .suppression(keeping: MeasurementSchema.baseFeatures),
  ]

  /// A short description for tables ("coarsened to 10 ms / 10° / 0.05 mV / 5 bpm").
  public var label: String {
    switch self {
    case .original: return "original"
    case .coarsening(let s): return "coarsened to \(s.label)"
    case .topBottomCoding(let lo, let hi): return "top/bottom coded at \(shortNumber(100 * lo))-\(shortNumber(100 * hi)) %"
    case .gaussianNoise(let f, _): return "noise \(shortNumber(f)) SD"
    case .suppression(let kept):
      return kept == MeasurementSchema.baseFeatures ? "only the 8 base measurements" : "only \(kept.count) features"
    }
  }

  /// The steps k-anonymity uses on the mitigated table: this coarsening's, else `release`.
  public var releaseSteps: ReleaseSteps {
    if case .coarsening(let s) = self { return s }
    return .release
  }

  /// The mitigated values of `table` (same shape, missing values stay missing).
  public func apply(to table: PatientFeatureTable) throws(PrivacyError) -> [[Double]] {
    switch self {
    case .original:
      return table.values
    case .coarsening(let s):
      return try coarsen(table.values, steps: table.featureNames.map { s.step(forFeature: $0) }, source: table.source)
    case .topBottomCoding(let lo, let hi):
      return try topBottomCode(table.values, lower: lo, upper: hi, source: table.source)
    case .gaussianNoise(let f, let seed):
      return try addGaussianNoise(table.values, fractionOfSD: f, seed: seed, source: table.source)
    case .suppression(let kept):
      let keep = Set(kept)
      let suppressed = table.featureNames.map { !keep.contains($0) }
      return table.values.map { row in row.indices.map { suppressed[$0] ? .nan : row[$0] } }
    }
  }
}

/// A number without trailing zeros: 10, 0.05, 2.5.
func shortNumber(_ x: Double) -> String {
  x == x.rounded() && abs(x) < 1e9 ? String(Int(x)) : "\(x)"
}
