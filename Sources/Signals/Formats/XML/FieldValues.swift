import Foundation

/// Reading numbers, lead names, dates and ages out of element text, shared by the readers.
enum FieldValues {
  /// The number in `text` (surrounding white space ignored), nil when absent or not a number.
  static func number(_ text: String?) -> Double? {
    guard let text else { return nil }
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmed.isEmpty, let value = Double(trimmed), value.isFinite else { return nil }
    return value
  }

  /// A cart measurement: nil when absent, not a number ("Failed", "Indeterminate", empty) or a
  /// "not measured" sentinel (29999, 32767, -32768, -32767 as carts and MUSE write them).
  static func measurement(_ text: String?) -> Double? {
    guard let value = number(text) else { return nil }
    return [29999, 32767, -32768, -32767].contains(value) ? nil : value
  }

  /// A number the reader cannot do without: missing or unreadable is a `malformed` error.
  static func required(_ text: String?, file: String, field: String) throws(FormatReadError) -> Double {
    guard let text else { throw .malformed(file: file, field: field, reason: "missing") }
    guard let value = number(text) else {
      throw .malformed(file: file, field: field, reason: "'\(text.prefix(40))' is not a number")
    }
    return value
  }

  /// The standard spelling of a lead label (`LeadNames.standardName(forLabel:)`).
  static func standardLeadName(_ label: String) -> String? { LeadNames.standardName(forLabel: label) }

  /// ISO 8601 local date-time "YYYY-MM-DDThh:mm:ss" (time part omitted when unknown).
  static func isoDateTime(year: Int, month: Int, day: Int, time: (Int, Int, Int)?) -> String? {
    guard (1...9999).contains(year), (1...12).contains(month), (1...31).contains(day) else { return nil }
    let date = String(format: "%04d-%02d-%02d", year, month, day)
    guard let (hour, minute, second) = time else { return date }
    guard (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return date }
    return date + String(format: "T%02d:%02d:%02d", hour, minute, second)
  }

  /// Integers of a date or time written with separators ("2008-12-23", "07:27:34", "12-01-2011").
  static func integers(_ text: String?) -> [Int] {
    guard let text else { return [] }
    return text.split { !$0.isNumber }.compactMap { Int($0) }
  }

  /// Whole years from a birth date to a later date, both (year, month, day).
  static func completedYears(from birth: (Int, Int, Int), to date: (Int, Int, Int)) -> Double? {
    var years = date.0 - birth.0
    if (date.1, date.2) < (birth.1, birth.2) { years -= 1 }
    return years >= 0 && years < 150 ? Double(years) : nil
  }

  /// 1 male, 0 female from "Male"/"M"/"MALE", "Female"/"F"; nil otherwise.
  static func sexMale(_ text: String?) -> Int? {
    switch text?.trimmingCharacters(in: .whitespaces).uppercased() {
    case "M", "MALE": return 1
    case "F", "FEMALE": return 0
    default: return nil
    }
  }

  /// An identifier as written, surrounding white space removed; nil when absent or blank.
  static func identifier(_ text: String?) -> String? {
    guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
    return trimmed
  }

  /// The file name without directory and extension, used as the recording's name.
  static func recordName(_ path: String) -> String {
    let file = path.split(separator: "/").last.map(String.init) ?? path
    guard let dot = file.lastIndex(of: "."), dot != file.startIndex else { return file }
    return String(file[..<dot])
  }
}
