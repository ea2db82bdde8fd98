import Foundation

/// Where to look for the ONNX Runtime shared library, and the candidate files found there.
///
/// Search order (the first candidate that loads and exports `OrtGetApiBase` wins):
/// 1. ``explicitPath`` when set: a library file or a folder holding one. If set, nothing else is tried.
/// 2. The environment variable `ECGLENS_ONNXRUNTIME`: a library file or a folder holding one.
/// 3. The `onnxruntime` Python package: `<python> -c 'import onnxruntime'` prints the package folder and
///    the library is `<folder>/capi/libonnxruntime.so*` (the PyPI wheel ships e.g.
///    `onnxruntime/capi/libonnxruntime.so.1.32.0`, with no unversioned name). `<python>` is
///    `ECGLENS_PYTHON` when set, else `python3` on `PATH`.
/// 4. The system loader's own search (`LD_LIBRARY_PATH`, ld.so.cache): `libonnxruntime.so`,
///    `libonnxruntime.so.1` (`libonnxruntime.dylib` on macOS).
///
/// Nothing links against ONNX Runtime: programs that never ask for it run without it.
public struct OnnxRuntimeLocator: Sendable {
  /// Name of the environment variable naming the library file or its folder.
  public static let libraryVariable = "ECGLENS_ONNXRUNTIME"
  /// Name of the environment variable naming the Python interpreter used in step 3.
  public static let pythonVariable = "ECGLENS_PYTHON"

  /// A library file or a folder holding one; when set, the only place searched.
  public var explicitPath: String?
  /// The environment consulted for steps 2 and 3 (defaults to the process environment).
  public var environment: [String: String]
  /// Whether step 3 (asking Python) runs; tests turn it off to check the other steps.
  public var askPython: Bool
  /// Whether step 4 (the system loader's search) runs.
  public var useSystemSearch: Bool

  public init(
    explicitPath: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
    askPython: Bool = true, useSystemSearch: Bool = true
  ) {
    self.explicitPath = explicitPath
    self.environment = environment
    self.askPython = askPython
    self.useSystemSearch = useSystemSearch
  }

  /// One place to try: a file path, or a bare soname left to the system loader.
  public struct Candidate: Sendable, Equatable {
    public let path: String
    /// Which search step produced it, e.g. "ECGLENS_ONNXRUNTIME".
    public let origin: String
  }

  /// Candidates in search order, plus a note for every step that produced none.
  public func candidates() -> (found: [Candidate], notes: [String]) {
    var found: [Candidate] = []
    var notes: [String] = []
    if let explicitPath {
      let files = Self.libraryFiles(at: explicitPath)
      if files.isEmpty { notes.append("explicit path \(explicitPath): no libonnxruntime library there") }
      return (files.map { Candidate(path: $0, origin: "explicit path") }, notes)
    }
    if let value = environment[Self.libraryVariable], !value.isEmpty {
      let files = Self.libraryFiles(at: value)
      if files.isEmpty { notes.append("\(Self.libraryVariable)=\(value): no libonnxruntime library there") }
      found += files.map { Candidate(path: $0, origin: Self.libraryVariable) }
    } else {
      notes.append("\(Self.libraryVariable): not set")
    }
    if askPython {
      let python = environment[Self.pythonVariable].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"
      switch Self.pythonPackageFolder(python: python, environment: environment) {
      case .success(let folder):
        let files = Self.libraryFiles(at: (folder as NSString).appendingPathComponent("capi"))
        if files.isEmpty { notes.append("\(python): onnxruntime at \(folder) has no capi/libonnxruntime.so*") }
        found += files.map { Candidate(path: $0, origin: "\(python) -c 'import onnxruntime'") }
      case .failure(let problem):
        notes.append("\(python) -c 'import onnxruntime': \(problem.text)")
      }
    }
    if useSystemSearch {
      #if os(macOS)
        let names = ["libonnxruntime.dylib"]
      #else
        let names = ["libonnxruntime.so", "libonnxruntime.so.1"]
      #endif
      found += names.map { Candidate(path: $0, origin: "system loader search") }
    }
    return (found, notes)
  }

  /// Library files at `path`: the file itself, or the `libonnxruntime` libraries in a folder, shortest
  /// name first (`libonnxruntime.so`, then `.so.1`, then `.so.1.32.0`); provider plug-ins are skipped.
  static func libraryFiles(at path: String) -> [String] {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return [] }
    guard isFolder.boolValue else { return [path] }
    let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    let libraries = names.filter {
      ($0.hasPrefix("libonnxruntime.so") || $0.hasPrefix("libonnxruntime.") && $0.hasSuffix(".dylib"))
        && !$0.contains("providers")
    }
    return libraries.sorted { $0.count == $1.count ? $0 > $1 : $0.count < $1.count }
      .map { (path as NSString).appendingPathComponent($0) }
  }

  struct Problem: Error { let text: String }

  /// Runs `python -c 'import onnxruntime, os; print(os.path.dirname(onnxruntime.__file__))'`.
  static func pythonPackageFolder(python: String, environment: [String: String]) -> Result<String, Problem> {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [python, "-c", "import onnxruntime, os; print(os.path.dirname(onnxruntime.__file__))"]
    process.environment = environment
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    do { try process.run() } catch { return .failure(Problem(text: "could not start: \(error)")) }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      let message = String(decoding: errorData, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
      return .failure(Problem(text: "exit \(process.terminationStatus) \(message)"))
    }
    let folder = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    return folder.isEmpty ? .failure(Problem(text: "printed no folder")) : .success(folder)
  }
}
