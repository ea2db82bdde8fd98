/// Decoding of one multiplex group of the DICOM Waveform Sequence (PS3.3 C.10.9.1).
enum DICOMWaveformGroup {
  /// Samples (mV) of every channel of `group`, its sampling frequency (Hz) and warnings.
  static func decode(
    _ group: DICOMDataset, number: Int, view: ByteView
  ) throws(FormatReadError)
    -> (Double, [RecordedLead], [String])
  {
    let where_ = "DICOM multiplex group \(number)"
    var warnings: [String] = []
    guard let channels = group.unsigned(0x003A_0005, width: 2).first, channels > 0 else {
      throw view.malformed(where_ + " (003A,0005) NumberOfWaveformChannels", "missing or 0")
    }
    guard let samples = group.unsigned(0x003A_0010, width: 4).first, samples > 0 else {
      throw view.malformed(where_ + " (003A,0010) NumberOfWaveformSamples", "missing or 0")
    }
    guard let rate = group.number(0x003A_001A), rate.isFinite, rate > 0 else {
      throw view.malformed(where_ + " (003A,001A) SamplingFrequency", "missing or not a positive number")
    }
    let bits = group.unsigned(0x5400_1004, width: 2).first ?? 0
    let kind = group.string(0x5400_1006) ?? ""
    let decoder: (ArraySlice<UInt8>, Int) -> Int
    switch (bits, kind) {
    case (16, "SS"): decoder = { b, at in Int(Int16(bitPattern: UInt16(b[at]) | UInt16(b[at + 1]) << 8)) }
    case (16, "US"): decoder = { b, at in Int(UInt16(b[at]) | UInt16(b[at + 1]) << 8) }
    case (8, "SB"): decoder = { b, at in Int(Int8(bitPattern: b[at])) }
    case (8, "UB"): decoder = { b, at in Int(b[at]) }
    case (8, "MB"): decoder = { b, at in G711.muLaw(b[at]) }
    case (8, "AB"): decoder = { b, at in G711.aLaw(b[at]) }
    default:
      throw .unsupported(file: view.file, feature: "DICOM waveform samples of \(bits) bits, interpretation \"\(kind)\"")
    }
    let width = bits / 8
    guard let data = group.bytes(0x5400_1010) else {
      throw view.malformed(where_ + " (5400,1010) WaveformData", "missing")
    }
    guard channels <= data.count / width / samples else {
      throw view.malformed(
        where_ + " (5400,1010) WaveformData",
        "\(samples) samples x \(channels) channels x \(width) bytes exceed its \(data.count) bytes")
    }
    var padding: Int?
    if let pad = group.bytes(0x5400_100A), pad.count >= width {
      padding = decoder(pad, pad.startIndex)
      if padding == 0 {
        padding = nil
        warnings.append(where_ + ": WaveformPaddingValue 0 ignored (0 is the signal's zero level, not a pad mark)")
      }
    }
    let definitions = group.items(0x003A_0200)
    guard definitions.count == channels else {
      throw view.malformed(
        where_ + " (003A,0200) ChannelDefinitionSequence",
        "\(definitions.count) items for \(channels) channels")
    }
    var leads: [RecordedLead] = []
    for (c, def) in definitions.enumerated() {
      let field = where_ + " channel \(c + 1)"
      let (scale, offset) = try calibration(def, field: field, view: view)
      if let skew = def.number(0x003A_0215), skew != 0 {
        warnings.append(field + ": ChannelSampleSkew \(skew) ms ignored")
      }
      var values = [Double](repeating: 0, count: samples)
      var at = data.startIndex + c * width
      let stride = channels * width
      for n in 0..<samples {
        let raw = decoder(data, at)
        values[n] = raw == padding ? .nan : Double(raw) * scale + offset
        at += stride
      }
      let (name, warning) = leadName(def, field: field)
      if let warning { warnings.append(warning) }
      leads.append(RecordedLead(name: name, samples: values))
    }
    return (rate, leads, warnings)
  }

  /// mV per raw unit and the mV offset of a channel.
  private static func calibration(
    _ def: DICOMDataset, field: String, view: ByteView
  ) throws(FormatReadError)
    -> (Double, Double)
  {
    guard let sensitivity = def.number(0x003A_0210), sensitivity.isFinite else {
      throw .unsupported(file: view.file, feature: field + " without (003A,0210) ChannelSensitivity (uncalibrated)")
    }
    let unit = def.items(0x003A_0211).first?.string(0x0008_0100) ?? ""
    let toMV: Double
    switch unit {
    case "uV", "µV", "μV": toMV = 1e-3
    case "mV": toMV = 1
    case "V": toMV = 1e3
    case "nV": toMV = 1e-6
    default:
      throw view.malformed(field + " (003A,0211) ChannelSensitivityUnitsSequence", "unit \"\(unit)\" is not a voltage")
    }
    let correction = def.number(0x003A_0212) ?? 1
    let baseline = def.number(0x003A_0213) ?? 0
    guard correction.isFinite, baseline.isFinite else {
      throw view.malformed(field + " (003A,0212)/(003A,0213)", "correction factor or baseline is not a number")
    }
    return (sensitivity * correction * toMV, baseline * toMV)
  }

  /// Standard name from the channel source code (SCPECG "5.6.3-9-N", MDC "2:N") or its meaning;
  /// else the code meaning (or channel label) as written, with a warning.
  private static func leadName(_ def: DICOMDataset, field: String) -> (String, String?) {
    let source = def.items(0x003A_0208).first
    let meaning = source?.string(0x0008_0104) ?? ""
    if let code = source?.string(0x0008_0100).flatMap(LeadNames.leadCode(fromCodeValue:)),
      let name = LeadNames.scpLeadName(code: code), LeadNames.standard.contains(name)
    {
      return (name, nil)
    }
    if let name = LeadNames.standardName(forLabel: meaning) { return (name, nil) }
    let label = def.string(0x003A_0203) ?? ""
    if let name = LeadNames.standardName(forLabel: label) { return (name, nil) }
    let written = meaning.isEmpty ? (label.isEmpty ? "channel" : label) : meaning
    return (written, field + ": lead \"\(written)\" is not a standard lead")
  }
}

/// ITU-T G.711 expansion to linear PCM: mu-law to 14-bit and A-law to 13-bit uniform values.
enum G711 {
  static func muLaw(_ byte: UInt8) -> Int {
    let u = Int(~byte)
    let exponent = (u >> 4) & 7
    let magnitude = (((u & 0x0F) << 1) + 33) << exponent
    let value = (magnitude - 33)
    return u & 0x80 != 0 ? -value : value
  }

  static func aLaw(_ byte: UInt8) -> Int {
    let a = Int(byte ^ 0x55)
    let exponent = (a >> 4) & 7
    let mantissa = a & 0x0F
    let value = exponent == 0 ? (mantissa << 1) + 1 : ((mantissa << 1) + 33) << (exponent - 1)
    return a & 0x80 != 0 ? value : -value
  }
}
