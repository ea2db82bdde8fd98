import Foundation

/// Progress on standard error when it is a terminal: one line rewritten in place at most twice
/// a second; notes (warnings, skipped inputs) are printed on lines of their own.
final class Progress {
  let label: String
  let enabled = isatty(2) == 1
  private var last = Date.distantPast
  private var showing = false

  init(label: String) { self.label = label }

  /// Replaces the progress line (on a terminal only).
  func update(_ text: String) {
    guard enabled, Date().timeIntervalSince(last) > 0.5 else { return }
    last = Date()
    FileHandle.standardError.write(Data("\r\(label): \(text)   ".utf8))
    showing = true
  }

  /// A line of its own, after clearing the progress line.
  func note(_ text: String) {
    if showing { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)); showing = false }
    warn(text)
  }

  /// Ends the progress line.
  func finish() {
    if showing { FileHandle.standardError.write(Data("\n".utf8)); showing = false }
  }
}
