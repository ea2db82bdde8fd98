import Foundation

/// Writing a file failed: the path and the reason, as the operating system gave it.
public struct FileWriteError: Error, Equatable, Sendable, CustomStringConvertible {
  public let file: String
  public let reason: String
  public init(file: String, reason: String) { self.file = file; self.reason = reason }
  public var description: String { "\(file): cannot write: \(reason)" }
}

/// Writes `data` to `path` so that an interrupted run never leaves a partial file.
///
/// A regular file (or a new path) is written to a temporary file in the same folder and renamed
/// into place. A symbolic link is followed, so the link survives and its target is replaced.
/// Anything else that already exists there (a device such as /dev/null or /dev/stdout, a FIFO)
/// is written to directly: renaming over it would replace the device node itself.
public func writeFileAtomically(_ data: Data, to path: String) throws(FileWriteError) {
  let url = URL(fileURLWithPath: path).resolvingSymlinksInPath()
  do {
    let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
    if let type = attributes?[.type] as? FileAttributeType, type != .typeRegular {
      guard type != .typeDirectory else {
        throw FileWriteError(file: path, reason: "is a directory")
      }
      let handle = try FileHandle(forWritingTo: url)
      defer { try? handle.close() }
      try handle.write(contentsOf: data)
      return
    }
    try data.write(to: url, options: .atomic)
  } catch let error as FileWriteError {
    throw error
  } catch {
    throw FileWriteError(file: path, reason: error.localizedDescription)
  }
}
