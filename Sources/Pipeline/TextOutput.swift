import Core
import Foundation

/// Writes `text` to `path` atomically (`writeFileAtomically`).
func writeText(_ text: String, to path: String) throws(FileWriteError) {
  try writeFileAtomically(Data(text.utf8), to: path)
}

/// `value` as pretty-printed JSON with sorted keys; NaN and infinities as the strings "nan",
/// "inf", "-inf" (JSON has no numbers for them).
public func jsonText<T: Encodable>(_ value: T) throws -> String {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
  encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
  return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
}
