/// The items of a comma-separated option value, trimmed, without empty items.
func list(_ text: String) -> [String] {
  text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}

/// Whole numbers of a comma-separated option value.
func integers(_ text: String?, _ option: String) throws -> [Int] {
  guard let text else { throw CLIError("\(option) is required with --fold-column") }
  return try list(text).map { s in
    guard let v = Int(s) else { throw CLIError("\(option): \(s) is not a whole number") }
    return v
  }
}
