import Foundation

/// Recognises a binary ECG file by its content (never by its file name):
/// - DICOM: "DICM" at byte 128 (PS3.10 7.1);
/// - EDF/EDF+: version field "0" followed by 7 spaces, numeric header fields, header size 256 * (signals + 1);
/// - SCP-ECG: a section 0 whose first pointer is section 0 at index 7 inside a plausible file length,
///   with the "SCPECG" marker or a matching CRC-CCITT of the file.
/// - Returns: the format, or nil when none matches.
public func recogniseBinaryECG(_ data: Data) -> RecordingFormat? {
  let bytes = [UInt8](data.prefix(256))
  if DICOMFile.hasMagic(bytes) { return .dicom }
  if EDFHeader.looksLikeEDF(bytes) { return .edf }
  if SCPContainer.looksLikeSCP([UInt8](data)) { return .scpECG }
  return nil
}

/// Reads a binary ECG file of any supported format (SCP-ECG, DICOM waveform, EDF/EDF+), chosen by
/// `recogniseBinaryECG`.
/// - Parameters:
///   - data: the whole file.
///   - path: where it came from; gives the recording's name and names the file in errors.
/// - Returns: the recording, samples in mV.
/// - Throws: `FormatReadError.unrecognised` when no format matches, else what the format's reader throws.
public func readBinaryECG(_ data: Data, path: String) throws(FormatReadError) -> ECGRecording {
  switch recogniseBinaryECG(data) {
  case .dicom: return try DICOMECGReader.read(data, path: path)
  case .edf: return try EDFReader.read(data, path: path)
  case .scpECG: return try SCPECGReader.read(data, path: path)
  default:
    throw .unrecognised(
      file: fileLabel(path),
      reason: "neither DICOM (no DICM at byte 128), EDF (no \"0\" version "
        + "header) nor SCP-ECG (no section 0 pointer structure)")
  }
}
