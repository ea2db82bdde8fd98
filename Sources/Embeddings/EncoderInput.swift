import Foundation

/// Changes the sampling rate of one lead: `(samples, fromHz, toHz) -> samples at toHz`.
///
/// ECGLens passes its polyphase resampler here; the result must have about `count * toHz / fromHz` samples.
public typealias ECGResampler = @Sendable (_ samples: [Double], _ fromHz: Double, _ toHz: Double) throws -> [Double]

/// One ECG prepared for an encoder: the sidecar's leads, in its order, at its rate, length and scaling.
public struct PreparedECG: Sendable, Equatable {
  /// Lead names in the sidecar's order.
  public let leads: [String]
  /// Samples per lead (the sidecar's `samples`).
  public let samplesPerLead: Int
  /// Lead-major values: lead `l`, sample `i` is `values[l * samplesPerLead + i]`.
  public let values: [Float]

  /// Wraps already prepared values; `values.count` must be `leads.count * samplesPerLead`.
  public init(leads: [String], samplesPerLead: Int, values: [Float]) {
    precondition(values.count == leads.count * samplesPerLead, "\(values.count) values for \(leads.count) leads")
    self.leads = leads
    self.samplesPerLead = samplesPerLead
    self.values = values
  }

  /// The values in the order of one batch item of `layout` (`[leads, samples]`, `[samples, leads]` or
  /// `[samples]`).
  public func tensorValues(layout: EncoderInputLayout) -> [Float] {
    switch layout {
    case .batchLeadsSamples, .batchSamples: return values
    case .batchSamplesLeads:
      var out = [Float](repeating: 0, count: values.count)
      for l in 0..<leads.count {
        for i in 0..<samplesPerLead { out[i * leads.count + l] = values[l * samplesPerLead + i] }
      }
      return out
    }
  }
}

/// Why an ECG cannot be prepared for an encoder.
public enum EncoderInputError: Error, Equatable, CustomStringConvertible {
  case missingLead(lead: String, available: [String])
  case leadCountMismatch(names: Int, signals: Int)
  case unequalLengths(lead: String, count: Int, expected: Int)
  case emptyRecord
  case invalidSamplingRate(hz: Double)
  case nonFiniteSample(lead: String, index: Int)
  case resampledLength(lead: String, produced: Int, expected: Int)

  public var description: String {
    switch self {
    case .missingLead(let lead, let available):
      return "the encoder needs lead \(lead), which the record lacks (it has \(available.joined(separator: ", ")))"
    case .leadCountMismatch(let names, let signals): return "\(names) lead names for \(signals) signals"
    case .unequalLengths(let lead, let count, let expected):
      return "lead \(lead) has \(count) samples, the first lead \(expected)"
    case .emptyRecord: return "the record has no samples"
    case .invalidSamplingRate(let hz): return "sampling rate \(hz) Hz is not a positive number"
    case .nonFiniteSample(let lead, let index): return "lead \(lead) sample \(index) is not a finite number"
    case .resampledLength(let lead, let produced, let expected):
      return "the resampler returned \(produced) samples for lead \(lead), expected about \(expected)"
    }
  }
}

