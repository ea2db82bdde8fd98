import Foundation

/// Any key of a JSON object, for finding the keys a config section does not know.
struct AnyKey: CodingKey {
  var stringValue: String
  var intValue: Int?
  init(stringValue: String) { self.stringValue = stringValue }
  init(intValue: Int) { self.stringValue = String(intValue); self.intValue = intValue }
}

/// A config section: its keys (the `CodingKeys` cases, snake_case as written in the file) each
/// with one line of documentation. Unknown keys are refused and the documented key list of
/// `ecglens study --help` is derived from the same cases, so the two cannot drift apart.
protocol ConfigSection: Decodable {
  associatedtype Keys: CodingKey & CaseIterable
  static func documentation(_ key: Keys) -> String
}

extension ConfigSection {
  /// Throws when the object being decoded has a key the section does not know.
  static func rejectUnknownKeys(_ decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: AnyKey.self)
    let known = Keys.allCases.map(\.stringValue)
    for key in c.allKeys where !known.contains(key.stringValue) {
      throw DecodingError.dataCorrupted(
        .init(
          codingPath: decoder.codingPath + [key], debugDescription: "unknown key (allowed: \(known.sorted().joined(separator: ", ")))"))
    }
  }

  /// "key: documentation" lines of the section, indented.
  static func documentationLines(indent: String = "  ") -> [String] {
    Keys.allCases.map { indent + $0.stringValue + ": " + documentation($0) }
  }
}

extension KeyedDecodingContainer {
  /// A whole number in `range`, refusing fractions, out-of-range values and numbers JSON
  /// writes with an exponent beyond it, with a message naming the range.
  func integer(_ key: Key, in range: ClosedRange<Int>) throws -> Int? {
    guard let v = try decodeIfPresent(Double.self, forKey: key) else { return nil }
    guard v == v.rounded(), v >= Double(range.lowerBound), v <= Double(range.upperBound) else {
      throw DecodingError.dataCorrupted(
        .init(
          codingPath: codingPath + [key], debugDescription: "\(v) is not a whole number from \(range.lowerBound) to \(range.upperBound)"))
    }
    return Int(v)
  }

  /// A number in `range`.
  func number(_ key: Key, in range: ClosedRange<Double>) throws -> Double? {
    guard let v = try decodeIfPresent(Double.self, forKey: key) else { return nil }
    guard range.contains(v) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: codingPath + [key], debugDescription: "\(v) is not between \(range.lowerBound) and \(range.upperBound)"))
    }
    return v
  }

  /// A string that is one of `allowed`.
  func choice(_ key: Key, _ allowed: [String]) throws -> String? {
    guard let v = try decodeIfPresent(String.self, forKey: key) else { return nil }
    guard allowed.contains(v) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: codingPath + [key], debugDescription: "\"\(v)\" is not one of \(allowed.joined(separator: ", "))"))
    }
    return v
  }
}

/// A coding path as the config file spells it: `source.metadata.file`, `external[0].name`.
func dottedPath(_ path: [CodingKey]) -> String {
  var s = ""
  for k in path {
    if let i = k.intValue { s += "[\(i)]" } else { s += (s.isEmpty ? "" : ".") + k.stringValue }
  }
  return s.isEmpty ? "(top level)" : s
}

/// A decoding error as a config error naming the key and the problem.
func configError(_ error: Error, file: String) -> PipelineError {
  guard let e = error as? DecodingError else { return .config(file: file, key: "(file)", reason: "\(error)") }
  switch e {
  case .typeMismatch(let type, let c):
    let expected =
      type == String.self
      ? "a string"
      : type == Double.self
        ? "a number"
        : type == Bool.self
          ? "true or false"
          : "\(type)".hasPrefix("Array") ? "a list" : "\(type)".hasPrefix("Dictionary") ? "an object" : "\(type)"
    return .config(file: file, key: dottedPath(c.codingPath), reason: "expected \(expected)")
  case .valueNotFound(_, let c): return .config(file: file, key: dottedPath(c.codingPath), reason: "is null; give a value or leave the key out")
  case .keyNotFound(let k, let c): return .config(file: file, key: dottedPath(c.codingPath + [k]), reason: "is required")
  case .dataCorrupted(let c):
    if c.codingPath.isEmpty, let underlying = c.underlyingError {
      return .config(
        file: file, key: "(file)", reason: "not valid JSON: \((underlying as NSError).userInfo[NSDebugDescriptionErrorKey] ?? underlying)")
    }
    return .config(file: file, key: dottedPath(c.codingPath), reason: c.debugDescription)
  @unknown default: return .config(file: file, key: "(file)", reason: "\(e)")
  }
}
