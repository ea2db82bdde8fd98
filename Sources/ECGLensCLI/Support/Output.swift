import Foundation
import Signals

/// Writes `text` to `path` atomically (`writeFileAtomically`), or to standard output when
/// `path` is nil.
func emit(_ text: String, to path: String?) throws {
  guard let path else {
    FileHandle.standardOutput.write(Data(text.utf8))
    return
  }
  try writeFileAtomically(Data(text.utf8), to: path)
}

/// `value` as pretty-printed JSON with sorted keys; NaN and infinities as the strings "nan",
/// "inf", "-inf" (JSON has no numbers for them).
func jsonText<T: Encodable>(_ value: T) throws -> String {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
  encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
  return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
}

/// Prints a line to standard error.
func warn(_ message: String) {
  FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Resolves `--lead NAME|INDEX` against a record: a whole number is a 0-based signal index,
/// anything else a signal description compared case-insensitively. Nil picks signal 0.
func leadIndex(_ lead: String?, in record: Record, path: String) throws -> Int {
  guard let lead else { return 0 }
  if let index = Int(lead) {
    guard record.digital.indices.contains(index) else {
      throw CLIError(
        "\(path): lead index \(index) out of range (the record has \(record.digital.count) signals)")
    }
    return index
  }
  guard let index = record.signalIndex(named: lead) else {
    throw CLIError(
      "\(path): no lead named \(lead) (signals: \(record.signalNames.joined(separator: ", ")))")
  }
  return index
}

/// A user-facing error with a complete message.
struct CLIError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// CPU time used by this process so far, in seconds.
func processCPUTime() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Lists the records of a database folder: its RECORDS file if present, else every `.hea`.
func databaseRecords(_ folder: String) throws -> [String] {
  let recordsFile = folder + "/RECORDS"
  if let text = try? String(contentsOfFile: recordsFile, encoding: .utf8) {
    return text.split(whereSeparator: \.isNewline)
      .map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
      .map { folder + "/" + $0 }
  }
  guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
    throw CLIError("\(folder): no such database folder")
  }
  let records = names.filter { $0.hasSuffix(".hea") }.map { String($0.dropLast(4)) }
    .sorted { $0.localizedStandardCompare($1) == .orderedAscending }
  guard !records.isEmpty else { throw CLIError("\(folder): no WFDB headers (.hea) found") }
  return records.map { folder + "/" + $0 }
}
