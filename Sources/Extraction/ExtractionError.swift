/// Why records could not be found, measured or written.
public enum ExtractionError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A path named on the command line or in a config is not a record, a folder or a list.
  case notFound(path: String, reason: String)
  /// A file exists but its content is wrong for its role (a list, a metadata table, a CSV of
  /// detections): the file, where in it, and the problem.
  case invalid(file: String, reason: String)
  /// An output exists and would be overwritten, or an interrupted run is in the way.
  case outputInTheWay(path: String, reason: String)
  /// A record's content cannot be used (different sampling rates, an unknown lead name ...).
  case record(path: String, reason: String)

  public var description: String {
    switch self {
    case .notFound(let path, let reason): return "\(path): \(reason)"
    case .invalid(let file, let reason): return "\(file): \(reason)"
    case .outputInTheWay(let path, let reason): return "\(path) \(reason)"
    case .record(let path, let reason): return "\(path): \(reason)"
    }
  }
}
