import COnnxRuntime
import Foundation

/// One loaded ONNX model (`OrtSession`) on the CPU execution provider.
///
/// Thread safety: ONNX Runtime documents `OrtApi::Run` as safe to call concurrently on one session, and
/// this object is immutable after `init`, so one session may serve many tasks.
public final class OnnxSession: @unchecked Sendable {
  /// The model file this session was created from.
  public let modelPath: String
  /// The model's inputs, in graph order.
  public let inputs: [OnnxTensorInfo]
  /// The model's outputs, in graph order.
  public let outputs: [OnnxTensorInfo]
  /// The runtime this session belongs to (kept alive as long as the session).
  public let runtime: OnnxRuntime

  private let session: OpaquePointer
  private let memoryInfo: OpaquePointer

  /// Loads `modelPath` (an `.onnx` file).
  /// - Throws: ``OnnxRuntimeError/runtime(operation:modelPath:code:message:)`` with ONNX Runtime's message
  ///   when the file is missing or not a valid model.
  public init(runtime: OnnxRuntime, modelPath: String, options: OnnxSessionOptions = OnnxSessionOptions()) throws {
    self.runtime = runtime
    self.modelPath = modelPath
    let api = runtime.api
    var sessionOptions: OpaquePointer?
    try runtime.check(ecg_ort_create_session_options(api, &sessionOptions), "CreateSessionOptions", model: modelPath)
    defer { ecg_ort_release_session_options(api, sessionOptions) }
    try runtime.check(
      ecg_ort_set_intra_op_num_threads(api, sessionOptions, Int32(clamping: options.intraOpThreads)),
      "SetIntraOpNumThreads", model: modelPath)
    try runtime.check(
      ecg_ort_set_inter_op_num_threads(api, sessionOptions, Int32(clamping: options.interOpThreads)),
      "SetInterOpNumThreads", model: modelPath)
    try runtime.check(
      ecg_ort_set_graph_optimization_level(api, sessionOptions, options.optimization.rawValue),
      "SetSessionGraphOptimizationLevel", model: modelPath)

    var session: OpaquePointer?
    try runtime.check(
      ecg_ort_create_session(api, runtime.env, modelPath, sessionOptions, &session), "CreateSession",
      model: modelPath)
    guard let session else {
      throw OnnxRuntimeError.runtime(operation: "CreateSession", modelPath: modelPath, code: 1, message: "no session")
    }
    var memoryInfo: OpaquePointer?
    let infoStatus = ecg_ort_create_cpu_memory_info(api, 1, 0, &memoryInfo)  // OrtArenaAllocator, OrtMemTypeDefault
    guard infoStatus == nil, let memoryInfo else {
      ecg_ort_release_session(api, session)
      try runtime.check(infoStatus, "CreateCpuMemoryInfo", model: modelPath)
      throw OnnxRuntimeError.runtime(
        operation: "CreateCpuMemoryInfo", modelPath: modelPath, code: 1, message: "no memory info")
    }
    self.session = session
    self.memoryInfo = memoryInfo
    let reader = SessionMetadataReader(runtime: runtime, session: session, modelPath: modelPath)
    do {
      inputs = try reader.tensors(output: false)
      outputs = try reader.tensors(output: true)
    } catch {
      ecg_ort_release_memory_info(api, memoryInfo)
      ecg_ort_release_session(api, session)
      throw error
    }
  }

  deinit {
    ecg_ort_release_memory_info(runtime.api, memoryInfo)
    ecg_ort_release_session(runtime.api, session)
  }

