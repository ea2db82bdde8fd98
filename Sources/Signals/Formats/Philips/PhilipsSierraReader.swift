import Foundation

/// Reader for Philips SierraECG / PhilipsECG XML (root `<restingecgdata>` in namespace
/// `http://www3.medical.philips.com`, document versions 1.03, 1.04, 1.04.01).
///
/// Signal: `parsedwaveforms` (Base64, or "Plain" integers), XLI-compressed (1.04
/// `compression="XLI"`, 1.03 `compressflag="True" compressmethod="XLI"`, see `XLIDecoder` and
/// `PhilipsLimbLeads`) or uncompressed 16-bit little-endian leads one after another (stored
/// as they are: the limb-lead residual coding belongs to XLI). Rate: `signalcharacteristics/
/// samplingrate` (else `samplespersecond`); resolution in uV per LSB: `resolution` (1.04) or
/// `signalresolution` (1.03), else the `resolution` attribute; lead labels: `leadlabels`
/// (1.04) or the 12 standard leads in order for 1.03 lead sets; `durationperchannel` in ms gives
/// the sample count. Samples in mV = (value - signaloffset) x resolution / 1000.
enum PhilipsSierraReader {
  static let namespace = "http://www3.medical.philips.com"
  /// Upper bound on samples per lead accepted from `durationperchannel` (about 5.5 h at 500 Hz).
  static let maximumSamples = 10_000_000

  static func read(_ root: XMLTree, path: String) throws(FormatReadError) -> ECGRecording {
    guard root.name == "restingecgdata" else {
      throw .unrecognised(file: path, reason: "root element <\(root.name)> is not <restingecgdata>")
    }
    var warnings: [String] = []
    let version = root.path(["documentinfo", "documentversion"])?.trimmedText ?? ""
    if !["1.03", "1.04", "1.04.01", "1.04.02"].contains(version) {
      warnings.append("Philips document version '\(version)' not among 1.03, 1.04, 1.04.01; read as 1.04")
    }
    let signal = root.path(["dataacquisition", "signalcharacteristics"])
    let signalField = "restingecgdata/dataacquisition/signalcharacteristics"
    guard let waves = root.firstDescendant("parsedwaveforms") else {
      throw .malformed(file: path, field: "restingecgdata/waveforms/parsedwaveforms", reason: "missing")
    }
    let wavesField = "restingecgdata/waveforms/parsedwaveforms"
    guard let rateText = signal?.child("samplingrate")?.text ?? waves.attribute("samplespersecond") else {
      throw .malformed(
        file: path, field: signalField + "/samplingrate",
        reason: "missing (and no samplespersecond on parsedwaveforms)")
    }
    let rate = try FieldValues.required(rateText, file: path, field: signalField + "/samplingrate")
    guard rate > 0, rate <= 100_000 else {
      throw .malformed(file: path, field: signalField + "/samplingrate", reason: "\(rate) Hz is impossible")
    }
    let resolutionText =
      signal?.child("resolution")?.text ?? signal?.child("signalresolution")?.text
      ?? waves.attribute("resolution")
    let resolution = try FieldValues.required(resolutionText, file: path, field: signalField + "/resolution")
    guard resolution > 0, resolution < 1e6 else {
      throw .malformed(file: path, field: signalField + "/resolution", reason: "\(resolution) uV per LSB")
    }
    let labels = try leadLabels(waves: waves, signal: signal, path: path, field: wavesField)
    var expected: Int?
    if let durationText = waves.attribute("durationperchannel") {
      let duration = try FieldValues.required(durationText, file: path, field: wavesField + "@durationperchannel")
      let count = (duration * rate / 1000).rounded()
      guard count >= 1, count <= Double(maximumSamples) else {
        throw .malformed(
          file: path, field: wavesField + "@durationperchannel",
          reason: "\(durationText) ms gives \(count) samples per lead")
      }
      expected = Int(count)
    } else {
      warnings.append("\(wavesField) has no durationperchannel; sample count taken from the data")
    }
    var channels = try PhilipsWaveformPayload.decode(
      waves, leadCount: labels.count, expectedSamples: expected,
      path: path, field: wavesField, warnings: &warnings)
    let count = expected ?? channels[0].count
    for (position, channel) in channels.enumerated() where channel.count != count {
      if channel.count < count {
        throw .malformed(
          file: path, field: "\(wavesField) lead \(labels[position])",
          reason: "\(channel.count) samples decoded, \(count) expected (truncated?)")
      }
      warnings.append("lead \(labels[position]): \(channel.count - count) samples beyond durationperchannel dropped")
      channels[position] = Array(channel.prefix(count))
    }
    if PhilipsWaveformPayload.isXLI(waves) {
      if PhilipsLimbLeads.applies(to: labels) {
        PhilipsLimbLeads.reconstruct(&channels)
      } else {
        throw .unsupported(
          file: path,
          feature: "XLI lead order '\(labels.joined(separator: " "))' "
            + "(limb-lead reconstruction needs I II III aVR aVL aVF first)")
      }
    }
    let offset = FieldValues.number(waves.attribute("signaloffset") ?? signal?.child("signaloffset")?.text) ?? 0
    let scale = resolution / 1000
    let leads = zip(labels, channels).map { label, channel in
      RecordedLead(name: label, samples: channel.map { (Double($0) - offset) * scale })
    }
    let metadata = PhilipsSierraMetadata(root: root)
    return ECGRecording(
      name: FieldValues.recordName(path), path: path, format: .philipsSierra, samplingRate: rate, leads: leads,
      demographics: metadata.demographics, acquired: metadata.acquired, cartMeasurements: metadata.cart,
      warnings: warnings)
  }

  /// Lead names: `leadlabels` (first `numberofleads`), else the standard 12 for the lead set.
  private static func leadLabels(
    waves: XMLTree, signal: XMLTree?, path: String, field: String
  )
    throws(FormatReadError) -> [String]
  {
    var labels: [String]
    if let text = waves.attribute("leadlabels"), !text.trimmingCharacters(in: .whitespaces).isEmpty {
      labels = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
      if let count = FieldValues.number(waves.attribute("numberofleads")), count >= 1, count < Double(labels.count) {
        labels = Array(labels.prefix(Int(count)))
      }
    } else {
      let countText = signal?.child("numberchannelsallocated")?.text ?? signal?.child("numberchannelsvalid")?.text
      let number = FieldValues.number(countText) ?? 12
      guard number >= 1, number <= 64 else {
        throw .malformed(file: path, field: field, reason: "\(number) channels allocated")
      }
      let count = Int(number)
      let standard = PhilipsLimbLeads.storedOrder + (1...6).map { "V\($0)" }
      labels = (0..<count).map { $0 < standard.count ? standard[$0] : "Channel \($0 + 1)" }
    }
    guard !labels.isEmpty, labels.count <= 64 else {
      throw .malformed(file: path, field: field + "@leadlabels", reason: "\(labels.count) leads")
    }
    return labels.map { FieldValues.standardLeadName($0) ?? $0 }
  }
}
