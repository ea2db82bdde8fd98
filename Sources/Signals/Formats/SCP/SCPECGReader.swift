import Foundation

/// Reads SCP-ECG files (EN 1064:2005 / ISO 11073-91064) into an `ECGRecording`.
///
/// Reconstruction (EN 1064 clauses 5.6 to 5.9): Huffman decoding with the default or the file's tables
/// (section 2) -> undo first/second differences -> when section 3 says reference beat subtraction was
/// used, add the decoded reference beat (section 5) back over every type-0 QRS subtraction zone of
/// section 4 -> scale by each section's amplitude value multiplier (nV) to mV.
/// Bimodal compression and a rhythm decimated relative to the reference beat are detected and
/// reported as `unsupported`. Leads with different sample ranges are placed on one time axis from the
/// first to the last sample number, NaN where a lead has no sample.
public enum SCPECGReader {
  /// Reads an SCP-ECG file's bytes.
  /// - Parameters:
  ///   - data: the whole file.
  ///   - path: where it came from; names the recording and every error.
  /// - Returns: samples in mV at 1e6 / (section 6 sample interval in us) Hz; section 1 demographics and
  ///   acquisition time; section 7 global measurements (ms, degrees, bpm) as `cartMeasurements`.
  public static func read(_ data: Data, path: String) throws(FormatReadError) -> ECGRecording {
    let container = try SCPContainer(view: ByteView(data, file: fileLabel(path)))
    var warnings = container.warnings
    let view = container.view
    var patient = SCPPatientSection()
    if let s1 = container.sections[1] { patient = try SCPPatientSection(container, s1) }
    guard let s3 = container.sections[3] else { throw view.malformed("SCP section 3", "missing (no lead definition)") }
    let leadSection = try SCPLeadSection(container, s3)
    guard let s6 = container.sections[6] else { throw view.malformed("SCP section 6", "missing (no rhythm data)") }
    let rhythm = try SCPSampleSection(container, s6, leadCount: leadSection.leads.count)
    if rhythm.bimodal { throw .unsupported(file: view.file, feature: "SCP section 6 bimodal compression") }
    let encoding = try scpEncoding(container)

    var leadValues: [[Double]] = []
    for (k, lead) in leadSection.leads.enumerated() {
      let field = "SCP section 6: lead \(k + 1)"
      try checkCount(lead.count, bytes: rhythm.leadBytes[k].count, encoding: encoding, field: field, view: view)
      let raw = try SCPSampleDecoder.decode(
        rhythm.leadBytes[k], count: lead.count, encoding: encoding,
        differences: rhythm.differences, field: field, file: view.file)
      let scale = Double(rhythm.nanovoltsPerUnit) / 1e6
      leadValues.append(raw.map { Double($0) * scale })
    }
    if leadSection.referenceBeatSubtracted {
      try addReferenceBeat(container, leadSection, rhythm, encoding, &leadValues)
    }

    let first = leadSection.leads.map(\.start).min() ?? 1
    let last = leadSection.leads.map(\.end).max() ?? 0
    let span = last - first + 1
    let totalBytes = rhythm.leadBytes.reduce(0) { $0 + $1.count }
    guard span <= max(8 * totalBytes, leadSection.leads.map(\.count).max() ?? 0) else {
      throw view.malformed(
        "SCP section 3: sample ranges",
        "samples \(first) to \(last) span more than the data can hold")
    }
    if !leadSection.simultaneous { warnings.append("SCP section 3: leads are not all recorded simultaneously") }
    var leads: [RecordedLead] = []
    for (k, lead) in leadSection.leads.enumerated() {
      var samples = leadValues[k]
      if lead.start != first || lead.end != last {
        samples = [Double](repeating: .nan, count: span)
        samples.replaceSubrange((lead.start - first)..<(lead.end - first + 1), with: leadValues[k])
      }
      let name = LeadNames.scpLeadName(code: lead.code) ?? "SCP lead code \(lead.code)"
      if LeadNames.scpLeadName(code: lead.code) == nil {
        warnings.append("SCP section 3: unknown lead code \(lead.code)")
      }
      leads.append(RecordedLead(name: name, samples: samples))
    }

    var measurements: CartMeasurements?
    if let s7 = container.sections[7] {
      let program = [patient.deviceModel, patient.deviceManufacturer].compactMap { $0 }.first { !$0.isEmpty }
      measurements = try SCPMeasurementSections.measurements(container, s7, program: program)
    }
    return ECGRecording(
      name: recordingName(path), path: path, format: .scpECG,
      samplingRate: 1e6 / Double(rhythm.intervalMicroseconds), leads: leads,
      demographics: RecordingDemographics(
        ageYears: patient.effectiveAgeYears, sexMale: patient.sexMale, patientID: patient.patientID),
      acquired: patient.acquiredISO, cartMeasurements: measurements, warnings: warnings)
  }

