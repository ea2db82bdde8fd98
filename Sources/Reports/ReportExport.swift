import Foundation

/// Why a report could not be written.
public enum ReportsError: Error, Equatable, CustomStringConvertible {
  /// A file or folder of the report could not be written.
  case write(file: String, reason: String)

  public var description: String {
    switch self {
    case .write(let file, let reason): return "\(file): cannot write the report file: \(reason)"
    }
  }
}

/// The files a report document is exported to, relative to the report's folder: each figure as
/// `figures/NAME.svg` (a standalone SVG with its caption in `<desc>`), each table as
/// `tables/NAME.csv` and `tables/NAME.md`. Names come from the section and the target, so they are
/// the same on every run.
public func reportFiles(_ doc: StudyReportDocument) -> [(path: String, text: String)] {
  var files: [(String, String)] = []
  for f in doc.figures { files.append(("figures/\(f.name).svg", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + f.svg + "\n")) }
  for t in doc.tables {
    files.append(("tables/\(t.name).csv", t.csv))
    files.append(("tables/\(t.name).md", t.markdown))
  }
  return files
}

/// Writes the report HTML to `htmlPath` and its figures and tables beside it (`reportFiles`),
/// removing figure and table files of an earlier run that this one no longer makes. Returns the
/// paths written.
@discardableResult
public func writeStudyReport(_ doc: StudyReportDocument, to htmlPath: String) throws(ReportsError) -> [String] {
  let folder = URL(fileURLWithPath: htmlPath).deletingLastPathComponent().path
  let files = reportFiles(doc)
  let fm = FileManager.default
  for sub in ["figures", "tables"] {
    let dir = folder + "/" + sub
    do { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
      throw .write(file: dir, reason: error.localizedDescription)
    }
    let keep = Set(files.map(\.path).filter { $0.hasPrefix(sub + "/") }.map { String($0.dropFirst(sub.count + 1)) })
    for old in (try? fm.contentsOfDirectory(atPath: dir)) ?? []
    where !keep.contains(old) && (old.hasSuffix(".svg") || old.hasSuffix(".csv") || old.hasSuffix(".md")) {
      try? fm.removeItem(atPath: dir + "/" + old)
    }
  }
  var written: [String] = []
  for (path, text) in [(htmlPath, doc.html)] + files.map({ (folder + "/" + $0.path, $0.text) }) {
    do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
      throw .write(file: path, reason: error.localizedDescription)
    }
    written.append(path)
  }
  return written
}
