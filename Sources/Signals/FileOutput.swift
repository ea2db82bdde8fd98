import Foundation

/// Writes `data` to `path` so that an interrupted run never leaves a partial file.
///
/// A regular file (or a new path) is written to a temporary file in the same folder and renamed
/// into place. A symbolic link is followed, so the link survives and its target is replaced.
/// Anything else that already exists there (a device such as /dev/null or /dev/stdout, a FIFO)
/// is written to directly: renaming over it would replace the device node itself.
public func writeFileAtomically(_ data: Data, to path: String) throws(SignalsError) {
  let url = URL(fileURLWithPath: path).resolvingSymlinksInPath()
  do {
    let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
    if let type = attributes?[.type] as? FileAttributeType, type != .typeRegular {
      guard type != .typeDirectory else {
        throw SignalsError.writeFailed(file: path, reason: "is a directory")
      }
      let handle = try FileHandle(forWritingTo: url)
      defer { try? handle.close() }
      try handle.write(contentsOf: data)
      return
    }
    try data.write(to: url, options: .atomic)
  } catch let error as SignalsError {
    throw error
  } catch {
    throw .writeFailed(file: path, reason: error.localizedDescription)
  }
}
