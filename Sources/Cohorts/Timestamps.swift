/// Seconds since 1970-01-01 00:00 (no time zone: hospital tables store local times, and only
/// differences between times of one source matter) of "YYYY-MM-DD", "YYYY-MM-DD HH:MM",
/// "YYYY-MM-DD HH:MM:SS" or with fractional seconds, "T" or a space between date and time.
/// MIMIC's shifted years (2100-2200) are fine. Nil when the text is not such a time.
public func parseTimestamp(_ text: String) -> Double? {
  let b = Array(text.utf8)
  func digits(_ at: Int, _ n: Int) -> Int? {
    guard at + n <= b.count else { return nil }
    var v = 0
    for i in at..<(at + n) {
      guard b[i] >= 48, b[i] <= 57 else { return nil }
      v = v * 10 + Int(b[i] - 48)
    }
    return v
  }
  guard b.count >= 10, b[4] == 45, b[7] == 45, let y = digits(0, 4), let m = digits(5, 2), let d = digits(8, 2),
    (1...12).contains(m), (1...31).contains(d)
  else { return nil }
  var seconds = 0.0
  if b.count > 10 {
    guard b[10] == 32 || b[10] == 84, let hh = digits(11, 2), b.count >= 16, b[13] == 58, let mm = digits(14, 2),
      hh < 24, mm < 60
    else { return nil }
    seconds = Double(hh * 3600 + mm * 60)
    if b.count > 16 {
      guard b[16] == 58, let ss = digits(17, 2), ss < 61 else { return nil }
      seconds += Double(ss)
      if b.count > 19 {
        guard b[19] == 46, b.count > 20, let frac = digits(20, b.count - 20) else { return nil }
        seconds += Double(frac) / pow10(b.count - 20)
      }
    }
  }
  // Days from civil (Howard Hinnant's algorithm), proleptic Gregorian.
  let yy = m <= 2 ? y - 1 : y
  let era = (yy >= 0 ? yy : yy - 399) / 400
  let yoe = yy - era * 400
  let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
  let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
  let days = era * 146_097 + doe - 719_468
  return Double(days) * 86_400 + seconds
}

private func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { r, _ in r * 10 } }