  /// The section 8 interpretation statements (text), empty when the file has no section 8.
  public static func interpretation(_ data: Data, path: String) throws(FormatReadError) -> [String] {
    let container = try SCPContainer(view: ByteView(data, file: fileLabel(path)))
    guard let s8 = container.sections[8] else { return [] }
    return try SCPMeasurementSections.statements(container, s8)
  }

  /// A claimed sample count must fit the bytes: at least 1 bit per Huffman code, 2 bytes uncompressed.
  private static func checkCount(
    _ count: Int, bytes: Int, encoding: SCPEncoding, field: String,
    view: ByteView
  ) throws(FormatReadError) {
    let capacity: Int
    switch encoding {
    case .uncompressed: capacity = bytes / 2
    case .huffman: capacity = bytes * 8
    }
    guard count <= capacity else {
      throw view.malformed(field, "claims \(count) samples but its \(bytes) bytes hold at most \(capacity)")
    }
  }

  /// Adds the reference beat (section 5) back over each type-0 subtraction zone of section 4.
  private static func addReferenceBeat(
    _ c: SCPContainer, _ leadSection: SCPLeadSection, _ rhythm: SCPSampleSection,
    _ encoding: SCPEncoding, _ values: inout [[Double]]
  ) throws(FormatReadError) {
    let view = c.view
    guard let s4 = c.sections[4] else {
      throw view.malformed("SCP section 4", "missing although section 3 says reference beats were subtracted")
    }
    guard let s5 = c.sections[5] else {
      throw view.malformed("SCP section 5", "missing although section 3 says reference beats were subtracted")
    }
    let beats = try SCPBeatSection(c, s4)
    let reference = try SCPSampleSection(c, s5, leadCount: leadSection.leads.count)
    guard reference.intervalMicroseconds == rhythm.intervalMicroseconds else {
      throw .unsupported(
        file: view.file,
        feature: "SCP rhythm data decimated relative to the reference beat "
          + "(\(rhythm.intervalMicroseconds) us vs \(reference.intervalMicroseconds) us)")
    }
    let beatSamples = beats.referenceLengthMs * 1000 / reference.intervalMicroseconds
    let scale = Double(reference.nanovoltsPerUnit) / 1e6
    for (k, lead) in leadSection.leads.enumerated() {
      let field = "SCP section 5: lead \(k + 1)"
      try checkCount(beatSamples, bytes: reference.leadBytes[k].count, encoding: encoding, field: field, view: view)
      let beat = try SCPSampleDecoder.decode(
        reference.leadBytes[k], count: beatSamples, encoding: encoding,
        differences: reference.differences, field: field, file: view.file)
      for zone in beats.beats where zone.type == 0 {
        // Samples where both the zone, the lead and the reference beat have data.
        let beatFirst = zone.fiducial - beats.referenceFiducial + 1
        let low = max(zone.start, lead.start, beatFirst)
        let high = min(zone.end, lead.end, beatFirst + beat.count - 1)
        guard low <= high else { continue }
        for sample in low...high {
          let target = sample - lead.start
          let source = sample - zone.fiducial + beats.referenceFiducial - 1
          guard target >= 0, target < values[k].count, source >= 0, source < beat.count else { continue }
          values[k][target] += Double(beat[source]) * scale
        }
      }
    }
  }
}
