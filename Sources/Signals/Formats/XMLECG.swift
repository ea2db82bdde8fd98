import Foundation

/// Recognises an XML ECG by its content: the root element and its namespace, never the file
/// name. UTF-8, Latin-1 and UTF-16 (with or without byte-order mark) are understood.
///
/// - `<RestingECG>` (no namespace): GE MUSE XML, `.geMUSE`
/// - `<restingecgdata>` in `http://www3.medical.philips.com` (or without a namespace):
///   Philips SierraECG / PhilipsECG XML, `.philipsSierra`
/// - `<AnnotatedECG>` in `urn:hl7-org:v3` (or without a namespace): HL7 aECG, `.hl7aECG`
///
/// Returns nil for anything else, including empty, binary or non-XML data. Only the first
/// 16 KiB are looked at.
public func recogniseXMLECG(_ data: Data) -> RecordingFormat? {
  guard let root = try? XMLTreeParser.rootStartTag(data, file: "") else { return nil }
  return xmlECGFormat(name: root.name, namespace: root.declaredNamespace)
}

/// Reads an XML ECG, recognised by content (see `recogniseXMLECG`):
///
/// - GE MUSE resting ECG XML (`restecg.dtd`, MUSE 7-9): the 10 s Rhythm waveform, 12SL
///   measurements (`GEMuseReader`, `GEMuseMeasurements`);
/// - Philips SierraECG / PhilipsECG XML 1.03, 1.04, 1.04.01 (SierraECG.xsd / PhilipsECG.xsd),
///   XLI-compressed or uncompressed `parsedwaveforms`, DXL measurements (`PhilipsSierraReader`);
/// - HL7 v3 annotated ECG (ANSI/HL7 V3 aECG R1-2004, FDA format): the RHYTHM series and the
///   MDC-coded global annotations (`HL7aECGReader`); see `readHL7aECG` for the median beat.
///
/// Samples are in mV, the rate in Hz, intervals in ms, axes in degrees; `path` gives the
/// recording's name and appears in errors. Leads are those the file stores (MUSE: I, II, V1-V6;
/// `completingTwelveLeads` adds the limb leads). Every problem is a `FormatReadError` naming the
/// file, the field (element path) and the problem; nothing traps on bad input, and memory stays
/// proportional to the input (claimed lengths are checked against the data before use).
public func readXMLECG(_ data: Data, path: String) throws(FormatReadError) -> ECGRecording {
  let root = try XMLTreeParser.parse(data, file: path)
  switch xmlECGFormat(name: root.name, namespace: root.declaredNamespace) {
  case .geMUSE?: return try GEMuseReader.read(root, path: path)
  case .philipsSierra?: return try PhilipsSierraReader.read(root, path: path)
  case .hl7aECG?: return try HL7aECGReader.read(root, path: path, waveform: .rhythm)
  default:
    let namespace = root.declaredNamespace.map { " in namespace \($0)" } ?? ""
    throw .unrecognised(
      file: path,
      reason: "root element <\(root.name)>\(namespace) is not RestingECG (GE MUSE), "
        + "restingecgdata (Philips) or AnnotatedECG (HL7 aECG)")
  }
}

/// Reads an HL7 aECG, choosing the rhythm series (default) or the representative beat.
public func readHL7aECG(
  _ data: Data, path: String, waveform: AECGWaveform = .rhythm
)
  throws(FormatReadError) -> ECGRecording
{
  let root = try XMLTreeParser.parse(data, file: path)
  guard xmlECGFormat(name: root.name, namespace: root.declaredNamespace) == .hl7aECG else {
    throw .unrecognised(file: path, reason: "root element <\(root.name)> is not an HL7 AnnotatedECG")
  }
  return try HL7aECGReader.read(root, path: path, waveform: waveform)
}

private func xmlECGFormat(name: String, namespace: String?) -> RecordingFormat? {
  switch (name, namespace) {
  case ("RestingECG", nil): return .geMUSE
  case ("restingecgdata", nil), ("restingecgdata", PhilipsSierraReader.namespace): return .philipsSierra
  case ("AnnotatedECG", nil), ("AnnotatedECG", HL7aECGReader.namespace): return .hl7aECG
  default: return nil
  }
}
