import ECGLensTestSupport
import Embeddings
import Foundation
import Testing

/// Shared test context: fixtures, the ONNX Runtime library (when present) and the real-data folder.
enum TestEnvironment {
  /// The committed fixtures folder, `Tests/Fixtures/embeddings`.
  static let fixtures = URL(fileURLWithPath: TestPaths.fixtures + "/embeddings")

  static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

  /// ONNX Runtime found by the default search order, or the error saying why not (loaded once).
  static let runtimeResult: Result<OnnxRuntime, any Error> = Result { try OnnxRuntime() }
  static var runtime: OnnxRuntime? { try? runtimeResult.get() }
  static let noRuntime: Comment =
    "ONNX Runtime library not found (pip install onnxruntime, or set ECGLENS_ONNXRUNTIME): test skipped"

  /// The real-data folder (`TestPaths.sharedData`); nil when PTB-XL is not there.
  static let dataFolder: String? =
    TestPaths.hasSharedData("ptb-xl/records500/00000/00001_hr.hea") ? TestPaths.sharedData : nil
  static let noData: Comment = "PTB-XL not found under ECGLENS_DATA (default ../shared/data): test skipped"

  /// openecg's codec_v6_int8.onnx: ECGLENS_OPENECG_MODEL, else the installed Python package; nil if absent.
  static let openECGModel: String? = {
    if let path = ProcessInfo.processInfo.environment["ECGLENS_OPENECG_MODEL"] {
      return FileManager.default.fileExists(atPath: path) ? path : nil
    }
    let python = ProcessInfo.processInfo.environment["ECGLENS_PYTHON"] ?? "python3"
    let script = "import openecg, os; print(os.path.join(os.path.dirname(openecg.__file__), 'models'))"
    guard let folder = run(["/usr/bin/env", python, "-c", script]) else { return nil }
    let path = (folder as NSString).appendingPathComponent("codec_v6_int8.onnx")
    return FileManager.default.fileExists(atPath: path) ? path : nil
  }()
  static let noOpenECG: Comment =
    "openecg's codec_v6_int8.onnx not found (pip install openecg, or set ECGLENS_OPENECG_MODEL): test skipped"

  private static func run(_ arguments: [String]) -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: arguments[0])
    process.arguments = Array(arguments.dropFirst())
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Little-endian float32 values of a fixture file.
  static func floats(_ name: String) throws -> [Float] {
    let data = try Data(contentsOf: fixtures.appendingPathComponent(name))
    return data.withUnsafeBytes { raw in
      (0..<(data.count / 4)).map {
        Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
      }
    }
  }

  /// A JSON fixture as a dictionary.
  static func json(_ name: String) throws -> [String: Any] {
    let data = try Data(contentsOf: fixtures.appendingPathComponent(name))
    return try JSONSerialization.jsonObject(with: data) as! [String: Any]
  }
}

/// FNV-1a 64-bit hash of float32 values' little-endian bytes, as 16 hex digits (as the Python scripts do).
func fnv1a64(_ values: [Float]) -> String {
  var hash: UInt64 = 0xcbf2_9ce4_8422_2325
  for value in values {
    var bits = value.bitPattern.littleEndian
    withUnsafeBytes(of: &bits) { bytes in
      for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01b3
      }
    }
  }
  let hex = String(hash, radix: 16)
  return String(repeating: "0", count: 16 - hex.count) + hex
}

/// Largest absolute difference between two equally long vectors.
func maxAbsDifference(_ a: [Float], _ b: [Float]) -> Float {
  precondition(a.count == b.count, "lengths \(a.count) and \(b.count)")
  return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}