  /// Runs the model on one float32 input and returns the requested float32 outputs.
  /// - Parameters:
  ///   - inputName: a model input; the model must have no other inputs.
  ///   - values: the input tensor's values in row-major order.
  ///   - shape: its shape; must match the declared rank and every fixed dimension.
  ///   - outputNames: the outputs wanted, in the order returned; all float32.
  public func run(inputName: String, values: [Float], shape: [Int], outputNames: [String]) throws -> [FloatTensor] {
    try validate(inputName: inputName, count: values.count, shape: shape, outputNames: outputNames)
    let api = runtime.api
    var inputValue: OpaquePointer?
    let dims = shape.map(Int64.init)
    var outputValues = [OpaquePointer?](repeating: nil, count: outputNames.count)
    defer { for value in outputValues { ecg_ort_release_value(api, value) } }
    try values.withUnsafeBufferPointer { buffer in
      // ONNX Runtime reads but never writes an input tensor, and `buffer` outlives the Run call; validate()
      // guarantees at least one value, so baseAddress is set.
      let data = UnsafeMutableRawPointer(mutating: UnsafeRawPointer(buffer.baseAddress!))
      try runtime.check(
        ecg_ort_create_tensor_with_data(
          api, memoryInfo, data, buffer.count * MemoryLayout<Float>.stride, dims, dims.count,
          OnnxElementType.float.rawValue, &inputValue), "CreateTensorWithDataAsOrtValue", model: modelPath)
      defer { ecg_ort_release_value(api, inputValue) }
      try withCStrings([inputName]) { inputNames in
        try withCStrings(outputNames) { names in
          let inputs: [OpaquePointer?] = [inputValue]
          try runtime.check(
            ecg_ort_run(api, session, inputNames, inputs, 1, names, names.count, &outputValues), "Run",
            model: modelPath)
        }
      }
    }
    return try zip(outputNames, outputValues).map { name, value in
      guard let value else {
        throw OnnxRuntimeError.modelMismatch(modelPath: modelPath, problem: "output \(name) was not produced")
      }
      return try copyFloatTensor(value, name: name)
    }
  }

  private func validate(inputName: String, count: Int, shape: [Int], outputNames: [String]) throws {
    guard let input = inputs.first(where: { $0.name == inputName }) else {
      throw OnnxRuntimeError.modelMismatch(
        modelPath: modelPath, problem: "no input named \(inputName); inputs: \(inputs.map(\.description))")
    }
    guard inputs.count == 1 else {
      throw OnnxRuntimeError.modelMismatch(
        modelPath: modelPath, problem: "model has \(inputs.count) inputs; only single-input models are supported")
    }
    guard input.elementType == .float else {
      throw OnnxRuntimeError.modelMismatch(modelPath: modelPath, problem: "input \(input) is not float32")
    }
    guard shape.allSatisfy({ $0 > 0 }), shape.reduce(1, *) == count else {
      throw OnnxRuntimeError.invalidInput(modelPath: modelPath, problem: "shape \(shape) does not hold \(count) values")
    }
    let fits = shape.count == input.shape.count && zip(shape, input.shape).allSatisfy { $1 == nil || $0 == $1 }
    guard fits else {
      throw OnnxRuntimeError.invalidInput(
        modelPath: modelPath, problem: "shape \(shape) does not fit the declared input \(input)")
    }
    for name in outputNames {
      guard let output = outputs.first(where: { $0.name == name }) else {
        throw OnnxRuntimeError.modelMismatch(
          modelPath: modelPath, problem: "no output named \(name); outputs: \(outputs.map(\.description))")
      }
      guard output.elementType == .float else {
        throw OnnxRuntimeError.modelMismatch(modelPath: modelPath, problem: "output \(output) is not float32")
      }
    }
  }

  private func copyFloatTensor(_ value: OpaquePointer, name: String) throws -> FloatTensor {
    let api = runtime.api
    var info: OpaquePointer?
    try runtime.check(ecg_ort_get_tensor_type_and_shape(api, value, &info), "GetTensorTypeAndShape", model: modelPath)
    defer { ecg_ort_release_tensor_type_and_shape_info(api, info) }
    let shape = try SessionMetadataReader.dimensions(runtime: runtime, info: info, modelPath: modelPath).map {
      Int($0)
    }
    var data: UnsafeMutableRawPointer?
    try runtime.check(ecg_ort_get_tensor_mutable_data(api, value, &data), "GetTensorMutableData", model: modelPath)
    let count = shape.reduce(1, *)
    guard let data, count >= 0 else {
      throw OnnxRuntimeError.modelMismatch(modelPath: modelPath, problem: "output \(name) has no data")
    }
    let floats = UnsafeBufferPointer(start: data.assumingMemoryBound(to: Float.self), count: count)
    return FloatTensor(shape: shape, values: Array(floats))
  }
}

/// Calls `body` with a C array of NUL-terminated copies of `strings`, valid only during the call.
func withCStrings<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) throws -> R) rethrows -> R {
  let copies = strings.map { strdup($0) }
  defer { copies.forEach { free($0) } }
  return try body(copies.map { $0.map { UnsafePointer($0) } })
}
