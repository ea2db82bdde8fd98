import Foundation

/// How lead samples are scaled before they reach the encoder (sidecar key `scaling`).
public enum EncoderScaling: Sendable, Equatable {
  /// Values as recorded, in millivolts (`"mV"`).
  case millivolts
  /// Per lead `(x - mean) / (std + epsilon)`, population standard deviation (`"standardize_per_lead"`).
  case standardizePerLead(epsilon: Double)
  /// Per lead average rank mapped linearly to [-1, 1] (`"rank_normalize"`, as openecg/opendsp define it).
  case rankNormalize
}

/// Order of the dimensions of the encoder's input tensor (sidecar key `input_layout`).
public enum EncoderInputLayout: String, Codable, Sendable {
  case batchLeadsSamples = "batch,leads,samples"
  case batchSamplesLeads = "batch,samples,leads"
  /// Single-lead models taking `[batch, samples]`.
  case batchSamples = "batch,samples"
}

/// How the output tensor becomes one vector per ECG (sidecar key `pooling`).
public enum EncoderPooling: String, Codable, Sendable {
  /// The output is already `[batch, D]`.
  case none
  /// `[batch, tokens, D]` averaged over the tokens (axis 1).
  case meanTokens = "mean_tokens"
  /// `[batch, tokens, D]`, token 0 (a class token).
  case cls
}

/// How a record longer or shorter than `samples` is fitted (sidecar key `length_policy`).
public enum EncoderLengthPolicy: String, Codable, Sendable {
  /// Keep the middle samples; pad zeros evenly before and after (the extra one after).
  case centre
  /// Keep the first samples; pad zeros at the end.
  case start
}

/// The sidecar's JSON keys.
enum SidecarKey: String, CodingKey, CaseIterable {
  case formatVersion = "format_version", model, licence, source, leads
  case samplingRateHz = "sampling_rate_hz", samples, lengthPolicy = "length_policy", scaling
  case scalingEpsilon = "scaling_epsilon", inputName = "input_name", inputLayout = "input_layout"
  case outputName = "output_name", pooling, embeddingSize = "embedding_size", maxBatch = "max_batch"
}

/// Any JSON key, to find keys the sidecar does not define.
private struct AnyKey: CodingKey {
  let stringValue: String
  var intValue: Int? { nil }
  init(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}

extension EncoderSidecar {
  public init(from decoder: Decoder) throws {
    let known = Set(SidecarKey.allCases.map(\.rawValue))
    if let unknown = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue).sorted()
      .first(where: { !known.contains($0) })
    {
      throw EncoderSidecarError(file: "<sidecar>", key: unknown, problem: "is not a sidecar key")
    }
    let c = try decoder.container(keyedBy: SidecarKey.self)
    func required<T: Decodable>(_ key: SidecarKey, _ type: T.Type = T.self) throws -> T {
      guard let value = try c.decodeIfPresent(T.self, forKey: key) else {
        throw EncoderSidecarError(file: "<sidecar>", key: key.rawValue, problem: "is missing")
      }
      return value
    }
    func choice<T: RawRepresentable>(_ key: SidecarKey, _ raw: String?, _ allowed: [String]) throws -> T
    where T.RawValue == String {
      let text = raw.map { $0.replacingOccurrences(of: " ", with: "") }
      guard let text, let value = T(rawValue: text) else {
        throw EncoderSidecarError(
          file: "<sidecar>", key: key.rawValue, problem: "must be one of \(allowed), found \(raw ?? "nothing")")
      }
      return value
    }
    formatVersion = try required(.formatVersion)
    model = try required(.model)
    licence = try required(.licence)
    source = try required(.source)
    leads = try required(.leads)
    samplingRateHz = try required(.samplingRateHz)
    samples = try required(.samples)
    let policy = try c.decodeIfPresent(String.self, forKey: .lengthPolicy) ?? "centre"
    lengthPolicy = try choice(.lengthPolicy, policy, ["centre", "start"])
    let scalingName: String = try required(.scaling)
    let epsilon = try c.decodeIfPresent(Double.self, forKey: .scalingEpsilon)
    switch scalingName {
    case "mV": scaling = .millivolts
    case "rank_normalize": scaling = .rankNormalize
    case "standardize_per_lead":
      guard let epsilon else {
        throw EncoderSidecarError(
          file: "<sidecar>", key: SidecarKey.scalingEpsilon.rawValue, problem: "is missing (standardize_per_lead)")
      }
      scaling = .standardizePerLead(epsilon: epsilon)
    default:
      throw EncoderSidecarError(
        file: "<sidecar>", key: SidecarKey.scaling.rawValue,
        problem: "must be one of [\"mV\", \"standardize_per_lead\", \"rank_normalize\"], found \(scalingName)")
    }
    if epsilon != nil, scalingName != "standardize_per_lead" {
      throw EncoderSidecarError(
        file: "<sidecar>", key: SidecarKey.scalingEpsilon.rawValue,
        problem: "is only used with scaling \"standardize_per_lead\", not \"\(scalingName)\"")
    }
    inputName = try required(.inputName)
    inputLayout = try choice(
      .inputLayout, try required(.inputLayout) as String,
      ["batch,leads,samples", "batch,samples,leads", "batch,samples"])
    outputName = try required(.outputName)
    pooling = try choice(.pooling, try required(.pooling) as String, ["none", "mean_tokens", "cls"])
    embeddingSize = try required(.embeddingSize)
    maxBatch = try c.decodeIfPresent(Int.self, forKey: .maxBatch)
    try validate()
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: SidecarKey.self)
    try c.encode(formatVersion, forKey: .formatVersion)
    try c.encode(model, forKey: .model)
    try c.encode(licence, forKey: .licence)
    try c.encode(source, forKey: .source)
    try c.encode(leads, forKey: .leads)
    try c.encode(samplingRateHz, forKey: .samplingRateHz)
    try c.encode(samples, forKey: .samples)
    try c.encode(lengthPolicy, forKey: .lengthPolicy)
    switch scaling {
    case .millivolts: try c.encode("mV", forKey: .scaling)
    case .rankNormalize: try c.encode("rank_normalize", forKey: .scaling)
    case .standardizePerLead(let epsilon):
      try c.encode("standardize_per_lead", forKey: .scaling)
      try c.encode(epsilon, forKey: .scalingEpsilon)
    }
    try c.encode(inputName, forKey: .inputName)
    try c.encode(inputLayout, forKey: .inputLayout)
    try c.encode(outputName, forKey: .outputName)
    try c.encode(pooling, forKey: .pooling)
    try c.encode(embeddingSize, forKey: .embeddingSize)
    try c.encodeIfPresent(maxBatch, forKey: .maxBatch)
  }
}
