import Foundation

/// HL7 aECG metadata: global measurements from annotations, demographics, acquisition time.
///
/// Measurements: the annotations directly in an `annotationSet` (not those nested in per-beat or
/// per-lead annotations) of the rhythm series, then of its representative-beat series; the first
/// value of each code wins. Codes (ISO/IEEE 11073-10101 MDC): MDC_ECG_HEART_RATE (bpm),
/// MDC_ECG_TIME_PD_RR, _PR (or _PQ), _P, _QRS, _QT, _QTc (else _QTcB, _QTcF, _QTcH) in ms (a
/// missing unit is read as ms), MDC_ECG_ANGLE_P_FRONT, _QRS_FRONT, _T_FRONT (degrees). Global
/// wave boundaries of the representative beat (MDC_ECG_WAVC_PWAVE, _QRSWAVE, _TWAVE with a
/// TIME_RELATIVE IVL_PQ `low` = onset, `high` = offset, and no lead) give the onsets/offsets.
struct HL7aECGMetadata {
  var cart: CartMeasurements?
  var demographics: RecordingDemographics
  var acquired: String?
  var warnings: [String] = []

  init(root: XMLTree, rhythm: XMLTree) {
    let time = Self.timestamp(root.child("effectiveTime")) ?? Self.timestamp(rhythm.child("effectiveTime"))
    acquired = time.flatMap {
      FieldValues.isoDateTime(year: $0[0], month: $0[1], day: $0[2], time: ($0[3], $0[4], $0[5]))
    }
    demographics = Self.demographics(root, acquisition: time)
    let beatSets = HL7aECGReader.derivedSeries(rhythm).flatMap(Self.annotationSets)
    let sets = Self.annotationSets(of: rhythm) + beatSets
    var values: [String: Double] = [:]
    for set in sets {
      for annotation in set.children("component").compactMap({ $0.child("annotation") }) {
        guard let code = annotation.child("code")?.attribute("code"), values[code] == nil,
          let value = annotation.child("value"), let number = FieldValues.measurement(value.attribute("value"))
        else { continue }
        let unit = value.attribute("unit")
        if code.hasPrefix("MDC_ECG_TIME_PD_") {
          if unit == nil || unit == "" { warnings.append("aECG \(code) has no unit; ms assumed") }
          if let ms = HL7Units.milliseconds(number, unit: unit) { values[code] = ms }
        } else {
          values[code] = number
        }
      }
    }
    var cart = CartMeasurements()
    cart.ventricularRateBpm = values["MDC_ECG_HEART_RATE"]
    cart.rrMs = values["MDC_ECG_TIME_PD_RR"]
    cart.prMs = values["MDC_ECG_TIME_PD_PR"] ?? values["MDC_ECG_TIME_PD_PQ"]
    cart.pDurationMs = values["MDC_ECG_TIME_PD_P"]
    cart.qrsMs = values["MDC_ECG_TIME_PD_QRS"]
    cart.qtMs = values["MDC_ECG_TIME_PD_QT"]
    cart.qtcMs = ["QTc", "QTcB", "QTcF", "QTcH"].lazy.compactMap { values["MDC_ECG_TIME_PD_" + $0] }.first
    cart.pAxisDeg = values["MDC_ECG_ANGLE_P_FRONT"]
    cart.qrsAxisDeg = values["MDC_ECG_ANGLE_QRS_FRONT"]
    cart.tAxisDeg = values["MDC_ECG_ANGLE_T_FRONT"]
    Self.addWaveBoundaries(beatSets, to: &cart)
    if cart != CartMeasurements() {
      cart.program = Self.program(sets: sets, rhythm: rhythm)
      self.cart = cart
    }
  }

  private static func annotationSets(of series: XMLTree) -> [XMLTree] {
    series.children("subjectOf").compactMap { $0.child("annotationSet") }
  }

