import Foundation

/// Philips SierraECG metadata: the DXL program's global measurements, demographics, time.
///
/// Measurements come from the program's cross-lead (global) block: 1.04
/// `internalmeasurements/crossleadmeasurements`, 1.03 `measurements/globalmeasurements`:
/// meanventrate, atrialrate (bpm), meanprint, meanqrsdur, meanqtint, meanqtc (ms), pfrontaxis,
/// qrsfrontaxis, tfrontaxis (degrees). Those are the values the cart prints (they equal the
/// report's `interpretation/globalmeasurements` and the aECG Philips made from the same file);
/// the dominant beat group's `groupmeasurement` (meanrrint for RR, and any value the global block
/// lacks) fills the rest. Values "Failed", "Indeterminate" or empty are nil.
struct PhilipsSierraMetadata {
  var cart: CartMeasurements?
  var demographics: RecordingDemographics
  var acquired: String?

  init(root: XMLTree) {
    let acquisition = root.child("dataacquisition")
    let date = FieldValues.integers(acquisition?.attribute("date"))
    let time = FieldValues.integers(acquisition?.attribute("time"))
    if date.count == 3 {
      acquired = FieldValues.isoDateTime(
        year: date[0], month: date[1], day: date[2],
        time: time.count >= 2 ? (time[0], time[1], time.count > 2 ? time[2] : 0) : nil)
    }
    demographics = Self.demographics(root, acquisitionDate: date.count == 3 ? (date[0], date[1], date[2]) : nil)
    cart = Self.cart(root)
  }

  private static func demographics(_ root: XMLTree, acquisitionDate: (Int, Int, Int)?) -> RecordingDemographics {
    guard let patient = root.path(["patient", "generalpatientdata"]) else { return .init() }
    var age: Double?
    if let ageNode = patient.child("age") {
      if let years = FieldValues.number(ageNode.child("years")?.text), years >= 0, years < 150 {
        age = years
      } else if let months = FieldValues.number(ageNode.child("months")?.text), months >= 0, months < 1800 {
        age = months / 12
      } else if let acquisitionDate {
        let birth = FieldValues.integers(ageNode.child("dateofbirth")?.text)
        if birth.count == 3 {
          age = FieldValues.completedYears(from: (birth[0], birth[1], birth[2]), to: acquisitionDate)
        }
      }
    }
    return RecordingDemographics(
      ageYears: age, sexMale: FieldValues.sexMale(patient.child("sex")?.text),
      patientID: FieldValues.identifier(patient.child("patientid")?.text))
  }

  private static func cart(_ root: XMLTree) -> CartMeasurements? {
    let block = root.child("internalmeasurements") ?? root.child("measurements")
    guard let block else { return nil }
    let global = block.child("crossleadmeasurements") ?? block.child("globalmeasurements")
    let groups = block.child("groupmeasurements")?.children("groupmeasurement") ?? []
    let group = groups.first { $0.attribute("groupnumber") == "1" } ?? groups.first
    func value(_ name: String) -> Double? {
      FieldValues.measurement(global?.child(name)?.text) ?? FieldValues.measurement(group?.child(name)?.text)
    }
    var cart = CartMeasurements()
    let version = block.attribute("custommeasurementversion") ?? block.attribute("measurementversion")
    cart.program = "Philips DXL" + (version.map { " (measurement version \($0))" } ?? "")
    cart.ventricularRateBpm = value("meanventrate")
    cart.atrialRateBpm = value("atrialrate")
    cart.rrMs = FieldValues.measurement(group?.child("meanrrint")?.text)
    cart.prMs = value("meanprint")
    cart.qrsMs = value("meanqrsdur")
    cart.qtMs = value("meanqtint")
    cart.qtcMs = value("meanqtc")
    cart.pAxisDeg = value("pfrontaxis")
    cart.qrsAxisDeg = value("qrsfrontaxis")
    cart.tAxisDeg = value("tfrontaxis")
    var empty = CartMeasurements()
    empty.program = cart.program
    return cart == empty ? nil : cart
  }
}