/// Preparation of one ECG for an encoder described by an ``EncoderSidecar``.
public enum EncoderInput {
  /// Selects, resamples, fits and scales one ECG for the encoder.
  ///
  /// Steps, per lead: (1) pick the sidecar's leads by name, case-insensitively (`aVR` matches `AVR`);
  /// (2) resample from `samplingRateHz` to the sidecar's rate with `resample` (skipped when equal);
  /// (3) if longer than `samples`, crop by the sidecar's `length_policy` (centre or start); (4) scale
  /// (`mV` unchanged, per-lead standardisation, or rank normalisation), using only the recorded samples;
  /// (5) if shorter, pad zeros by the same policy; (6) convert to Float.
  /// - Parameters:
  ///   - leadNames: the record's lead names, one per signal.
  ///   - samples: the record's signals in millivolts, one array per lead, all the same length.
  ///   - samplingRateHz: the record's sampling rate (Hz).
  ///   - sidecar: the encoder's sidecar.
  ///   - resample: a resampler; only called when the rates differ.
  public static func prepare(
    leadNames: [String], samples: [[Double]], samplingRateHz: Double, sidecar: EncoderSidecar,
    resample: ECGResampler
  ) throws -> PreparedECG {
    guard leadNames.count == samples.count else {
      throw EncoderInputError.leadCountMismatch(names: leadNames.count, signals: samples.count)
    }
    guard let length = samples.first?.count, length > 0 else { throw EncoderInputError.emptyRecord }
    guard samplingRateHz.isFinite, samplingRateHz > 0 else {
      throw EncoderInputError.invalidSamplingRate(hz: samplingRateHz)
    }
    let keys = leadNames.map(normalisedLeadName)
    var values: [Float] = []
    values.reserveCapacity(sidecar.leads.count * sidecar.samples)
    for lead in sidecar.leads {
      guard let index = keys.firstIndex(of: normalisedLeadName(lead)) else {
        throw EncoderInputError.missingLead(lead: lead, available: leadNames)
      }
      var signal = samples[index]
      guard signal.count == length else {
        throw EncoderInputError.unequalLengths(lead: leadNames[index], count: signal.count, expected: length)
      }
      if let bad = signal.firstIndex(where: { !$0.isFinite }) {
        throw EncoderInputError.nonFiniteSample(lead: leadNames[index], index: bad)
      }
      if samplingRateHz != sidecar.samplingRateHz {
        let expected = Double(length) * sidecar.samplingRateHz / samplingRateHz
        signal = try resample(signal, samplingRateHz, sidecar.samplingRateHz)
        guard abs(Double(signal.count) - expected) <= 2, !signal.isEmpty else {
          throw EncoderInputError.resampledLength(
            lead: leadNames[index], produced: signal.count, expected: Int(expected.rounded()))
        }
      }
      let cropped = crop(signal, to: sidecar.samples, policy: sidecar.lengthPolicy)
      let scaled = scale(cropped, sidecar.scaling)
      values += pad(scaled, to: sidecar.samples, policy: sidecar.lengthPolicy)
    }
    return PreparedECG(leads: sidecar.leads, samplesPerLead: sidecar.samples, values: values)
  }

  /// Lead names compare trimmed and upper-cased.
  static func normalisedLeadName(_ name: String) -> String {
    name.trimmingCharacters(in: .whitespaces).uppercased()
  }

  /// Keeps `count` samples when longer: the middle ones (`centre`, extra sample dropped at the end) or the
  /// first ones (`start`).
  static func crop(_ x: [Double], to count: Int, policy: EncoderLengthPolicy) -> [Double] {
    guard x.count > count else { return x }
    let start = policy == .centre ? (x.count - count) / 2 : 0
    return Array(x[start..<(start + count)])
  }

  /// Pads with zeros to `count` when shorter: evenly (`centre`, the odd zero at the end) or at the end.
  static func pad(_ x: [Float], to count: Int, policy: EncoderLengthPolicy) -> [Float] {
    guard x.count < count else { return x }
    let before = policy == .centre ? (count - x.count) / 2 : 0
    return [Float](repeating: 0, count: before) + x + [Float](repeating: 0, count: count - x.count - before)
  }

  /// Applies the sidecar's scaling to one lead.
  static func scale(_ x: [Double], _ scaling: EncoderScaling) -> [Float] {
    switch scaling {
    case .millivolts: return x.map { Float($0) }
    case .standardizePerLead(let epsilon): return standardize(x, epsilon: epsilon)
    case .rankNormalize: return rankNormalize(x)
    }
  }

  /// `(x - mean) / (std + epsilon)` with the population standard deviation, computed in Double.
  static func standardize(_ x: [Double], epsilon: Double) -> [Float] {
    let n = Double(x.count)
    let mean = x.reduce(0, +) / n
    let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
    let scale = variance.squareRoot() + epsilon
    return x.map { Float(($0 - mean) / scale) }
  }

  /// Each value replaced by its rank among the lead's values, ties sharing their average rank, mapped
  /// linearly from [0, n-1] to [-1, 1] (openecg 0.11 / opendsp `rank_normalize`, which equals
  /// `scipy.stats.rankdata(method="average")` rescaled). A single sample maps to -1.
  static func rankNormalize(_ x: [Double]) -> [Float] {
    let n = x.count
    let order = x.indices.sorted { x[$0] < x[$1] || (x[$0] == x[$1] && $0 < $1) }
    let denominator = Double(max(n - 1, 1))
    var out = [Float](repeating: 0, count: n)
    var groupStart = 0
    while groupStart < n {
      var groupEnd = groupStart + 1
      while groupEnd < n && x[order[groupEnd]] == x[order[groupStart]] { groupEnd += 1 }
      // Sorted positions groupStart..<groupEnd share the 1-based average rank (start + 1 + end) / 2.
      let zeroBased = 0.5 * Double(groupStart + groupEnd + 1) - 1.0
      let value = Float((zeroBased / denominator) * 2.0 + -1.0)
      for k in groupStart..<groupEnd { out[order[k]] = value }
      groupStart = groupEnd
    }
    return out
  }
}