  private static func addWaveBoundaries(_ sets: [XMLTree], to cart: inout CartMeasurements) {
    for annotation in sets.flatMap({ $0.children("component").compactMap { $0.child("annotation") } }) {
      guard let wave = annotation.child("value")?.attribute("code"), let support = annotation.child("support"),
        !support.descendants("code").contains(where: { $0.attribute("code")?.hasPrefix("MDC_ECG_LEAD_") == true }),
        let boundary = support.descendants("boundary").first(where: {
          $0.child("code")?.attribute("code") == "TIME_RELATIVE"
        }), let interval = boundary.child("value")
      else { continue }
      func ms(_ name: String) -> Double? {
        guard let node = interval.child(name), let value = FieldValues.number(node.attribute("value")) else {
          return nil
        }
        return HL7Units.milliseconds(value, unit: node.attribute("unit"))
      }
      switch wave {
      case "MDC_ECG_WAVC_PWAVE" where ms("high") != nil:
        cart.pOnsetMs = cart.pOnsetMs ?? ms("low"); cart.pOffsetMs = cart.pOffsetMs ?? ms("high")
      case "MDC_ECG_WAVC_QRSWAVE" where ms("high") != nil:
        cart.qrsOnsetMs = cart.qrsOnsetMs ?? ms("low"); cart.qrsOffsetMs = cart.qrsOffsetMs ?? ms("high")
      case "MDC_ECG_WAVC_TWAVE":
        cart.tOffsetMs = cart.tOffsetMs ?? ms("high")
      default:
        continue
      }
    }
  }

  /// "organisation model (software)" of the annotating device, else of the series' device.
  private static func program(sets: [XMLTree], rhythm: XMLTree) -> String? {
    var device = sets.lazy.compactMap { $0.child("author")?.firstDescendant("assignedDevice") }.first
    var organisation =
      device?.firstDescendant("manufacturerOrganization")?.child("name")
      ?? device?.child("playedManufacturedDevice")?.child("name")
    if device == nil {
      let author = rhythm.child("author")?.child("seriesAuthor")
      device = author?.child("manufacturedSeriesDevice")
      organisation = author?.child("manufacturerOrganization")?.child("name")
    }
    let parts = [organisation?.trimmedText, device?.child("manufacturerModelName")?.trimmedText]
      .compactMap { $0 }.filter { !$0.isEmpty }
    let software = device?.child("softwareName")?.trimmedText ?? ""
    let name = parts.joined(separator: " ") + (software.isEmpty ? "" : " (\(software))")
    return name.isEmpty ? nil : name.trimmingCharacters(in: .whitespaces)
  }

  /// [year, month, day, hour, minute, second] from an HL7 TS "YYYYMMDD[hhmm[ss[.fff]]][+zzzz]".
  static func timestamp(_ effectiveTime: XMLTree?) -> [Int]? {
    guard let node = effectiveTime?.child("low") ?? effectiveTime?.child("center"),
      let text = node.attribute("value")
    else { return nil }
    let digits = Array(text.prefix { $0.isNumber })
    guard digits.count >= 8 else { return nil }
    func field(_ start: Int, _ length: Int) -> Int {
      start + length <= digits.count ? Int(String(digits[start..<(start + length)])) ?? 0 : 0
    }
    return [field(0, 4), field(4, 2), field(6, 2), field(8, 2), field(10, 2), field(12, 2)]
  }

  private static func demographics(_ root: XMLTree, acquisition: [Int]?) -> RecordingDemographics {
    let person = root.firstDescendant("subjectDemographicPerson")
    let sex = FieldValues.sexMale(person?.child("administrativeGenderCode")?.attribute("code"))
    var age: Double?
    let reported = root.children("controlVariable").compactMap { $0.child("relatedObservation") }
      .first { $0.child("code")?.attribute("code") == "21612-7" }?.child("value")
    if let reported, let value = FieldValues.number(reported.attribute("value")) {
      let perYear: [String: Double] = ["a": 1, "mo": 12, "wk": 365.25 / 7, "d": 365.25, "h": 8766]
      if let divisor = perYear[reported.attribute("unit") ?? "a"], value >= 0 { age = value / divisor }
    }
    if age == nil, let acquisition, let birth = person?.child("birthTime")?.attribute("value"), birth.count >= 8 {
      let digits = Array(birth.prefix(8))
      if let year = Int(String(digits[0..<4])), let month = Int(String(digits[4..<6])),
        let day = Int(String(digits[6..<8]))
      {
        age = FieldValues.completedYears(from: (year, month, day), to: (acquisition[0], acquisition[1], acquisition[2]))
      }
    }
    let subject = root.firstDescendant("trialSubject")?.child("id")
    let id = FieldValues.identifier(subject?.attribute("extension") ?? subject?.attribute("root"))
    return RecordingDemographics(ageYears: age, sexMale: sex, patientID: id)
  }
}
