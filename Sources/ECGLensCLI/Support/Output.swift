import Core
import Foundation

/// Standard output and standard error, one whole line per write, unbuffered: a table on stdout
/// and progress on stderr never interleave mid-line, even when both go to one file.
enum Console {
  /// Writes `text` and a newline to standard output in one write.
  static func out(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }
  /// Writes `text` and a newline to standard error in one write.
  static func error(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }
}

/// Prints a line to standard error.
func warn(_ message: String) { Console.error(message) }

/// Writes `text` to `path` atomically (`writeFileAtomically`), or to standard output when `path`
/// is nil or "-".
func emit(_ text: String, to path: String?) throws {
  guard let path, path != "-" else {
    FileHandle.standardOutput.write(Data(text.utf8))
    return
  }
  try writeFileAtomically(Data(text.utf8), to: path)
}
