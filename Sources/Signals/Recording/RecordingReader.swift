import Foundation

/// The largest file a recording is read from (a 24 h, 12-lead, 1000 Hz recording at 16 bits is
/// about 2 GB of samples); anything larger is refused before it is read.
let maximumRecordingFileSize = 4 << 30

/// Reads an ECG from any supported format, recognised by content, never by file name: a WFDB
/// record (the path of its header, with or without `.hea`), or a file holding GE MUSE XML,
/// Philips SierraECG XML, HL7 aECG, SCP-ECG, DICOM 12-lead/general ECG waveform or EDF/EDF+.
///
/// WFDB signals are converted to mV with their header units (`uV`/`µV`, `mV`, `V`; a lead in
/// other units is kept as stored and named in `warnings`); demographics come from the header
/// comments (`HeaderDemographics`: LUDB, PhysioNet Challenge and MIT-BIH spellings). Leads keep
/// their file order; `completingTwelveLeads` derives missing limb leads.
///
/// - Throws: `SignalsError` for WFDB records, `FormatReadError` for the other formats, each
///   naming the file and the problem.
public func readRecording(at path: String) throws -> ECGRecording {
  if isWFDBRecord(path) { return try recording(fromWFDB: readRecord(at: path), path: path) }
  let data = try readBoundedFile(path)
  if recogniseXMLECG(data) != nil { return try readXMLECG(data, path: path) }
  if recogniseBinaryECG(data) != nil { return try readBinaryECG(data, path: path) }
  throw FormatReadError.unrecognised(
    file: path,
    reason: "not a WFDB record (no .hea beside it), nor GE MUSE, Philips SierraECG or HL7 aECG XML, SCP-ECG, DICOM waveform or EDF")
}

/// The format a path holds, judged by its content (WFDB by its header), or nil when it is none
/// that ECGLens reads. Reads at most the first 64 KiB of other files (SCP-ECG files are read
/// whole when no larger than that, to check their CRC).
public func recogniseRecording(at path: String) -> RecordingFormat? {
  if isWFDBRecord(path) { return .wfdb }
  guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
  defer { try? handle.close() }
  guard let head = try? handle.read(upToCount: 64 << 10), !head.isEmpty else { return nil }
  return recogniseXMLECG(head) ?? recogniseBinaryECG(head)
}

/// A WFDB record: `path.hea` exists, or `path` itself names a `.hea` file.
func isWFDBRecord(_ path: String) -> Bool {
  path.hasSuffix(".hea") ? FileManager.default.fileExists(atPath: path) : FileManager.default.fileExists(atPath: path + ".hea")
}

/// A regular file's bytes, refusing special files and files over `maximumRecordingFileSize`.
func readBoundedFile(_ path: String) throws(SignalsError) -> Data {
  let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
  if let size = (try? FileManager.default.attributesOfItem(atPath: resolved))?[.size] as? Int, size > maximumRecordingFileSize {
    throw .unreadable(file: path, reason: "is \(size >> 20) MiB, more than an ECG file holds")
  }
  return try readFile(path)
}

/// Millivolts per unit of a WFDB signal's physical units, nil for units that are not a voltage.
func millivoltsPerUnit(_ units: String) -> Double? {
  switch units.trimmingCharacters(in: .whitespaces).lowercased() {
  case "mv", "": return 1
  case "uv", "µv", "μv", "microvolts": return 0.001
  case "nv": return 0.000_001
  case "v", "volts": return 1000
  default: return nil
  }
}

/// A WFDB record as a recording: physical values in mV, the header's demographics.
public func recording(fromWFDB record: Record, path: String) throws -> ECGRecording {
  let rates = Set(record.header.signals.indices.map { record.samplingFrequency(ofSignal: $0) })
  guard rates.count == 1 else {
    throw SignalsError.inconsistentSignalFile(
      file: headerFilePath(for: path), reason: "signals have different sampling rates (\(rates.sorted()))")
  }
  var warnings = record.warnings.map(\.description)
  let leads = record.header.signals.indices.map { i -> RecordedLead in
    let spec = record.header.signals[i]
    var samples = record.physical(i)
    if let factor = millivoltsPerUnit(spec.units) {
      if factor != 1 { samples = samples.map { $0 * factor } }
    } else {
      warnings.append("\(headerFilePath(for: path)): signal \(spec.description) is in \(spec.units), not a voltage; kept as stored")
    }
    return RecordedLead(name: spec.description, samples: samples)
  }
  let d = headerDemographics(comments: record.header.comments)
  return ECGRecording(
    name: record.name, path: path, format: .wfdb, samplingRate: record.samplingFrequency, leads: leads,
    demographics: RecordingDemographics(ageYears: d.age, sexMale: d.sexMale), warnings: warnings)
}
