import Foundation
import Signals

/// Record paths named by command-line arguments: a WFDB record (`path/100` or `path/100.hea`,
/// given without extension), an ECG file of another format ECGLens reads (recognised by content:
/// GE MUSE, Philips or HL7 aECG XML, SCP-ECG, DICOM, EDF), a folder (searched recursively, in
/// natural sort order, for `.hea` headers and for files named like ECG exports,
/// `ecgFileExtensions`) or a record list (a text file with one record or file per line, relative
/// to the list's folder, like PhysioNet's RECORDS). Lines starting with `#` and blank lines are
/// skipped.
///
/// In a folder, an `.xml` file that is not an ECG is passed over (XML holds many other things);
/// a `.scp`, `.dcm` or `.edf` file is listed even when unrecognised, so the batch names it as
/// a record it could not read instead of dropping it unseen.
public func discoverRecords(_ arguments: [String]) throws(ExtractionError) -> [String] {
  let fm = FileManager.default
  var out: [String] = []
  for argument in arguments {
    var isFolder: ObjCBool = false
    let exists = fm.fileExists(atPath: argument, isDirectory: &isFolder)
    if exists && isFolder.boolValue {
      guard let walker = fm.enumerator(atPath: argument) else { throw .notFound(path: argument, reason: "cannot list the folder") }
      var found: [String] = []
      let folder = argument.hasSuffix("/") ? argument : argument + "/"
      while let item = walker.nextObject() as? String {
        if item.hasSuffix(".hea") {
          found.append(String(item.dropLast(4)))
        } else if let kind = ecgFileExtensions[URL(fileURLWithPath: item).pathExtension.lowercased()] {
          if kind == .alwaysListed || recogniseRecording(at: folder + item) != nil { found.append(item) }
        }
      }
      guard !found.isEmpty else {
        throw .notFound(path: argument, reason: "no WFDB headers (.hea) or ECG files (.xml, .scp, .dcm, .edf) in this folder")
      }
      found.sort { $0.localizedStandardCompare($1) == .orderedAscending }
      out += found.map { (argument.hasSuffix("/") ? argument : argument + "/") + $0 }
    } else if argument.hasSuffix(".hea") && exists {
      out.append(String(argument.dropLast(4)))
    } else if fm.fileExists(atPath: argument + ".hea") {
      out.append(argument)
    } else if exists && recogniseRecording(at: argument) != nil {
      out.append(argument)
    } else if exists {
      guard let text = try? String(contentsOfFile: argument, encoding: .utf8) else {
        throw .notFound(path: argument, reason: "not a WFDB record, a folder or a readable record list")
      }
      let base = URL(fileURLWithPath: argument).deletingLastPathComponent().path
      var listed = 0
      for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if line.isEmpty || line.hasPrefix("#") { continue }
        var path = line.hasPrefix("/") ? line : base + "/" + line
        if path.hasSuffix(".hea") { path.removeLast(4) }
        guard fm.fileExists(atPath: path + ".hea") || recogniseRecording(at: path) != nil else {
          throw .invalid(file: argument, reason: "line \(number + 1): no WFDB header \(path).hea, nor an ECG file at \(path)")
        }
        out.append(path)
        listed += 1
      }
      guard listed > 0 else { throw .invalid(file: argument, reason: "the record list names no record") }
    } else {
      throw .notFound(path: argument, reason: "no such record, folder or record list")
    }
  }
  return out
}

/// How a folder search treats a file extension (lower case) that ECG exports use.
enum ECGFileListing { case ifRecognised, alwaysListed }

/// File extensions a folder search looks at besides WFDB headers.
let ecgFileExtensions: [String: ECGFileListing] = [
  "xml": .ifRecognised, "scp": .alwaysListed, "dcm": .alwaysListed, "edf": .alwaysListed,
]

/// Lists the records of a database folder: its RECORDS file if present, else every `.hea` in
/// the folder itself (not its subfolders), in natural sort order.
public func databaseRecords(_ folder: String) throws(ExtractionError) -> [String] {
  let recordsFile = folder + "/RECORDS"
  if let text = try? String(contentsOfFile: recordsFile, encoding: .utf8) {
    return text.split(whereSeparator: \.isNewline)
      .map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
      .map { folder + "/" + $0 }
  }
  guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
    throw .notFound(path: folder, reason: "no such database folder")
  }
  let records = names.filter { $0.hasSuffix(".hea") }.map { String($0.dropLast(4)) }
    .sorted { $0.localizedStandardCompare($1) == .orderedAscending }
  guard !records.isEmpty else { throw .notFound(path: folder, reason: "no WFDB headers (.hea) found") }
  return records.map { folder + "/" + $0 }
}
