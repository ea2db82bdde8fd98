import Foundation

/// Which waveform series of an HL7 aECG to read.
public enum AECGWaveform: Sendable {
  /// The `series` coded RHYTHM (the recorded strip); the default.
  case rhythm
  /// The `derivedSeries` coded REPRESENTATIVE_BEAT (the cart's median beat).
  case representativeBeat
}

/// Reader for HL7 v3 annotated ECG (FDA aECG, root `<AnnotatedECG>` in namespace
/// `urn:hl7-org:v3`; HL7 Version 3 Standard: Annotated ECG, Release 1, 2004).
///
/// Signal: the first `sequenceSet` of the chosen series. Its TIME_ABSOLUTE (`GLIST_TS`) or
/// TIME_RELATIVE (`GLIST_PQ`) sequence gives the sampling interval `increment` (unit s or ms):
/// rate = 1 / increment. Each lead sequence is `SLIST_PQ`: value = origin + scale x digit, origin
/// and scale each in uV, mV or V, converted to mV. Leads are named by their MDC code
/// (MDC_ECG_LEAD_I ... MDC_ECG_LEAD_V6 become "I" ... "V6"; other codes are kept as written).
enum HL7aECGReader {
  static let namespace = "urn:hl7-org:v3"

  static func read(_ root: XMLTree, path: String, waveform: AECGWaveform) throws(FormatReadError) -> ECGRecording {
    guard root.name == "AnnotatedECG" else {
      throw .unrecognised(file: path, reason: "root element <\(root.name)> is not <AnnotatedECG>")
    }
    let allSeries = root.children("component").compactMap { $0.child("series") }
    guard let rhythm = allSeries.first(where: { $0.child("code")?.attribute("code") == "RHYTHM" }) ?? allSeries.first
    else { throw .malformed(file: path, field: "AnnotatedECG/component/series", reason: "missing") }
    var series = rhythm
    var seriesField = "AnnotatedECG/component/series"
    if waveform == .representativeBeat {
      guard
        let beat = allSeries.flatMap(derivedSeries)
          .first(where: { $0.child("code")?.attribute("code") == "REPRESENTATIVE_BEAT" })
      else {
        throw .malformed(
          file: path, field: seriesField + "/derivation/derivedSeries",
          reason: "no REPRESENTATIVE_BEAT series")
      }
      series = beat
      seriesField += "/derivation/derivedSeries"
    }
    var warnings: [String] = []
    let sets = series.children("component").compactMap { $0.child("sequenceSet") }
    guard let set = sets.first else {
      throw .malformed(file: path, field: seriesField + "/component/sequenceSet", reason: "missing")
    }
    if sets.count > 1 { warnings.append("\(seriesField): \(sets.count - 1) further sequenceSet(s) ignored") }
    let setField = seriesField + "/component/sequenceSet"
    var interval: Double?
    var leads: [RecordedLead] = []
    for (position, sequence) in set.children("component").compactMap({ $0.child("sequence") }).enumerated() {
      let field = "\(setField)/component[\(position + 1)]/sequence"
      let code = sequence.child("code")?.attribute("code") ?? ""
      guard let value = sequence.child("value") else {
        throw .malformed(file: path, field: field + "/value", reason: "missing")
      }
      let type = value.attribute("type") ?? ""
      if code.hasPrefix("TIME_") || type == "GLIST_TS" || type == "GLIST_PQ" {
        interval = try samplingInterval(value, path: path, field: field + "/value/increment")
        continue
      }
      guard type == "SLIST_PQ" || type.isEmpty else {
        throw .unsupported(file: path, feature: "\(field)/value of type \(type)")
      }
      let name = FieldValues.standardLeadName(code) ?? code
      if FieldValues.standardLeadName(code) == nil {
        warnings.append("aECG lead code '\(code)' is not a standard lead")
      }
      leads.append(RecordedLead(name: name, samples: try samples(value, path: path, field: field + "/value")))
    }
    guard let interval else {
      throw .malformed(
        file: path, field: setField + "/TIME sequence/increment",
        reason: "missing: no sampling interval, so no sampling rate")
    }
    guard !leads.isEmpty else { throw .malformed(file: path, field: setField, reason: "no lead sequences") }
    if let other = leads.first(where: { $0.samples.count != leads[0].samples.count }) {
      throw .malformed(
        file: path, field: setField,
        reason: "lead \(leads[0].name) has \(leads[0].samples.count) "
          + "samples, lead \(other.name) has \(other.samples.count)")
    }
    let metadata = HL7aECGMetadata(root: root, rhythm: rhythm)
    return ECGRecording(
      name: FieldValues.recordName(path), path: path, format: .hl7aECG, samplingRate: 1 / interval, leads: leads,
      demographics: metadata.demographics, acquired: metadata.acquired, cartMeasurements: metadata.cart,
      warnings: warnings + metadata.warnings)
  }

  /// The derived series of a series (`derivation/derivedSeries`, or directly below it).
  static func derivedSeries(_ series: XMLTree) -> [XMLTree] {
    series.children("derivation").compactMap { $0.child("derivedSeries") } + series.children("derivedSeries")
  }

  /// The `increment` of a time sequence in seconds; must give a rate in (0, 100 000] Hz.
  private static func samplingInterval(
    _ value: XMLTree, path: String, field: String
  )
    throws(FormatReadError) -> Double
  {
    guard let increment = value.child("increment") else {
      throw .malformed(file: path, field: field, reason: "missing")
    }
    let number = try FieldValues.required(increment.attribute("value"), file: path, field: field + "@value")
    guard let seconds = HL7Units.seconds(number, unit: increment.attribute("unit") ?? "s"),
      seconds >= 1e-5, seconds <= 10
    else {
      let unit = increment.attribute("unit") ?? ""
      throw .malformed(file: path, field: field, reason: "sampling interval \(number) \(unit)")
    }
    return seconds
  }

  /// Samples in mV: origin + scale x digit.
  private static func samples(_ value: XMLTree, path: String, field: String) throws(FormatReadError) -> [Double] {
    func quantity(_ name: String, default fallback: Double?) throws(FormatReadError) -> Double {
      guard let node = value.child(name) else {
        if let fallback { return fallback }
        throw .malformed(file: path, field: "\(field)/\(name)", reason: "missing")
      }
      let number = try FieldValues.required(node.attribute("value"), file: path, field: "\(field)/\(name)@value")
      let unit = node.attribute("unit") ?? "uV"
      guard let millivolts = HL7Units.millivolts(number, unit: unit) else {
        throw .unsupported(file: path, feature: "\(field)/\(name) unit '\(unit)'")
      }
      return millivolts
    }
    let origin = try quantity("origin", default: 0)
    let scale = try quantity("scale", default: nil)
    guard scale != 0 else { throw .malformed(file: path, field: field + "/scale", reason: "scale is 0") }
    guard let digits = value.child("digits") else {
      throw .malformed(file: path, field: field + "/digits", reason: "missing")
    }
    let values = try DigitList.parse(digits.text, file: path, field: field + "/digits")
    if values.isEmpty { throw .malformed(file: path, field: field + "/digits", reason: "no samples") }
    return values.map { origin + scale * $0 }
  }
}
