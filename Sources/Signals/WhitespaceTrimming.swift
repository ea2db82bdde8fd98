extension StringProtocol {
  /// The text without its leading and trailing white space (Unicode `White_Space`: spaces, tabs,
  /// line ends), as Foundation's `trimmingCharacters(in: .whitespacesAndNewlines)` gives it but
  /// without going through `NSString` (header parsing spent a twentieth of `ecglens extract`'s
  /// time there).
  var trimmingWhiteSpace: Substring {
    let text = Substring(self)
    guard let first = text.firstIndex(where: { !$0.isWhiteSpace }) else { return text[text.endIndex...] }
    let last = text.lastIndex(where: { !$0.isWhiteSpace })!
    return text[first...last]
  }
}

extension Character {
  /// Every scalar is Unicode `White_Space` (a CR LF pair is one character).
  fileprivate var isWhiteSpace: Bool { unicodeScalars.allSatisfy(\.properties.isWhitespace) }
}
