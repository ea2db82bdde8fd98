import Foundation

/// Reader for GE MUSE resting ECG XML exports (root `<RestingECG>`, MUSE 7-9, `restecg.dtd`).
///
/// Signal: the `<Waveform>` whose `WaveformType` is `Rhythm` (10 s); each `<LeadData>` holds
/// `WaveFormData` as Base64 of little-endian signed 16-bit samples, scaled by
/// `LeadAmplitudeUnitsPerBit` in `LeadAmplitudeUnits` (MICROVOLTS, MILLIVOLTS, VOLTS, NANOVOLTS)
/// to mV; the rate is `SampleBase` x 10^`SampleExponent` Hz. MUSE stores I, II and V1-V6 only
/// (derive the rest with `completingTwelveLeads`). `LeadDataCRC32` (zlib CRC-32 of the decoded
/// bytes) is checked; a mismatch is a warning. Measurements: see `GEMuseMeasurements`.
enum GEMuseReader {
  static func read(_ root: XMLTree, path: String) throws(FormatReadError) -> ECGRecording {
    guard root.name == "RestingECG" else {
      throw .unrecognised(file: path, reason: "root element <\(root.name)> is not <RestingECG>")
    }
    let waveformField = "RestingECG/Waveform[WaveformType=Rhythm]"
    guard
      let rhythm = root.children("Waveform").first(where: {
        $0.child("WaveformType")?.trimmedText.lowercased() == "rhythm"
      })
    else {
      throw .malformed(file: path, field: "RestingECG/Waveform", reason: "no Waveform of WaveformType Rhythm")
    }
    let rate = try samplingRate(of: rhythm, path: path, field: waveformField)
    let leadElements = rhythm.children("LeadData")
    if leadElements.isEmpty {
      throw .malformed(file: path, field: waveformField + "/LeadData", reason: "no LeadData elements")
    }
    var warnings: [String] = []
    var leads: [RecordedLead] = []
    for (position, element) in leadElements.enumerated() {
      let field = "\(waveformField)/LeadData[\(position + 1)]"
      leads.append(try readLead(element, path: path, field: field, warnings: &warnings))
    }
    if let first = leads.first, let other = leads.first(where: { $0.samples.count != first.samples.count }) {
      throw .malformed(
        file: path, field: waveformField + "/LeadData",
        reason: "lead \(first.name) has \(first.samples.count) samples, "
          + "lead \(other.name) has \(other.samples.count)")
    }
    let medianRate = root.children("Waveform").first {
      $0.child("WaveformType")?.trimmedText.lowercased() == "median"
    }.flatMap { try? samplingRate(of: $0, path: path, field: "") }
    return ECGRecording(
      name: FieldValues.recordName(path), path: path, format: .geMUSE, samplingRate: rate, leads: leads,
      demographics: GEMuseMeasurements.demographics(root), acquired: GEMuseMeasurements.acquired(root),
      cartMeasurements: GEMuseMeasurements.cart(root, medianRate: medianRate), warnings: warnings)
  }

  /// `SampleBase` x 10^`SampleExponent` in Hz; must lie in (0, 100 000].
  static func samplingRate(of waveform: XMLTree, path: String, field: String) throws(FormatReadError) -> Double {
    let base = try FieldValues.required(waveform.child("SampleBase")?.text, file: path, field: field + "/SampleBase")
    let exponent = FieldValues.number(waveform.child("SampleExponent")?.text) ?? 0
    let rate = base * pow(10, exponent)
    guard rate > 0, rate <= 100_000, abs(exponent) <= 6 else {
      throw .malformed(file: path, field: field + "/SampleBase", reason: "sampling rate \(rate) Hz is impossible")
    }
    return rate
  }

  private static func readLead(
    _ element: XMLTree, path: String, field: String, warnings: inout [String]
  )
    throws(FormatReadError) -> RecordedLead
  {
    guard let label = element.child("LeadID")?.trimmedText, !label.isEmpty else {
      throw .malformed(file: path, field: field + "/LeadID", reason: "missing")
    }
    let name = FieldValues.standardLeadName(label) ?? label
    if FieldValues.standardLeadName(label) == nil {
      warnings.append("MUSE lead label '\(label)' is not a standard lead")
    }
    if let size = FieldValues.number(element.child("LeadSampleSize")?.text), size != 2 {
      throw .unsupported(file: path, feature: "\(field)/LeadSampleSize \(size) (only 2-byte samples)")
    }
    let perBit = try FieldValues.required(
      element.child("LeadAmplitudeUnitsPerBit")?.text, file: path,
      field: field + "/LeadAmplitudeUnitsPerBit")
    guard perBit > 0, perBit < 1e9 else {
      throw .malformed(file: path, field: field + "/LeadAmplitudeUnitsPerBit", reason: "\(perBit) is not positive")
    }
    let units = element.child("LeadAmplitudeUnits")?.trimmedText.uppercased() ?? ""
    let toMillivolts: Double
    switch units {
    case "MICROVOLTS", "UV": toMillivolts = 1e-3
    case "MILLIVOLTS", "MV": toMillivolts = 1
    case "VOLTS", "V": toMillivolts = 1e3
    case "NANOVOLTS", "NV": toMillivolts = 1e-6
    case "":
      toMillivolts = 1e-3
      warnings.append("\(field): no LeadAmplitudeUnits, microvolts assumed")
    default:
      throw .unsupported(file: path, feature: "\(field)/LeadAmplitudeUnits '\(units)'")
    }
    guard let dataText = element.child("WaveFormData")?.text else {
      throw .malformed(file: path, field: field + "/WaveFormData", reason: "missing")
    }
    let bytes = try Base64Decoder.decode(dataText, file: path, field: field + "/WaveFormData")
    if bytes.count % 2 != 0 {
      throw .malformed(file: path, field: field + "/WaveFormData", reason: "odd byte count \(bytes.count)")
    }
    var count = bytes.count / 2
    if let claimedText = element.child("LeadSampleCountTotal")?.text {
      let claimed = try FieldValues.required(claimedText, file: path, field: field + "/LeadSampleCountTotal")
      if claimed < 0 || claimed > Double(count) || claimed != claimed.rounded() {
        throw .malformed(
          file: path, field: field + "/WaveFormData",
          reason: "\(count) samples stored, LeadSampleCountTotal says \(claimedText) (truncated?)")
      }
      if Int(claimed) < count {
        warnings.append("\(field): \(count - Int(claimed)) samples beyond LeadSampleCountTotal ignored")
      }
      count = Int(claimed)
    }
    if let crcText = element.child("LeadDataCRC32")?.trimmedText, let expected = UInt32(crcText),
      CRC32.checksum(bytes) != expected
    {
      warnings.append("\(field): LeadDataCRC32 mismatch (file says \(expected), data gives \(CRC32.checksum(bytes)))")
    }
    for extra in ["LeadOffsetFirstSample", "FirstSampleBaseline"] {
      if let value = FieldValues.number(element.child(extra)?.text), value != 0 {
        warnings.append("\(field)/\(extra) = \(value) ignored")
      }
    }
    let scale = perBit * toMillivolts
    var samples = [Double](repeating: 0, count: count)
    for index in 0..<count {
      let raw = Int16(bitPattern: UInt16(bytes[2 * index]) | UInt16(bytes[2 * index + 1]) << 8)
      samples[index] = Double(raw) * scale
    }
    return RecordedLead(name: name, samples: samples)
  }
}
