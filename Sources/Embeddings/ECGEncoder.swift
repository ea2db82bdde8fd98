/// A pretrained ECG encoder: an ONNX model plus its ``EncoderSidecar``, giving one embedding per ECG.
///
/// Thread safety: immutable after `init`; ``embed(_:batchSize:)`` may be called from many tasks at once
/// (ONNX Runtime allows concurrent runs of one session). When tasks already run records in parallel,
/// keep the session's `intraOpThreads` at 1.
public final class ECGEncoder: Sendable {
  public let sidecar: EncoderSidecar
  public let sidecarPath: String
  public let session: OnnxSession

  /// Loads `modelPath` and its sidecar (`sidecarPath`, default `MODEL.json` beside `MODEL.onnx`) and checks
  /// that they agree (input and output names, ranks, fixed dimensions, embedding size).
  /// - Throws: ``EncoderSidecarError`` naming the sidecar key that disagrees with the model, or the
  ///   runtime's ``OnnxRuntimeError``.
  public init(
    modelPath: String, sidecarPath: String? = nil, runtime: OnnxRuntime,
    options: OnnxSessionOptions = OnnxSessionOptions()
  ) throws {
    let path = sidecarPath ?? EncoderSidecar.path(forModel: modelPath)
    let sidecar = try EncoderSidecar.load(from: path)
    let session = try runtime.session(modelPath: modelPath, options: options)
    try Self.check(sidecar, against: session, sidecarPath: path)
    self.sidecar = sidecar
    self.sidecarPath = path
    self.session = session
  }

  /// Embeddings of prepared ECGs (see ``EncoderInput/prepare(leadNames:samples:samplingRateHz:sidecar:resample:)``),
  /// run in batches of at most `batchSize` (and the sidecar's `max_batch`).
  /// - Returns: one vector of `embedding_size` floats per ECG, in input order.
  public func embed(_ ecgs: [PreparedECG], batchSize: Int = 16) throws -> [[Float]] {
    var result: [[Float]] = []
    result.reserveCapacity(ecgs.count)
    let step = max(1, min(batchSize, sidecar.maxBatch ?? Int.max))
    for start in stride(from: 0, to: ecgs.count, by: step) {
      let batch = Array(ecgs[start..<min(start + step, ecgs.count)])
      guard let pooled = EmbeddingPooling.pool(try rawOutput(batch), sidecar.pooling) else {
        throw problem(.pooling, "does not fit the shape of output \(sidecar.outputName)")
      }
      if let bad = pooled.first(where: { $0.count != sidecar.embeddingSize }) {
        throw problem(.embeddingSize, "is \(sidecar.embeddingSize), but the model gives \(bad.count) values")
      }
      result += pooled
    }
    return result
  }

  /// The un-pooled output tensor for one batch of prepared ECGs (all in one run).
  public func rawOutput(_ batch: [PreparedECG]) throws -> FloatTensor {
    var values: [Float] = []
    values.reserveCapacity(batch.count * sidecar.leads.count * sidecar.samples)
    for ecg in batch {
      guard ecg.leads == sidecar.leads, ecg.samplesPerLead == sidecar.samples else {
        throw OnnxRuntimeError.invalidInput(
          modelPath: session.modelPath,
          problem: "prepared ECG has leads \(ecg.leads) x \(ecg.samplesPerLead) samples; the sidecar wants "
            + "\(sidecar.leads) x \(sidecar.samples)")
      }
      values += ecg.tensorValues(layout: sidecar.inputLayout)
    }
    let shape = Self.inputShape(sidecar, batch: batch.count)
    return try session.run(
      inputName: sidecar.inputName, values: values, shape: shape, outputNames: [sidecar.outputName])[0]
  }

  /// The input tensor shape for `batch` ECGs in the sidecar's layout.
  static func inputShape(_ sidecar: EncoderSidecar, batch: Int) -> [Int] {
    switch sidecar.inputLayout {
    case .batchLeadsSamples: return [batch, sidecar.leads.count, sidecar.samples]
    case .batchSamplesLeads: return [batch, sidecar.samples, sidecar.leads.count]
    case .batchSamples: return [batch, sidecar.samples]
    }
  }

  private func problem(_ key: SidecarKey, _ text: String) -> EncoderSidecarError {
    EncoderSidecarError(file: sidecarPath, key: key.rawValue, problem: text + " (model \(session.modelPath))")
  }

  /// Checks the sidecar against the model's declared inputs and outputs.
  static func check(_ sidecar: EncoderSidecar, against session: OnnxSession, sidecarPath: String) throws {
    func fail(_ key: SidecarKey, _ text: String) -> EncoderSidecarError {
      EncoderSidecarError(file: sidecarPath, key: key.rawValue, problem: text + " (model \(session.modelPath))")
    }
    guard let input = session.inputs.first(where: { $0.name == sidecar.inputName }) else {
      throw fail(.inputName, "names no model input; inputs: \(session.inputs.map(\.description))")
    }
    let wanted = inputShape(sidecar, batch: 1)
    guard input.shape.count == wanted.count else {
      throw fail(.inputLayout, "has \(wanted.count) dimensions, the model input \(input)")
    }
    let axisKeys: [SidecarKey] =
      switch sidecar.inputLayout {
      case .batchLeadsSamples: [.leads, .samples]
      case .batchSamplesLeads: [.samples, .leads]
      case .batchSamples: [.samples]
      }
    for (offset, key) in axisKeys.enumerated() {
      let axis = offset + 1
      if let fixed = input.shape[axis], fixed != wanted[axis] {
        throw fail(key, "gives \(wanted[axis]) on axis \(axis), the model input \(input) fixes \(fixed)")
      }
    }
    guard let output = session.outputs.first(where: { $0.name == sidecar.outputName }) else {
      throw fail(.outputName, "names no model output; outputs: \(session.outputs.map(\.description))")
    }
    let rank = sidecar.pooling == .none ? 2 : 3
    guard output.shape.count == rank else {
      throw fail(.pooling, "\"\(sidecar.pooling.rawValue)\" needs a rank-\(rank) output, the model has \(output)")
    }
    if let last = output.shape.last ?? nil, last != sidecar.embeddingSize {
      throw fail(.embeddingSize, "is \(sidecar.embeddingSize), the model output \(output) has \(last)")
    }
  }
}
