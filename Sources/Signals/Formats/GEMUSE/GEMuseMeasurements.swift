import Foundation

/// GE MUSE metadata: the 12SL measurements, demographics and acquisition time.
///
/// `RestingECGMeasurements` (the confirmed values; `OriginalRestingECGMeasurements` when it is
/// absent): VentricularRate, AtrialRate (bpm), PRInterval, QRSDuration, QTInterval, QTCorrected
/// (ms), PAxis, RAxis, TAxis (degrees). POnset, POffset, QOnset, QOffset, TOffset are sample
/// numbers in the median beat at `ECGSampleBase` x 10^`ECGSampleExponent` Hz (the median
/// waveform's rate when absent) and are converted to ms: ms = samples x 1000 / rate.
/// `QRSTimesTypes/GlobalRR` is the mean RR in ms.
enum GEMuseMeasurements {
  static func cart(_ root: XMLTree, medianRate: Double?) -> CartMeasurements? {
    guard let node = root.child("RestingECGMeasurements") ?? root.child("OriginalRestingECGMeasurements") else {
      return nil
    }
    func value(_ name: String) -> Double? { FieldValues.measurement(node.child(name)?.text) }
    var cart = CartMeasurements()
    cart.program = "GE 12SL"
    cart.ventricularRateBpm = value("VentricularRate")
    cart.atrialRateBpm = value("AtrialRate")
    cart.prMs = value("PRInterval")
    cart.qrsMs = value("QRSDuration")
    cart.qtMs = value("QTInterval")
    cart.qtcMs = value("QTCorrected")
    cart.pAxisDeg = value("PAxis")
    cart.qrsAxisDeg = value("RAxis")
    cart.tAxisDeg = value("TAxis")
    cart.rrMs = FieldValues.measurement(root.child("QRSTimesTypes")?.child("GlobalRR")?.text)
    var onsetRate = medianRate
    if let base = value("ECGSampleBase"), base > 0 {
      let exponent = value("ECGSampleExponent") ?? 0
      if abs(exponent) <= 6 { onsetRate = base * pow(10, exponent) }
    }
    if let rate = onsetRate, rate > 0 {
      func milliseconds(_ name: String) -> Double? { value(name).map { $0 * 1000 / rate } }
      cart.pOnsetMs = milliseconds("POnset")
      cart.pOffsetMs = milliseconds("POffset")
      cart.qrsOnsetMs = milliseconds("QOnset")
      cart.qrsOffsetMs = milliseconds("QOffset")
      cart.tOffsetMs = milliseconds("TOffset")
    }
    return cart == CartMeasurements() ? nil : cart
  }

  /// `PatientDemographics`: PatientAge in AgeUnits (YEARS, MONTHS, WEEKS, DAYS, HOURS), Gender,
  /// PatientID.
  static func demographics(_ root: XMLTree) -> RecordingDemographics {
    guard let patient = root.child("PatientDemographics") else { return .init() }
    var age = FieldValues.number(patient.child("PatientAge")?.text)
    let divisor: Double?
    switch patient.child("AgeUnits")?.trimmedText.uppercased() ?? "YEARS" {
    case "YEARS", "": divisor = 1
    case "MONTHS": divisor = 12
    case "WEEKS": divisor = 365.25 / 7
    case "DAYS": divisor = 365.25
    case "HOURS": divisor = 365.25 * 24
    default: divisor = nil
    }
    if let value = age, let divisor, value >= 0, value < 150 * divisor { age = value / divisor } else { age = nil }
    return RecordingDemographics(
      ageYears: age, sexMale: FieldValues.sexMale(patient.child("Gender")?.text),
      patientID: FieldValues.identifier(patient.child("PatientID")?.text))
  }

  /// `TestDemographics/AcquisitionDate` (MM-DD-YYYY) and `AcquisitionTime` (HH:MM:SS) as ISO 8601.
  static func acquired(_ root: XMLTree) -> String? {
    guard let test = root.child("TestDemographics") else { return nil }
    let date = FieldValues.integers(test.child("AcquisitionDate")?.text)
    guard date.count == 3 else { return nil }
    let (year, month, day) = date[0] > 31 ? (date[0], date[1], date[2]) : (date[2], date[0], date[1])
    let time = FieldValues.integers(test.child("AcquisitionTime")?.text)
    let clock = time.count >= 2 ? (time[0], time[1], time.count > 2 ? time[2] : 0) : nil
    return FieldValues.isoDateTime(year: year, month: month, day: day, time: clock)
  }
}
