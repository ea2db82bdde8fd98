import Foundation
import Signals

/// A path named on the command line that holds no recording ECGLens reads.
public struct RecordingDiscoveryError: Error, Equatable, Sendable, CustomStringConvertible {
  public let path: String
  public let problem: String
  public init(path: String, problem: String) { self.path = path; self.problem = problem }
  public var description: String { "\(path): \(problem)" }
}

/// The recordings named by command-line arguments, in any format `readRecording(at:)` reads.
///
/// An argument is a WFDB record (`path/100` or `path/100.hea`), a file in another supported format
/// (GE MUSE, Philips and HL7 aECG XML, SCP-ECG, DICOM, EDF), a folder or a record list:
/// - a folder is searched recursively: every `.hea` header is a WFDB record; every other file is
///   kept when `recogniseRecording(at:)` recognises its content (files belonging to a WFDB record,
///   `.dat`, `.atr` and the like, are not); paths are in natural sort order;
/// - a text file that is no recording is read as a record list (one path per line, relative to the
///   list's folder, `#` comments and blank lines skipped), like PhysioNet's RECORDS.
/// - Throws: ``RecordingDiscoveryError`` naming the argument (or the list and its line) that names
///   nothing readable.
public func discoverRecordings(_ arguments: [String]) throws -> [String] {
  var out: [String] = []
  for argument in arguments {
    var isFolder: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: argument, isDirectory: &isFolder)
    if exists && isFolder.boolValue {
      out += try recordingsInFolder(argument)
    } else if argument.hasSuffix(".hea") && exists {
      out.append(String(argument.dropLast(4)))
    } else if recogniseRecording(at: argument) != nil {
      out.append(argument)
    } else if exists {
      out += try recordList(argument)
    } else {
      throw RecordingDiscoveryError(path: argument, problem: "no such record, file, folder or record list")
    }
  }
  return out
}

/// Every recording under `folder` (recursively), in natural sort order.
func recordingsInFolder(_ folder: String) throws -> [String] {
  guard let walker = FileManager.default.enumerator(atPath: folder) else {
    throw RecordingDiscoveryError(path: folder, problem: "cannot list the folder")
  }
  let base = folder.hasSuffix("/") ? folder : folder + "/"
  var items: [String] = []
  while let item = walker.nextObject() as? String { items.append(item) }
  let headers = Set(items.filter { $0.hasSuffix(".hea") }.map { String($0.dropLast(4)) })
  // Files of a WFDB record share its name before the extension (100.dat, 100.atr, 100_1.dat).
  let headerStems = Set(headers.map { ($0 as NSString).lastPathComponent })
  var found = headers.sorted()
  for item in items where !item.hasSuffix(".hea") {
    let stem = ((item as NSString).lastPathComponent as NSString).deletingPathExtension
    if headerStems.contains(stem) || headerStems.contains(where: { stem.hasPrefix($0 + "_") }) { continue }
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: base + item, isDirectory: &isFolder), !isFolder.boolValue else {
      continue
    }
    if let format = recogniseRecording(at: base + item), format != .wfdb { found.append(item) }
  }
  guard !found.isEmpty else {
    throw RecordingDiscoveryError(path: folder, problem: "no recording ECGLens reads in this folder")
  }
  found.sort { $0.localizedStandardCompare($1) == .orderedAscending }
  return found.map { base + $0 }
}

/// The recordings a record list names, one per line relative to the list's folder.
func recordList(_ list: String) throws -> [String] {
  guard let text = try? String(contentsOfFile: list, encoding: .utf8) else {
    throw RecordingDiscoveryError(path: list, problem: "not a recording ECGLens reads, a folder or a readable record list")
  }
  let base = URL(fileURLWithPath: list).deletingLastPathComponent().path
  var out: [String] = []
  for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
    let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
    if line.isEmpty || line.hasPrefix("#") { continue }
    var path = line.hasPrefix("/") ? line : base + "/" + line
    if path.hasSuffix(".hea") { path.removeLast(4) }
    guard recogniseRecording(at: path) != nil else {
      throw RecordingDiscoveryError(path: list, problem: "line \(number + 1): \(path) is no recording ECGLens reads")
    }
    out.append(path)
  }
  guard !out.isEmpty else { throw RecordingDiscoveryError(path: list, problem: "the record list names no record") }
  return out
}
