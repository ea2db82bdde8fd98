import Foundation

/// The JSON file beside an encoder (`MODEL.onnx` + `MODEL.json`) that says how to feed it and read it.
///
/// Keys (all required unless marked optional; unknown keys are rejected so typos surface):
/// - `format_version`: 1.
/// - `model`, `licence`, `source`: free text (what the network is, its licence, where it came from).
/// - `leads`: lead names in the order the model expects, e.g. `["I","II","V1","V2","V3","V4","V5","V6"]`.
/// - `sampling_rate_hz`: the rate the model was trained at (Hz).
/// - `samples`: samples per lead the model takes (e.g. 2500 = 10 s at 250 Hz).
/// - `length_policy` (optional, default `"centre"`): `"centre"` keeps the middle `samples` of a longer
///   record and pads a shorter one with zeros evenly on both sides; `"start"` keeps the first `samples`
///   and pads zeros at the end.
/// - `scaling`: `"mV"` (values as recorded, millivolts), `"standardize_per_lead"` (each lead
///   `(x - mean) / (std + scaling_epsilon)`, population std) or `"rank_normalize"` (each lead's values
///   replaced by their average rank, mapped linearly to [-1, 1]; openecg's `rank_normalize`).
/// - `scaling_epsilon`: required with `"standardize_per_lead"` (> 0), not allowed otherwise.
/// - `input_name`, `output_name`: the ONNX graph's input and output names.
/// - `input_layout`: `"batch,leads,samples"`, `"batch,samples,leads"` or `"batch,samples"` (one lead).
/// - `pooling`: `"none"` (output already `[batch, D]`), `"mean_tokens"` (`[batch, tokens, D]` averaged
///   over tokens) or `"cls"` (token 0 of `[batch, tokens, D]`).
/// - `embedding_size`: D, the embedding length.
/// - `max_batch` (optional): the largest batch the exported graph accepts (1 for graphs that fix it).
public struct EncoderSidecar: Codable, Sendable, Equatable {
  public var formatVersion: Int
  public var model: String
  public var licence: String
  public var source: String
  public var leads: [String]
  public var samplingRateHz: Double
  public var samples: Int
  public var lengthPolicy: EncoderLengthPolicy
  public var scaling: EncoderScaling
  public var inputName: String
  public var inputLayout: EncoderInputLayout
  public var outputName: String
  public var pooling: EncoderPooling
  public var embeddingSize: Int
  public var maxBatch: Int?

  public init(
    model: String, licence: String, source: String, leads: [String], samplingRateHz: Double, samples: Int,
    lengthPolicy: EncoderLengthPolicy = .centre, scaling: EncoderScaling, inputName: String,
    inputLayout: EncoderInputLayout, outputName: String, pooling: EncoderPooling, embeddingSize: Int,
    maxBatch: Int? = nil
  ) {
    formatVersion = 1
    self.model = model
    self.licence = licence
    self.source = source
    self.leads = leads
    self.samplingRateHz = samplingRateHz
    self.samples = samples
    self.lengthPolicy = lengthPolicy
    self.scaling = scaling
    self.inputName = inputName
    self.inputLayout = inputLayout
    self.outputName = outputName
    self.pooling = pooling
    self.embeddingSize = embeddingSize
    self.maxBatch = maxBatch
  }

  /// The sidecar path for a model file: `MODEL.onnx` -> `MODEL.json`.
  public static func path(forModel modelPath: String) -> String {
    (modelPath as NSString).deletingPathExtension + ".json"
  }

  /// Reads and validates a sidecar file.
  /// - Throws: ``EncoderSidecarError`` naming the file, the key and the problem.
  public static func load(from path: String) throws -> EncoderSidecar {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw EncoderSidecarError(file: path, key: nil, problem: "cannot be read (\(error.localizedDescription))")
    }
    return try decode(data, file: path)
  }

  /// Decodes and validates sidecar JSON; `file` names the source in errors.
  public static func decode(_ data: Data, file: String = "<sidecar>") throws -> EncoderSidecar {
    do {
      return try JSONDecoder().decode(EncoderSidecar.self, from: data)
    } catch let error as EncoderSidecarError {
      throw EncoderSidecarError(file: file, key: error.key, problem: error.problem)
    } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
      let key = context.codingPath.first?.stringValue
      throw EncoderSidecarError(file: file, key: key, problem: "has the wrong type: \(context.debugDescription)")
    } catch {
      throw EncoderSidecarError(file: file, key: nil, problem: "is not valid JSON (\(error))")
    }
  }

  /// Checks every value; the decoder calls this, so a decoded sidecar is always valid.
  public func validate() throws {
    func fail(_ key: SidecarKey, _ problem: String) -> EncoderSidecarError {
      EncoderSidecarError(file: "<sidecar>", key: key.rawValue, problem: problem)
    }
    guard formatVersion == 1 else { throw fail(.formatVersion, "must be 1, found \(formatVersion)") }
    guard !leads.isEmpty else { throw fail(.leads, "must name at least one lead") }
    if let blank = leads.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
      throw fail(.leads, "entry \(blank) is empty")
    }
    let upper = leads.map { $0.uppercased() }
    if let duplicate = upper.enumerated().first(where: { upper[..<$0.offset].contains($0.element) }) {
      throw fail(.leads, "lists \(leads[duplicate.offset]) twice")
    }
    guard samplingRateHz.isFinite, samplingRateHz > 0 else {
      throw fail(.samplingRateHz, "must be a positive number of Hz, found \(samplingRateHz)")
    }
    guard samples > 0 else { throw fail(.samples, "must be positive, found \(samples)") }
    if case .standardizePerLead(let epsilon) = scaling, !(epsilon.isFinite && epsilon > 0) {
      throw fail(.scalingEpsilon, "must be a positive number, found \(epsilon)")
    }
    guard !inputName.isEmpty else { throw fail(.inputName, "must not be empty") }
    guard !outputName.isEmpty else { throw fail(.outputName, "must not be empty") }
    if inputLayout == .batchSamples && leads.count != 1 {
      throw fail(.inputLayout, "\"batch,samples\" takes one lead, but leads lists \(leads.count)")
    }
    guard embeddingSize > 0 else { throw fail(.embeddingSize, "must be positive, found \(embeddingSize)") }
    if let maxBatch, maxBatch < 1 { throw fail(.maxBatch, "must be at least 1, found \(maxBatch)") }
  }
}

/// A sidecar that cannot be used: which file, which key, what is wrong.
public struct EncoderSidecarError: Error, Equatable, CustomStringConvertible {
  public let file: String
  /// The JSON key at fault, or nil when the file as a whole is (unreadable, not JSON).
  public let key: String?
  public let problem: String

  public init(file: String, key: String?, problem: String) {
    self.file = file
    self.key = key
    self.problem = problem
  }

  public var description: String {
    "encoder sidecar \(file): " + (key.map { "key \"\($0)\" \(problem)" } ?? problem)
  }
}
