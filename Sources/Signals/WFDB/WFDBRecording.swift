/// Reads a WFDB record of either kind as a recording in mV (`readRecording(at:)`'s WFDB path).
///
/// A single-segment record goes through `recording(fromWFDB:path:)`; a multi-segment record
/// through `recording(fromMultiSegment:path:)`, so that segments storing a signal with different
/// gains (which `readRecord`'s digital join refuses) still read, each in its own gain.
func readWFDBRecording(at path: String) throws -> ECGRecording {
  let headerPath = headerFilePath(for: path)
  let text = String(decoding: try readFile(headerPath), as: UTF8.self)
  switch try parseWFDBHeaderFile(text, file: headerPath) {
  case .singleSegment(let header):
    return try recording(fromWFDB: readSingleSegmentRecord(headerPath: headerPath, header: header, options: .init()), path: path)
  case .multiSegment(let header):
    return try recording(fromMultiSegment: readSegments(of: header, headerPath: headerPath, options: .init()), path: path)
  }
}

/// A multi-segment record as a recording: the layout's signals in layout order, each segment's
/// samples converted with its own gain, baseline and units to mV, NaN in gaps and where a
/// segment lacks the lead (header(5) of the WFDB Applications Guide; wfdb-python 4.3.1's
/// `rdrecord` gives the same physical values). Signals in units that are not a voltage are kept
/// as stored and named in `warnings`; demographics come from the master header's comments.
///
/// - Throws: `SignalsError.inconsistentSignalFile` when the layout's signals have different
///   sampling rates (as for a single-segment record).
public func recording(fromMultiSegment record: MultiSegmentRecord, path: String) throws -> ECGRecording {
  let headerPath = headerFilePath(for: path)
  let fs = record.header.record.samplingFrequency
  let rates = Set(record.layout.map { fs * Double($0.samplesPerFrame) })
  guard rates.count == 1, let rate = rates.first else {
    throw SignalsError.inconsistentSignalFile(
      file: headerPath, reason: "signals have different sampling rates (\(rates.sorted()))")
  }
  var warnings = record.warnings.map(\.description)
  let leads = record.layout.indices.map { i -> RecordedLead in
    let signal = record.layout[i]
    var samples = record.physical(i)
    if let factor = millivoltsPerUnit(signal.units) {
      if factor != 1 { samples = samples.map { $0 * factor } }
    } else {
      warnings.append("\(headerPath): signal \(signal.description) is in \(signal.units), not a voltage; kept as stored")
    }
    return RecordedLead(name: signal.description, samples: samples)
  }
  let d = headerDemographics(comments: record.header.record.comments)
  return ECGRecording(
    name: record.header.record.recordName, path: path, format: .wfdb, samplingRate: rate, leads: leads,
    demographics: RecordingDemographics(ageYears: d.age, sexMale: d.sexMale), warnings: warnings)
}
