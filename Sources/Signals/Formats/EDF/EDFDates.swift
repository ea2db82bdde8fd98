/// Start date-time and patient subfields of EDF / EDF+ headers.
enum EDFDates {
  static let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]

  /// "YYYY-MM-DDThh:mm:ss" from "dd.mm.yy" and "hh.mm.ss". Two-digit years follow the EDF clipping rule
  /// (85-99 -> 19yy, 00-84 -> 20yy) unless the recording field carries an EDF+ "Startdate dd-MMM-yyyy"
  /// with the same day, month and last two year digits, whose four-digit year is then used
  /// (EDF+ specification 2.1.3.2). Nil when the fields are not dates.
  static func start(_ header: EDFHeader) -> String? {
    let d = header.startDate.split(separator: ".").compactMap { Int($0) }
    let t = header.startTime.split(separator: ".").compactMap { Int($0) }
    guard d.count == 3, t.count == 3, (1...31).contains(d[0]), (1...12).contains(d[1]), (0...99).contains(d[2]),
      (0...23).contains(t[0]), (0...59).contains(t[1]), (0...60).contains(t[2])
    else { return nil }
    var year = d[2] >= 85 ? 1900 + d[2] : 2000 + d[2]
    let words = header.recording.split(separator: " ")
    if words.count >= 2, words[0] == "Startdate", let plus = edfPlusDate(String(words[1])),
      plus.day == d[0], plus.month == d[1], plus.year % 100 == d[2]
    {
      year = plus.year
    }
    return pad(year, 4) + "-" + pad(d[1], 2) + "-" + pad(d[0], 2) + "T" + pad(t[0], 2) + ":" + pad(t[1], 2) + ":"
      + pad(t[2], 2)
  }

  /// "dd-MMM-yyyy" (EDF+ date), nil for "X" or anything else.
  static func edfPlusDate(_ text: String) -> (day: Int, month: Int, year: Int)? {
    let parts = text.split(separator: "-")
    guard parts.count == 3, let day = Int(parts[0]), let index = months.firstIndex(of: parts[1].uppercased()),
      let year = Int(parts[2]), parts[2].count == 4, (1...31).contains(day)
    else { return nil }
    return (day, index + 1, year)
  }

  /// EDF+ patient subfields "code sex birthdate name ...": sex "M"/"F"; age in whole years from the
  /// birthdate to the start date. Plain EDF's patient field is free text and gives nothing.
  static func patient(_ header: EDFHeader, start: String?) -> RecordingDemographics {
    guard header.isEDFPlus else { return RecordingDemographics() }
    let words = header.patient.split(separator: " ").map(String.init)
    var result = RecordingDemographics()
    if words.count >= 2 {
      result.sexMale = words[1] == "M" ? 1 : words[1] == "F" ? 0 : nil
    }
    if words.count >= 3, let birth = edfPlusDate(words[2]), let start, start.count >= 10,
      let year = Int(start.prefix(4)), let month = Int(start.dropFirst(5).prefix(2)),
      let day = Int(start.dropFirst(8).prefix(2))
    {
      let years = year - birth.year - ((month, day) < (birth.month, birth.day) ? 1 : 0)
      if years >= 0 { result.ageYears = Double(years) }
    }
    return result
  }
}
