import Foundation

/// Reads DICOM 12-lead ECG Waveform Storage and General ECG Waveform Storage files
/// (PS3.3 C.10.9 Waveform module, A.34) into an `ECGRecording`.
///
/// One multiplex group of the Waveform Sequence (5400,0100) is read: the first rhythm group
/// (Multiplex Group Label containing "RHYTHM" or Waveform Originality ORIGINAL) with at least 12
/// channels, else the group with most channels; the choice is stated in `warnings` when there are
/// several groups. Sample value in mV = (raw * ChannelSensitivity * ChannelSensitivityCorrectionFactor
/// + ChannelBaseline) * (units of ChannelSensitivityUnitsSequence: uV 0.001, mV 1, V 1000), the
/// baseline being in sensitivity units (PS3.3 C.10.9.1.4.3); raw values equal to
/// WaveformPaddingValue (5400,100A) become NaN, except a padding value of 0, which is the signal's zero
/// level and is ignored with a warning (ECG Toolkit writes 0 there).
public enum DICOMECGReader {
  /// Reads a DICOM Part 10 file's bytes (explicit or implicit VR little endian).
  /// - Returns: samples in mV at SamplingFrequency (Hz); age, sex, acquisition date-time; cart
  ///   measurements from the Waveform Annotation Sequence (ms, degrees, bpm) where present.
  public static func read(_ data: Data, path: String) throws(FormatReadError) -> ECGRecording {
    let view = ByteView(data, file: fileLabel(path))
    let file = try DICOMFile(view: view)
    let ds = file.dataset
    var warnings: [String] = []
    let groups = ds.items(0x5400_0100)
    guard !groups.isEmpty else {
      throw view.malformed("DICOM (5400,0100) WaveformSequence", "missing or empty")
    }
    let chosen = chooseGroup(groups)
    if groups.count > 1 {
      let label = groups[chosen].string(0x003A_0020) ?? ""
      warnings.append(
        "DICOM WaveformSequence has \(groups.count) multiplex groups; read group \(chosen + 1) "
          + "\"\(label)\" with \(channelCount(groups[chosen])) channels")
    }
    let (rate, leads, groupWarnings) = try DICOMWaveformGroup.decode(groups[chosen], number: chosen + 1, view: view)
    warnings += groupWarnings
    let acquired = acquisitionTime(ds)
    var years = ageYears(ds.string(0x0010_1010))
    if years == nil, let birth = ds.string(0x0010_0030), let acquired { years = age(birth: birth, on: acquired) }
    let sex: Int? =
      switch ds.string(0x0010_0040)?.uppercased() {
      case "M": 1
      case "F": 0
      default: nil
      }
    let measurements = DICOMAnnotations.measurements(ds, groups: groups, program: program(ds), warnings: &warnings)
    return ECGRecording(
      name: recordingName(path), path: path, format: .dicom, samplingRate: rate, leads: leads,
      demographics: RecordingDemographics(
        ageYears: years, sexMale: sex, patientID: ds.string(0x0010_0020).flatMap { $0.isEmpty ? nil : $0 }),
      acquired: acquired,
      cartMeasurements: measurements, warnings: warnings)
  }

  static func channelCount(_ group: DICOMDataset) -> Int {
    group.unsigned(0x003A_0005, width: 2).first ?? 0
  }

  /// Index of the group to read (see the type's documentation).
  static func chooseGroup(_ groups: [DICOMDataset]) -> Int {
    func isRhythm(_ g: DICOMDataset) -> Bool {
      (g.string(0x003A_0020)?.uppercased().contains("RHYTHM") ?? false) || g.string(0x003A_0004) == "ORIGINAL"
    }
    if let first = groups.indices.first(where: { isRhythm(groups[$0]) && channelCount(groups[$0]) >= 12 }) {
      return first
    }
    var best = 0
    for k in groups.indices where channelCount(groups[k]) > channelCount(groups[best]) { best = k }
    return best
  }

  /// AcquisitionDateTime (0008,002A), else AcquisitionDate/Time, else ContentDate/Time, as ISO 8601.
  static func acquisitionTime(_ ds: DICOMDataset) -> String? {
    if let dt = ds.string(0x0008_002A),
      let iso = isoDateTime(date: String(dt.prefix(8)), time: String(dt.dropFirst(8)))
    {
      return iso
    }
    for (dateTag, timeTag) in [(UInt32(0x0008_0022), UInt32(0x0008_0032)), (0x0008_0023, 0x0008_0033)] {
      if let d = ds.string(dateTag), let iso = isoDateTime(date: d, time: ds.string(timeTag) ?? "") { return iso }
    }
    return nil
  }

  /// "YYYYMMDD" + "HHMMSS[.frac][&zzzz]" -> "YYYY-MM-DDTHH:MM:SS" (date alone when no time).
  static func isoDateTime(date: String, time: String) -> String? {
    let d = Array(date.utf8)
    guard d.count == 8, d.allSatisfy({ (48...57).contains($0) }) else { return nil }
    let text = String(decoding: d, as: UTF8.self)
    let iso = text.prefix(4) + "-" + text.dropFirst(4).prefix(2) + "-" + text.dropFirst(6)
    let t = Array(time.utf8.prefix { (48...57).contains($0) })
    guard t.count >= 4 else { return String(iso) }
    let digits = String(decoding: t, as: UTF8.self)
    let seconds = t.count >= 6 ? String(digits.dropFirst(4).prefix(2)) : "00"
    return iso + "T" + digits.prefix(2) + ":" + digits.dropFirst(2).prefix(2) + ":" + seconds
  }

  /// Age string (AS): "nnnD", "nnnW", "nnnM" or "nnnY" -> years.
  static func ageYears(_ text: String?) -> Double? {
    guard let text, text.count == 4, let n = Double(text.prefix(3)) else { return nil }
    switch text.last {
    case "Y": return n
    case "M": return n / 12
    case "W": return n * 7 / 365.25
    case "D": return n / 365.25
    default: return nil
    }
  }

  /// Whole years from "YYYYMMDD" to an ISO acquisition date.
  static func age(birth: String, on acquired: String) -> Double? {
    let b = Array(birth.utf8), a = Array(acquired.utf8)
    guard b.count == 8, a.count >= 10, let by = Int(birth.prefix(4)), let bm = Int(birth.dropFirst(4).prefix(2)),
      let bd = Int(birth.dropFirst(6)), let ay = Int(acquired.prefix(4)),
      let am = Int(acquired.dropFirst(5).prefix(2)), let ad = Int(acquired.dropFirst(8).prefix(2))
    else { return nil }
    let years = ay - by - ((am, ad) < (bm, bd) ? 1 : 0)
    return years >= 0 ? Double(years) : nil
  }

  /// Manufacturer's model name, with the manufacturer when it is stated.
  static func program(_ ds: DICOMDataset) -> String? {
    let maker = ds.string(0x0008_0070).flatMap { $0.isEmpty || $0.lowercased() == "unknown" ? nil : $0 }
    let model = ds.string(0x0008_1090).flatMap { $0.isEmpty ? nil : $0 }
    let parts = [maker, model].compactMap { $0 }
    return parts.isEmpty ? nil : parts.joined(separator: " ")
  }
}
