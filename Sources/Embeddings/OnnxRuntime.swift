import COnnxRuntime
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Minimum severity ONNX Runtime writes to standard error (`OrtLoggingLevel`).
public enum OnnxLogLevel: Int32, Sendable {
  case verbose = 0, info, warning, error, fatal
}

/// ONNX Runtime loaded at run time through its C API, with one `OrtEnv`.
///
/// The shared library is found by ``OnnxRuntimeLocator`` and opened with `dlopen`; its only symbol used
/// directly is `OrtGetApiBase`, and every other call goes through the function table of C API version
/// ``apiVersion`` (declared in the `COnnxRuntime` shim). Once loaded, the library stays loaded for the
/// life of the process (ONNX Runtime owns thread pools and static state, so unloading it is unsafe).
///
/// Thread safety: after `init` the object is immutable, and ONNX Runtime documents `OrtEnv` as usable from
/// any thread, so one runtime may be shared by many sessions and tasks.
public final class OnnxRuntime: @unchecked Sendable {
  /// The C API version requested from the library (`ORT_API_VERSION` 13, ONNX Runtime 1.13 or newer).
  public static let apiVersion = Int(ECG_ORT_API_VERSION)

  /// The library file that was loaded (or the soname, when the system loader found it).
  public let libraryPath: String
  /// How the library was found, e.g. "ECGLENS_ONNXRUNTIME" (see ``OnnxRuntimeLocator``).
  public let libraryOrigin: String
  /// The library's own version string, e.g. "1.32.0" (`OrtApiBase::GetVersionString`).
  public let version: String

  let api: UnsafeRawPointer
  let env: OpaquePointer

  /// Finds and loads ONNX Runtime, then creates its environment.
  /// - Parameters:
  ///   - locator: where to search; the default follows the documented order (explicit path, environment
  ///     variable, Python package, system loader).
  ///   - logLevel: minimum severity ONNX Runtime logs to standard error; warnings by default.
  /// - Throws: ``OnnxRuntimeError/libraryNotFound(attempts:)`` listing every place tried, or the specific
  ///   failure when an explicit path was given.
  public init(locator: OnnxRuntimeLocator = OnnxRuntimeLocator(), logLevel: OnnxLogLevel = .warning) throws {
    let loaded = try Self.load(locator)
    libraryPath = loaded.path
    libraryOrigin = loaded.origin
    version = loaded.version
    api = loaded.api
    var env: OpaquePointer?
    try Self.check(api, ecg_ort_create_env(api, logLevel.rawValue, "ecglens", &env), "CreateEnv", model: nil)
    guard let env else {
      throw OnnxRuntimeError.runtime(operation: "CreateEnv", modelPath: nil, code: 1, message: "returned no OrtEnv")
    }
    self.env = env
  }

  deinit { ecg_ort_release_env(api, env) }

  /// Opens a model file. See ``OnnxSession/init(runtime:modelPath:options:)``.
  public func session(modelPath: String, options: OnnxSessionOptions = OnnxSessionOptions()) throws -> OnnxSession {
    try OnnxSession(runtime: self, modelPath: modelPath, options: options)
  }

  /// Turns an `OrtStatus` into a thrown error carrying ONNX Runtime's code and message; releases it.
  func check(_ status: OpaquePointer?, _ operation: String, model: String?) throws {
    try Self.check(api, status, operation, model: model)
  }

  static func check(_ api: UnsafeRawPointer, _ status: OpaquePointer?, _ operation: String, model: String?) throws {
    guard let status else { return }
    let code = Int(ecg_ort_get_error_code(api, status))
    let message = ecg_ort_get_error_message(api, status).map { String(cString: $0) } ?? "(no message)"
    ecg_ort_release_status(api, status)
    throw OnnxRuntimeError.runtime(operation: operation, modelPath: model, code: code, message: message)
  }

  // MARK: - Loading

  private struct Loaded {
    let path: String
    let origin: String
    let version: String
    let api: UnsafeRawPointer
  }

  private static func load(_ locator: OnnxRuntimeLocator) throws -> Loaded {
    let (candidates, notes) = locator.candidates()
    var attempts = notes
    for candidate in candidates {
      do {
        return try open(candidate)
      } catch let error as OnnxRuntimeError {
        if locator.explicitPath != nil { throw error }
        attempts.append("\(candidate.origin): \(error)")
      }
    }
    throw OnnxRuntimeError.libraryNotFound(attempts: attempts)
  }

  private static func open(_ candidate: OnnxRuntimeLocator.Candidate) throws -> Loaded {
    let path = candidate.path
    guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
      let reason = dlerror().map { String(cString: $0) } ?? "unknown dlopen error"
      throw OnnxRuntimeError.libraryLoadFailed(path: path, reason: reason)
    }
    guard let base = ecg_ort_api_base(dlsym(handle, "OrtGetApiBase")) else {
      dlclose(handle)
      throw OnnxRuntimeError.entryPointMissing(path: path, symbol: "OrtGetApiBase")
    }
    let version = base.pointee.GetVersionString?().map { String(cString: $0) } ?? "unknown"
    guard let getApi = base.pointee.GetApi, let api = getApi(UInt32(apiVersion)) else {
      dlclose(handle)
      throw OnnxRuntimeError.apiVersionUnsupported(path: path, libraryVersion: version, requested: apiVersion)
    }
    return Loaded(path: path, origin: candidate.origin, version: version, api: api)
  }
}
