import ECGLensTestSupport
import Foundation
import Testing

@testable import Signals

/// Locating the real data (ECGLENS_DATA, default /work/shared/data) and the golden fingerprints.
enum XMLFiles {
  static let root = TestPaths.sharedData
  static let vendor = root + "/vendor-formats"
  static let available = FileManager.default.fileExists(atPath: vendor + "/philips-sierra")
  static let skipNote: Comment = "needs ../shared/data/vendor-formats (or $ECGLENS_DATA)"

  static let museFiles = ["example1.xml", "example2.xml", "example3.xml", "example4.xml"]
  static let philipsFiles = [
    "129DYPRG.XML", "2020-5-18_15-48-11.xml", "3191723_ZZDEMOPTONLY_1-04_orig.xml",
    "ad4d3d80-d165_1-04_orig.xml", "repbeats_example.xml",
  ]
  static let aecgFiles = ["ad4d3d80-d165_1-04_converted.xml", "ecgtoolkit-Example.xml"]
  /// Every sample as "folder/file".
  static let allFiles =
    museFiles.map { "ge-muse/" + $0 } + philipsFiles.map { "philips-sierra/" + $0 }
    + aecgFiles.map { "hl7-aecg/" + $0 }

  static func path(_ relative: String) -> String { vendor + "/" + relative }

  /// The bytes of a sample, read in place (never copied).
  static func load(_ relative: String) throws -> Data {
    try Data(contentsOf: URL(fileURLWithPath: path(relative)))
  }

  static func read(_ relative: String) throws -> ECGRecording {
    try readXMLECG(try load(relative), path: path(relative))
  }

  static let goldenDirectory = URL(fileURLWithPath: TestPaths.fixtures + "/formats/xml-golden")
}

/// One lead's fingerprint, as Scripts/make_golden.py writes it (integer file units).
struct LeadFingerprint: Codable, Equatable, CustomStringConvertible {
  var name: String
  var count: Int
  var sum: Int
  var sumSquares: Int
  var first: [Int]
  var last: [Int]

  var description: String { "\(name): n=\(count) sum=\(sum) sumsq=\(sumSquares) first=\(first) last=\(last)" }

  /// Fingerprint of samples that are exact integer multiples of the scale.
  init(name: String, counts: [Int]) {
    self.name = name
    count = counts.count
    sum = counts.reduce(0, +)
    sumSquares = counts.reduce(0) { $0 + $1 * $1 }
    first = Array(counts.prefix(8))
    last = Array(counts.suffix(8))
  }
}

struct GoldenLead: Codable {
  var name: String
  var count: Int
  var sum: Int
  var sumSquares: Int
  var first: [Int]
  var last: [Int]
  var scaleMicrovolts: Double
  var originMicrovolts: Double

  var fingerprint: LeadFingerprint {
    var value = LeadFingerprint(name: name, counts: [])
    value.count = count; value.sum = sum; value.sumSquares = sumSquares; value.first = first; value.last = last
    return value
  }
}

struct GoldenFile: Codable {
  var folder: String
  var file: String
  var samplingRate: Double
  var leads: [GoldenLead]
  var reference: String

  static func load(_ relative: String) throws -> GoldenFile {
    let name = relative.replacingOccurrences(of: "/", with: "__") + ".json"
    let data = try Data(contentsOf: XMLFiles.goldenDirectory.appendingPathComponent(name))
    return try JSONDecoder().decode(GoldenFile.self, from: data)
  }
}

/// Turns mV samples back into integer file units; returns nil when a sample is not within
/// 1e-6 units of an integer (the reader must scale exactly).
func integerCounts(_ millivolts: [Double], scaleMicrovolts: Double, originMicrovolts: Double) -> [Int]? {
  var counts: [Int] = []
  counts.reserveCapacity(millivolts.count)
  for value in millivolts {
    let units = (value * 1000 - originMicrovolts) / scaleMicrovolts
    let rounded = units.rounded()
    if abs(units - rounded) > 1e-6 { return nil }
    counts.append(Int(rounded))
  }
  return counts
}

/// A small deterministic generator (SplitMix64) so that fuzz runs are reproducible.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Runs `body` and returns the typed error it throws, or nil when it succeeds.
func readError(_ data: Data, path: String = "/tmp/test.xml") -> FormatReadError? {
  do {
    _ = try readXMLECG(data, path: path)
    return nil
  } catch {
    return error
  }
}

extension FormatReadError {
  /// The field of a `malformed` error, the feature of `unsupported`, the reason of `unrecognised`.
  var detail: String {
    switch self {
    case .malformed(_, let field, let reason): return field + ": " + reason
    case .unsupported(_, let feature): return feature
    case .unrecognised(_, let reason): return reason
    }
  }
}

/// Short descriptions in failure messages (the default dump prints every sample).
extension ECGRecording: CustomTestStringConvertible {
  public var testDescription: String {
    "\(name) [\(format.rawValue)] \(leads.map(\.name)) x \(sampleCount) @ \(samplingRate) Hz, warnings \(warnings)"
  }
}

extension RecordedLead: CustomTestStringConvertible {
  public var testDescription: String { "\(name)\(derived ? " (derived)" : "") x \(samples.count)" }
}
