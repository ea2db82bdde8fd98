/// SCP-ECG section 7 (global measurements) and section 8 (textual interpretation), EN 1064:2005
/// clauses 5.10 and 5.11.
enum SCPMeasurementSections {
  /// EN 1064's "not computed" value.
  static let notComputed = 29999

  /// Section 7: number of measurement blocks (1), pacemaker spikes (1), average RR (2, ms), average PP (2, ms),
  /// then 16-byte blocks: P onset, P offset, QRS onset, QRS offset, T offset (ms in the reference beat),
  /// P, QRS, T axes (degrees, signed); block 1 describes reference beat type 0. After the spikes
  /// (4 + 6 bytes each) and the QRS type list (2 + n bytes): ventricular rate (bpm), atrial rate (bpm),
  /// QTc (ms), formula type (1). 29999 (and, for rates and QTc, 0) means not computed.
  /// Derived here: PR = QRS onset - P onset, P duration = P offset - P onset, QRS = QRS offset - QRS onset,
  /// QT = T offset - QRS onset.
  static func measurements(
    _ c: SCPContainer, _ s: SCPContainer.Section, program: String?
  )
    throws(FormatReadError) -> CartMeasurements?
  {
    let v = c.view
    let blocks = try v.u8(s.bodyStart, "SCP section 7: number of measurement blocks")
    let spikes = try v.u8(s.bodyStart + 1, "SCP section 7: number of pacemaker spikes")
    var m = CartMeasurements()
    m.program = program
    m.rrMs = positive(try v.u16(s.bodyStart + 2, "SCP section 7: average RR interval"))
    var at = s.bodyStart + 6
    if blocks > 0 {
      guard at + 16 <= s.bodyEnd else {
        throw v.malformed("SCP section 7: measurement block 1", "16 bytes do not fit the section")
      }
      let f = "SCP section 7: measurement block 1"
      m.pOnsetMs = value(try v.u16(at, f + " P onset"))
      m.pOffsetMs = value(try v.u16(at + 2, f + " P offset"))
      m.qrsOnsetMs = value(try v.u16(at + 4, f + " QRS onset"))
      m.qrsOffsetMs = value(try v.u16(at + 6, f + " QRS offset"))
      m.tOffsetMs = value(try v.u16(at + 8, f + " T offset"))
      m.pAxisDeg = axis(try v.i16(at + 10, f + " P axis"))
      m.qrsAxisDeg = axis(try v.i16(at + 12, f + " QRS axis"))
      m.tAxisDeg = axis(try v.i16(at + 14, f + " T axis"))
    }
    at += 16 * blocks + 10 * spikes
    if at + 2 <= s.bodyEnd {
      let qrsCount = try v.u16(at, "SCP section 7: number of QRS complexes")
      at += 2 + qrsCount
      if at + 7 <= s.bodyEnd {
        m.ventricularRateBpm = positive(try v.u16(at, "SCP section 7: ventricular rate"))
        m.atrialRateBpm = positive(try v.u16(at + 2, "SCP section 7: atrial rate"))
        m.qtcMs = positive(try v.u16(at + 4, "SCP section 7: QTc"))
      }
    }
    m.prMs = difference(m.qrsOnsetMs, m.pOnsetMs)
    m.pDurationMs = difference(m.pOffsetMs, m.pOnsetMs)
    m.qrsMs = difference(m.qrsOffsetMs, m.qrsOnsetMs)
    m.qtMs = difference(m.tOffsetMs, m.qrsOnsetMs)
    return m == CartMeasurements(program: program) ? nil : m
  }

  /// Section 8: confirmed flag (1), date (4), time (3), number of statements (1), then per statement a
  /// sequence number (1), a length (2) and the text.
  static func statements(_ c: SCPContainer, _ s: SCPContainer.Section) throws(FormatReadError) -> [String] {
    let v = c.view
    let count = try v.u8(s.bodyStart + 8, "SCP section 8: number of statements")
    var at = s.bodyStart + 9
    var texts: [String] = []
    for k in 0..<count {
      let length = try v.u16(at + 1, "SCP section 8: statement \(k + 1) length")
      guard at + 3 <= s.bodyEnd, length <= s.bodyEnd - (at + 3) else {
        throw v.malformed("SCP section 8: statement \(k + 1)", "length \(length) runs past the section end")
      }
      texts.append(latin1Text(v.bytes[(at + 3)..<(at + 3 + length)]))
      at += 3 + length
    }
    return texts
  }

  private static func value(_ raw: Int) -> Double? {
    raw == notComputed || raw == 0xFFFF ? nil : Double(raw)
  }

  /// Rates and QTc: 0 means "not given".
  private static func positive(_ raw: Int) -> Double? {
    raw == 0 ? nil : value(raw)
  }

  private static func axis(_ raw: Int) -> Double? {
    raw == notComputed || raw < -360 || raw > 360 ? nil : Double(raw)
  }

  private static func difference(_ a: Double?, _ b: Double?) -> Double? {
    guard let a, let b, a >= b else { return nil }
    return a - b
  }
}

extension CartMeasurements {
  init(program: String?) {
    self.init()
    self.program = program
  }
}
