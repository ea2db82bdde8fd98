import ECGLensTestSupport
import Foundation
import Testing

@testable import Signals

/// Locations of the real vendor files (`TestPaths.sharedData`) and of the binary-format fixtures (`Tests/Fixtures/formats`).
enum BinaryFiles {
  static let root = TestPaths.sharedData
  static let scpPath = root + "/vendor-formats/scp-ecg/ecgtoolkit-Example.scp"
  static let dicomToolkitPath = root + "/vendor-formats/dicom/ecgtoolkit-Example.dcm"
  static let dicomPydicomPath = root + "/vendor-formats/dicom/pydicom-waveform_ecg.dcm"
  /// True when the real vendor files are present; tests that need them are disabled otherwise.
  static let available =
    FileManager.default.fileExists(atPath: scpPath)
    && FileManager.default.fileExists(atPath: dicomToolkitPath)
  static let skipMessage: Comment = "needs ../shared/data/vendor-formats (or $ECGLENS_DATA)"

  static func file(_ path: String) throws -> Data {
    try #require(FileManager.default.contents(atPath: path), "cannot read \(path)")
  }

  static func fixtureURL(_ name: String) throws -> URL {
    let url = URL(fileURLWithPath: TestPaths.fixtures + "/formats/" + name)
    try #require(FileManager.default.fileExists(atPath: url.path), "fixture \(name) missing")
    return url
  }

  static func fixture(_ name: String) throws -> Data { try Data(contentsOf: try fixtureURL(name)) }
}

/// Per-lead fingerprint written by the Python golden scripts.
struct Fingerprint: Decodable {
  var count: Int
  var sum: Double
  var sumSquares: Double
  var first: [Double]
  var last: [Double]
}

/// The result of comparing samples with a golden fingerprint.
struct FingerprintComparison: CustomStringConvertible {
  var countMatches: Bool
  var sumError: Double
  var sumSquaresError: Double
  /// Largest |difference| over the first and last 8 values.
  var maxEdgeError: Double
  var sumTolerance: Double
  var sumSquaresTolerance: Double
  var valueTolerance: Double

  /// Within tolerance: every edge value within `valueTolerance`; the sum within n * t; the sum of squares
  /// within 2 t sqrt(n * sum of squares) + n t^2 (what per-sample errors up to t can produce).
  var passes: Bool {
    countMatches && maxEdgeError <= valueTolerance && sumError <= sumTolerance && sumSquaresError <= sumSquaresTolerance
  }

  var description: String {
    "count ok \(countMatches), |sum err| \(sumError), |sumsq err| \(sumSquaresError), max edge err \(maxEdgeError)"
  }

  init(_ samples: [Double], _ golden: Fingerprint, tolerance t: Double) {
    let n = Double(samples.count)
    countMatches = samples.count == golden.count
    sumError = abs(samples.reduce(0, +) - golden.sum)
    sumSquaresError = abs(samples.reduce(0) { $0 + $1 * $1 } - golden.sumSquares)
    let edges = Array(zip(samples.prefix(8), golden.first)) + Array(zip(samples.suffix(8), golden.last))
    maxEdgeError = edges.map { abs($0.0 - $0.1) }.max() ?? 0
    valueTolerance = t
    sumTolerance = n * t + 1e-12 * abs(golden.sum)
    sumSquaresTolerance = 2 * t * (n * golden.sumSquares).squareRoot() + n * t * t + 1e-12 * golden.sumSquares
  }
}

extension [FingerprintComparison] {
  /// One line with the largest errors over the leads of a file (printed for the report).
  func summary(_ file: String) -> String {
    "golden \(file): \(count) leads, count mismatches \(filter { !$0.countMatches }.count), "
      + "max |sum err| \(map(\.sumError).max() ?? 0) mV, max |sumsq err| \(map(\.sumSquaresError).max() ?? 0) mV^2, "
      + "max |first/last-8 err| \(map(\.maxEdgeError).max() ?? 0) mV"
  }
}

extension FormatReadError {
  /// The field named by a `malformed` error, "" otherwise.
  var field: String {
    if case .malformed(_, let field, _) = self { return field }
    return ""
  }

  var file: String {
    switch self {
    case .malformed(let file, _, _), .unrecognised(let file, _), .unsupported(let file, _): return file
    }
  }
}

/// Runs a read and returns its typed error, or nil when it succeeded.
func readError(_ body: () throws(FormatReadError) -> ECGRecording) -> FormatReadError? {
  do {
    _ = try body()
    return nil
  } catch {
    return error
  }
}
