/// SCP-ECG section 1: patient data and ECG acquisition data as tagged fields
/// (EN 1064:2005 clause 5.5): tag (1 byte), length (2 bytes), value; tag 255 ends the list.
struct SCPPatientSection: Sendable {
  var ageYears: Double?
  var birthDate: (year: Int, month: Int, day: Int)?
  var sexMale: Int?
  /// Tag 2: the patient identification number, nil when absent or blank.
  var patientID: String?
  var acquisitionDate: (year: Int, month: Int, day: Int)?
  var acquisitionTime: (hour: Int, minute: Int, second: Int)?
  /// Tag 14: model description of the acquiring device (6 bytes, e.g. "ELI250").
  var deviceModel: String?
  /// Tag 14: manufacturer trade name (last text field).
  var deviceManufacturer: String?

  init() {}

  init(_ c: SCPContainer, _ s: SCPContainer.Section) throws(FormatReadError) {
    let v = c.view
    var at = s.bodyStart
    while at < s.bodyEnd {
      let tag = try v.u8(at, "SCP section 1: tag at offset \(at)")
      if tag == 255 { break }
      let length = try v.u16(at + 1, "SCP section 1: tag \(tag) length")
      let value = at + 3
      guard value <= s.bodyEnd, length <= s.bodyEnd - value else {
        throw v.malformed("SCP section 1: tag \(tag)", "length \(length) runs past the section end")
      }
      try read(tag: tag, at: value, length: length, v)
      at = value + length
    }
  }

  private mutating func read(tag: Int, at: Int, length: Int, _ v: ByteView) throws(FormatReadError) {
    let field = "SCP section 1: tag \(tag)"
    switch tag {
    case 2 where length >= 1:
      let id = try v.text(at, length, field + " patient id")
      patientID = id.isEmpty ? nil : id
    case 4 where length >= 3:
      let amount = try v.u16(at, field + " age")
      let unit = try v.u8(at + 2, field + " age unit")
      let perYear: [Int: Double] = [1: 1, 2: 12, 3: 365.25 / 7, 4: 365.25, 5: 365.25 * 24]
      if amount > 0, let divisor = perYear[unit] { ageYears = Double(amount) / divisor }
    case 5 where length >= 4:
      birthDate = try date(at, v, field)
    case 8 where length >= 1:
      switch try v.u8(at, field + " sex") {
      case 1: sexMale = 1
      case 2: sexMale = 0
      default: sexMale = nil
      }
    case 14 where length >= 36:
      deviceModel = try v.text(at + 8, 6, field + " model description")
      deviceManufacturer = try deviceStrings(at: at, length: length, v, field).last
    case 25 where length >= 4:
      acquisitionDate = try date(at, v, field)
    case 26 where length >= 3:
      acquisitionTime = (
        try v.u8(at, field + " hour"), try v.u8(at + 1, field + " minute"),
        try v.u8(at + 2, field + " second")
      )
    default:
      break
    }
  }

  private func date(
    _ at: Int, _ v: ByteView, _ field: String
  ) throws(FormatReadError)
    -> (year: Int, month: Int, day: Int)?
  {
    let year = try v.u16(at, field + " year")
    let month = try v.u8(at + 2, field + " month")
    let day = try v.u8(at + 3, field + " day")
    guard year > 0, (1...12).contains(month), (1...31).contains(day) else { return nil }
    return (year, month, day)
  }

  /// The NUL-terminated strings after tag 14's fixed part: analysing program revision (length-prefixed
  /// at byte 35), serial number, system software, SCP implementation software, manufacturer.
  private func deviceStrings(
    at: Int, length: Int, _ v: ByteView, _ field: String
  ) throws(FormatReadError)
    -> [String]
  {
    let revisionLength = try v.u8(at + 35, field + " analysing program revision length")
    var cursor = at + 36 + revisionLength
    let end = at + length
    var strings: [String] = []
    while cursor < end {
      var stop = cursor
      while stop < end, v.bytes[stop] != 0 { stop += 1 }
      strings.append(latin1Text(v.bytes[cursor..<stop]))
      cursor = stop + 1
    }
    return strings
  }

  /// "YYYY-MM-DDThh:mm:ss" when both acquisition date and time are present, the date alone otherwise.
  var acquiredISO: String? {
    guard let d = acquisitionDate else { return nil }
    let date = pad(d.year, 4) + "-" + pad(d.month, 2) + "-" + pad(d.day, 2)
    guard let t = acquisitionTime, t.hour < 24, t.minute < 60, t.second < 61 else { return date }
    return date + "T" + pad(t.hour, 2) + ":" + pad(t.minute, 2) + ":" + pad(t.second, 2)
  }

  /// Age in years: tag 4 when given, else from the birth date and acquisition date.
  var effectiveAgeYears: Double? {
    if let ageYears { return ageYears }
    guard let b = birthDate, let d = acquisitionDate else { return nil }
    var years = d.year - b.year
    if (d.month, d.day) < (b.month, b.day) { years -= 1 }
    return years >= 0 ? Double(years) : nil
  }
}

/// Zero-padded decimal.
func pad(_ value: Int, _ width: Int) -> String {
  let digits = String(value)
  return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
