import CXGBoost
import Foundation

/// Errors from the gradient-boosting layer.
public enum BoostingError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The XGBoost library reported a failure. `message` is `XGBGetLastError()` without its
  /// timestamp, source location and stack trace.
  case library(operation: String, message: String)
  /// Data handed to the library has inconsistent dimensions.
  case shape(String)
  /// Labels must be 0 or 1 for binary classification.
  case invalidLabel(row: Int, value: Float)
  /// An argument is outside its documented range.
  case invalidArgument(String)

  public var description: String {
    switch self {
    case .library(let op, let m): return "XGBoost \(op) failed: \(m)"
    case .shape(let s): return "matrix shape: \(s)"
    case .invalidLabel(let row, let v): return "row \(row): label \(v) is not 0 or 1"
    case .invalidArgument(let s): return s
    }
  }
}

/// Throws the library's last error when `code` is not 0.
@inline(__always)
func check(_ code: Int32, _ operation: String) throws(BoostingError) {
  if code != 0 { throw .library(operation: operation, message: lastLibraryError()) }
}

/// `XGBGetLastError()` reduced to its message: XGBoost prefixes "[hh:mm:ss] file:line: " and
/// may append "Stack trace:" with frames; neither helps a user.
func lastLibraryError() -> String {
  guard let raw = XGBGetLastError() else { return "unknown error" }
  return trimLibraryMessage(String(cString: raw))
}

func trimLibraryMessage(_ text: String) -> String {
  var message = Substring(text)
  if let trace = message.range(of: "Stack trace:") { message = message[..<trace.lowerBound] }
  // Drop "[12:34:56] /path/to/file.cc:123: " prefixes.
  if message.hasPrefix("["), let close = message.firstIndex(of: "]") {
    message = message[message.index(after: close)...].drop(while: { $0 == " " })
    if let colon = message.range(of: ": "), message[..<colon.lowerBound].contains(":") {
      message = message[colon.upperBound...]
    }
  }
  let trimmed = message.trimmingCharacters(in: .whitespacesAndNewlines)
  return trimmed.isEmpty ? text.trimmingCharacters(in: .whitespacesAndNewlines) : trimmed
}
