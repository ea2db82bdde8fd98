import Core
import Foundation

/// Locations of the repository's fixtures and of the shared validation data.
public enum TestPaths {
  /// The repository root (two levels above this file's folder).
  public static let repository: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }()

  /// `Tests/Fixtures`.
  public static let fixtures = repository + "/Tests/Fixtures"
  /// `Samples`: small real records bundled with the repository.
  public static let samples = repository + "/Samples"

  /// The shared data folder: `$ECGLENS_DATA`, else `../shared/data` beside the repository.
  public static let sharedData: String = {
    if let env = ProcessInfo.processInfo.environment["ECGLENS_DATA"], !env.isEmpty { return env }
    return URL(fileURLWithPath: repository + "/../shared/data").standardized.path
  }()

  /// Whether the shared data folder holds `subfolder`.
  public static func hasSharedData(_ subfolder: String) -> Bool {
    FileManager.default.fileExists(atPath: sharedData + "/" + subfolder)
  }

  /// A fresh temporary folder.
  public static func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "ecglens-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }
}

/// Reads and decodes a JSON fixture.
public func loadJSON<T: Decodable>(_ type: T.Type, from path: String) throws -> T {
  try JSONDecoder().decode(T.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
}

/// Largest absolute difference between two equally long arrays (infinity if lengths differ).
public func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
  guard a.count == b.count else { return .infinity }
  return zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}

/// A small seeded generator (SplitMix64) so random tests are reproducible from their seed.
public typealias SeededGenerator = SplitMix64
