/// Everything that can go wrong while reading or writing a record or an annotation file.
///
/// Every case names the file it is about and, where it applies, the line (1-based) or byte
/// offset (0-based) and the offending text, so that a message can point a user at the problem.
public enum SignalsError: Error, Equatable, Sendable {
  /// The file does not exist or cannot be opened.
  case fileNotFound(file: String)
  /// The file exists but reading it failed (permissions, I/O error).
  case unreadable(file: String, reason: String)
  /// A header line does not follow the WFDB header grammar.
  case headerSyntax(file: String, line: Int, text: String, expected: String)
  /// A header field parsed but its value is impossible (a negative sample count, a zero
  /// sampling frequency, a gain that is not finite ...).
  case headerValue(file: String, line: Int, field: String, value: String, reason: String)
  /// The header names a storage format ECGLens does not decode.
  case unsupportedFormat(file: String, line: Int, format: Int)
  /// A multi-segment record's header was given where a single-segment header is expected
  /// (`parseWFDBHeader`, `readHeader`); `readRecord` and `readMultiSegmentRecord` read such records.
  case multiSegmentRecord(file: String, segments: Int)
  /// A multi-segment record whose segments cannot be joined: a segment's length disagrees with
  /// the master header, a signal is missing from the layout, samples per frame differ ...
  case segmentMismatch(file: String, segment: String, reason: String)
  /// A record larger than the reader's limit (guards memory against a header's claims).
  case recordTooLarge(file: String, samples: Int, limit: Int)
  /// A compressed (FLAC) signal file is malformed at the given byte, or holds a different number
  /// of signals or samples than its header needs.
  case compressedData(file: String, byteOffset: Int, reason: String)
  /// The record has no samples, or no signals.
  case emptyRecord(file: String)
  /// A signal file holds fewer bytes than the header's sample count needs.
  case truncatedData(file: String, expectedBytes: Int, foundBytes: Int)
  /// A signal file holds more bytes than the header's sample count accounts for.
  case oversizedData(file: String, expectedBytes: Int, foundBytes: Int)
  /// Signals stored in one file disagree on the format or byte offset.
  case inconsistentSignalFile(file: String, reason: String)
  /// The checksum of a decoded signal differs from the header (raised only in strict mode;
  /// otherwise it is reported in `Record.warnings`).
  case checksumMismatch(file: String, signal: String, expected: Int, computed: Int)
  /// An annotation file is malformed at the given byte offset.
  case annotationSyntax(file: String, byteOffset: Int, reason: String)
  /// Annotations handed to the writer cannot be stored (unsorted times, a code out of range ...).
  case annotationValue(index: Int, reason: String)
  /// Writing a file failed.
  case writeFailed(file: String, reason: String)
}

extension SignalsError: CustomStringConvertible {
  public var description: String {
    switch self {
    case .fileNotFound(let file):
      return "\(file): no such file"
    case .unreadable(let file, let reason):
      return "\(file): cannot read: \(reason)"
    case .headerSyntax(let file, let line, let text, let expected):
      return "\(file):\(line): cannot parse \"\(text)\": expected \(expected)"
    case .headerValue(let file, let line, let field, let value, let reason):
      return "\(file):\(line): \(field) \"\(value)\" \(reason)"
    case .unsupportedFormat(let file, let line, let format):
      return "\(file):\(line): signal format \(format) is not supported "
        + "(supported: \(SignalFormat.allCases.map { String($0.rawValue) }.joined(separator: ", ")))"
    case .multiSegmentRecord(let file, let segments):
      return "\(file): a multi-segment record (\(segments) segments), not a single-segment header: read it with readRecord"
    case .segmentMismatch(let file, let segment, let reason):
      return "\(file): segment \(segment): \(reason)"
    case .recordTooLarge(let file, let samples, let limit):
      return "\(file): the record holds \(samples) samples, more than the limit of \(limit)"
    case .compressedData(let file, let offset, let reason):
      return "\(file): byte \(offset): \(reason)"
    case .emptyRecord(let file):
      return "\(file): the record has no samples"
    case .truncatedData(let file, let expected, let found):
      return "\(file): truncated: the header needs \(expected) bytes, the file has \(found)"
    case .oversizedData(let file, let expected, let found):
      return "\(file): \(found) bytes where the header accounts for \(expected) "
        + "(sample count in the header is wrong?)"
    case .inconsistentSignalFile(let file, let reason):
      return "\(file): \(reason)"
    case .checksumMismatch(let file, let signal, let expected, let computed):
      return "\(file): checksum of signal \(signal) is \(computed), header says \(expected)"
    case .annotationSyntax(let file, let offset, let reason):
      return "\(file): byte \(offset): \(reason)"
    case .annotationValue(let index, let reason):
      return "annotation \(index): \(reason)"
    case .writeFailed(let file, let reason):
      return "\(file): cannot write: \(reason)"
    }
  }
}

/// A problem found while reading that does not stop the read (unless strict mode asks it to).
public enum SignalsWarning: Equatable, Sendable, CustomStringConvertible {
  /// The 16-bit checksum of a decoded signal does not match the header.
  case checksumMismatch(file: String, signal: String, expected: Int, computed: Int)

  public var description: String {
    switch self {
    case .checksumMismatch(let file, let signal, let expected, let computed):
      return "\(file): checksum of signal \(signal) is \(computed), header says \(expected)"
    }
  }
}
