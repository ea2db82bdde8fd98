import Foundation

/// Age and sex written in a WFDB header's comment lines.
public struct HeaderDemographics: Sendable, Equatable {
  /// Years; ">89" (de-identified ages) reads as 90.
  public var age: Double?
  /// 1 male, 0 female.
  public var sexMale: Int?
  public init(age: Double? = nil, sexMale: Int? = nil) { self.age = age; self.sexMale = sexMale }
}

/// Reads age and sex from header comments in the spellings PhysioNet databases use:
/// `<age>: 51` / `<sex>: F` (LUDB), `Age: 85` / `Sex: Male` (PhysioNet/CinC Challenge 2020-21,
/// Chapman-Shaoxing, Georgia), and the MIT-BIH first comment `69 M 1085 1629 x1` (age, sex,
/// then recording details). Anything else leaves the field nil; "?" or "-1" means unknown.
public func headerDemographics(comments: [String]) -> HeaderDemographics {
  var d = HeaderDemographics()
  func age(_ s: Substring) -> Double? {
    let t = s.trimmingWhiteSpace
    if t.hasPrefix(">"), let v = Double(t.dropFirst()) { return v + 1 }
    guard let v = Double(t), v >= 0, v < 130 else { return nil }
    return v
  }
  func sex(_ s: Substring) -> Int? {
    switch s.trimmingWhiteSpace.lowercased() {
    case "m", "male": return 1
    case "f", "female": return 0
    default: return nil
    }
  }
  for line in comments {
    let text = line.trimmingWhiteSpace
    if let colon = text.firstIndex(of: ":") {
      let key = text[..<colon].lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "<> "))
      let value = text[text.index(after: colon)...]
      if key == "age" { d.age = d.age ?? age(value) }
      if key == "sex" || key == "gender" { d.sexMale = d.sexMale ?? sex(value) }
      continue
    }
    // MIT-BIH: "69 M 1085 1629 x1".
    let words = text.split(separator: " ")
    if d.age == nil, d.sexMale == nil, words.count >= 2, let a = age(words[0]), let s = sex(words[1]) {
      d.age = a; d.sexMale = s
    }
  }
  return d
}
