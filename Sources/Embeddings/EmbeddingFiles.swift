import Core
import Foundation

/// The files of an embedding batch: `OUT` (the embeddings CSV), `OUT.records.csv` (every record and
/// its status) and their in-progress names `OUT.partial`, `OUT.records.csv.partial`, renamed into
/// place only when the batch completes.
struct EmbeddingFiles {
  let output: String
  let size: Int

  init(output: String, size: Int) {
    self.output = output
    self.size = size
  }

  var report: String { (output.hasSuffix(".csv") ? String(output.dropLast(4)) : output) + ".records.csv" }
  var partialOutput: String { output + ".partial" }
  var partialReport: String { report + ".partial" }

  /// `ecg_id,emb_0,...,emb_{size-1}`.
  var header: String { (["ecg_id"] + (0..<size).map { "emb_\($0)" }).joined(separator: ",") + "\n" }
  static let reportHeader = "path,ecg_id,status,reason\n"

  /// Checks that the output may be written and starts both partial files with their headers.
  func start(force: Bool) throws {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: output, isDirectory: &isFolder) {
      if isFolder.boolValue { throw EmbeddingBatchError(file: output, problem: "is a folder; name a file") }
      let regular = (try? FileManager.default.attributesOfItem(atPath: output))?[.type] as? FileAttributeType == .typeRegular
      if regular && !force {
        throw EmbeddingBatchError(file: output, problem: "exists; pass --force to replace it")
      }
    }
    do {
      try writeFileAtomically(Data(header.utf8), to: partialOutput)
      try writeFileAtomically(Data(Self.reportHeader.utf8), to: partialReport)
    } catch {
      throw EmbeddingBatchError(file: error.file, problem: "cannot be written: \(error.reason)")
    }
  }

  /// Appends finished rows to the partial files.
  func append(rows: String, report: String) throws {
    for (path, text) in [(partialOutput, rows), (partialReport, report)] where !text.isEmpty {
      do {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
      } catch {
        throw EmbeddingBatchError(file: path, problem: "cannot be appended to: \(error.localizedDescription)")
      }
    }
  }

  /// Moves the completed files into place (replacing earlier ones).
  func finish() throws {
    for (from, to) in [(partialReport, report), (partialOutput, output)] {
      do {
        let target = URL(fileURLWithPath: to).resolvingSymlinksInPath()
        let type = (try? FileManager.default.attributesOfItem(atPath: target.path))?[.type] as? FileAttributeType
        if let type, type != .typeRegular {
          // A device such as /dev/stdout: write through it, never rename over it.
          let handle = try FileHandle(forWritingTo: target)
          defer { try? handle.close() }
          try handle.write(contentsOf: try Data(contentsOf: URL(fileURLWithPath: from)))
          try FileManager.default.removeItem(atPath: from)
        } else if rename(from, target.path) != 0 {
          throw EmbeddingBatchError(file: to, problem: "cannot be moved into place: \(String(cString: strerror(errno)))")
        }
      } catch let error as EmbeddingBatchError {
        throw error
      } catch {
        throw EmbeddingBatchError(file: to, problem: "cannot be moved into place: \(error.localizedDescription)")
      }
    }
  }

  /// One CSV row: the id and the values with 9 significant digits (float32 round-trips exactly).
  static func row(id: String, values: [Float]) -> String {
    ([csvField(id)] + values.map { String(format: "%.9g", Double($0)) }).joined(separator: ",") + "\n"
  }

  static func reportLine(path: String, id: String, status: String, reason: String) -> String {
    [path, id, status, reason].map(csvField).joined(separator: ",") + "\n"
  }

  /// Quotes a field holding a comma, a quote or a line break (RFC 4180).
  static func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
