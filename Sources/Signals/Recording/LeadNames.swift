import Foundation

/// Lead naming shared by the binary readers.
///
/// Standard spellings: "I", "II", "III", "aVR", "aVL", "aVF", "V1" ... "V6".
enum LeadNames {
  static let standard = ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"]

  /// The standard spelling of a free-text lead label ("Lead I (Einthoven)", "ECG V5", "AVR",
  /// "MDC_ECG_LEAD_aVF"), or nil when the label is not one of the 12 standard leads.
  /// Modified leads such as "MLII" are not mapped.
  static func standardName(forLabel label: String) -> String? {
    var text = label.trimmingCharacters(in: .whitespaces)
    if let paren = text.firstIndex(of: "(") { text = String(text[..<paren]) }
    text = text.trimmingCharacters(in: .whitespaces)
    let lower = text.lowercased()
    for prefix in ["mdc_ecg_lead_", "lead ", "ecg ", "ekg "] where lower.hasPrefix(prefix) {
      text = String(text.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
      break
    }
    let key = text.lowercased()
    return standard.first { $0.lowercased() == key }
  }

  /// The lead named by an SCP-ECG lead identification code (EN 1064 section 3, table of lead codes;
  /// the same numbers follow "MDC_ECG_LEAD_" in ISO/IEEE 11073-10102 and end DICOM's "5.6.3-9-N"
  /// SCPECG code values). Nil for 0 (unspecified) and codes not in this table.
  static func scpLeadName(code: Int) -> String? {
    switch code {
    case 1: return "I"
    case 2: return "II"
    case 3...8: return "V\(code - 2)"
    case 9: return "V7"
    case 10...15: return "V\(code - 8)R"
    case 16: return "X"
    case 17: return "Y"
    case 18: return "Z"
    case 19: return "CC5"
    case 20: return "CM5"
    case 21: return "LA"
    case 22: return "RA"
    case 23: return "LL"
    case 61: return "III"
    case 62: return "aVR"
    case 63: return "aVL"
    case 64: return "aVF"
    case 65: return "-aVR"
    case 66: return "V8"
    case 67: return "V9"
    case 68: return "V8R"
    case 69: return "V9R"
    case 147: return "RL"
    case 151: return "V10"
    default: return nil
    }
  }

  /// The lead code at the end of a DICOM channel source code value: "5.6.3-9-61" (SCPECG) or
  /// "2:61" (MDC), nil when the value has neither form.
  static func leadCode(fromCodeValue value: String) -> Int? {
    let trimmed = value.trimmingCharacters(in: .whitespaces)
    if trimmed.hasPrefix("5.6.3-9-") { return Int(trimmed.dropFirst("5.6.3-9-".count)) }
    if trimmed.hasPrefix("2:") { return Int(trimmed.dropFirst(2)) }
    return nil
  }
}
