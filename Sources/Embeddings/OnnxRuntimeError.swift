/// Errors from loading ONNX Runtime, creating sessions and running models.
///
/// Failures reported by ONNX Runtime itself carry its own message (`OrtApi::GetErrorMessage`) and error
/// code (`OrtErrorCode`: 1 FAIL, 2 INVALID_ARGUMENT, 3 NO_SUCHFILE, 4 NO_MODEL, 5 ENGINE_ERROR,
/// 6 RUNTIME_EXCEPTION, 7 INVALID_PROTOBUF, 8 MODEL_LOADED, 9 NOT_IMPLEMENTED, 10 INVALID_GRAPH, 11 EP_FAIL).
public enum OnnxRuntimeError: Error, Equatable, CustomStringConvertible {
  /// No ONNX Runtime shared library was found; `attempts` lists every place tried and why it failed,
  /// in search order (see ``OnnxRuntimeLocator``).
  case libraryNotFound(attempts: [String])
  /// A library file exists but `dlopen` refused it (`reason` is `dlerror()`).
  case libraryLoadFailed(path: String, reason: String)
  /// The library loaded but does not export the C API entry point (e.g. it is the Python extension module).
  case entryPointMissing(path: String, symbol: String)
  /// The library is older than the C API version this module needs.
  case apiVersionUnsupported(path: String, libraryVersion: String, requested: Int)
  /// ONNX Runtime returned an error status from `operation`.
  case runtime(operation: String, modelPath: String?, code: Int, message: String)
  /// The model's inputs or outputs do not match what the caller asked for.
  case modelMismatch(modelPath: String, problem: String)
  /// The values passed to ``OnnxSession/run(inputName:values:shape:outputNames:)`` do not fit the shape.
  case invalidInput(modelPath: String, problem: String)

  public var description: String {
    switch self {
    case .libraryNotFound(let attempts):
      return "ONNX Runtime library not found; tried:\n  " + attempts.joined(separator: "\n  ")
        + "\nInstall it with `pip install onnxruntime`, or set ECGLENS_ONNXRUNTIME to libonnxruntime.so*."
    case .libraryLoadFailed(let path, let reason):
      return "ONNX Runtime library \(path) could not be loaded: \(reason)"
    case .entryPointMissing(let path, let symbol):
      return "\(path) has no symbol \(symbol): not the ONNX Runtime C library"
    case .apiVersionUnsupported(let path, let version, let requested):
      return "ONNX Runtime \(version) at \(path) does not provide C API version \(requested) (needs >= 1.\(requested))"
    case .runtime(let operation, let modelPath, let code, let message):
      let model = modelPath.map { " (model \($0))" } ?? ""
      return "ONNX Runtime \(operation) failed\(model), code \(code): \(message)"
    case .modelMismatch(let modelPath, let problem):
      return "model \(modelPath): \(problem)"
    case .invalidInput(let modelPath, let problem):
      return "input for model \(modelPath): \(problem)"
    }
  }
}
