import Foundation

/// A bounds-checked, read-only view of a file's bytes.
///
/// Every read names the field it reads, so that a read past the end becomes a
/// `FormatReadError.malformed` naming the file, the field and the offsets, never a crash.
/// Multi-byte integers are little endian unless the method name says otherwise.
struct ByteView: Sendable {
  let bytes: [UInt8]
  /// The file name used in errors.
  let file: String

  init(_ data: Data, file: String) {
    self.bytes = [UInt8](data)
    self.file = file
  }

  init(bytes: [UInt8], file: String) {
    self.bytes = bytes
    self.file = file
  }

  var count: Int { bytes.count }

  /// Throws unless `length` bytes starting at `offset` lie inside the data.
  func require(_ offset: Int, _ length: Int, _ field: String) throws(FormatReadError) {
    guard offset >= 0, length >= 0, offset <= bytes.count, length <= bytes.count - offset else {
      throw malformed(field, "needs \(length) bytes at offset \(offset) but the data has \(bytes.count)")
    }
  }

  /// A `malformed` error for this file.
  func malformed(_ field: String, _ reason: String) -> FormatReadError {
    .malformed(file: file, field: field, reason: reason)
  }

  func u8(_ offset: Int, _ field: String) throws(FormatReadError) -> Int {
    try require(offset, 1, field)
    return Int(bytes[offset])
  }

  func u16(_ offset: Int, _ field: String) throws(FormatReadError) -> Int {
    try require(offset, 2, field)
    return Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
  }

  func i16(_ offset: Int, _ field: String) throws(FormatReadError) -> Int {
    Int(Int16(truncatingIfNeeded: try u16(offset, field)))
  }

  func u32(_ offset: Int, _ field: String) throws(FormatReadError) -> Int {
    try require(offset, 4, field)
    var value = 0
    for k in 0..<4 { value |= Int(bytes[offset + k]) << (8 * k) }
    return value
  }

  func i32(_ offset: Int, _ field: String) throws(FormatReadError) -> Int {
    Int(Int32(truncatingIfNeeded: try u32(offset, field)))
  }

  /// Bytes `offset ..< offset + length`, checked.
  func slice(_ offset: Int, _ length: Int, _ field: String) throws(FormatReadError) -> ArraySlice<UInt8> {
    try require(offset, length, field)
    return bytes[offset..<(offset + length)]
  }

  /// ASCII/Latin-1 text of a fixed-width field, NULs and surrounding spaces removed.
  func text(_ offset: Int, _ length: Int, _ field: String) throws(FormatReadError) -> String {
    latin1Text(try slice(offset, length, field))
  }
}

/// Decodes bytes as ISO 8859-1 (every byte is a character), stops at the first NUL, trims spaces.
func latin1Text<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
  var scalars = String.UnicodeScalarView()
  for byte in bytes {
    if byte == 0 { break }
    scalars.append(Unicode.Scalar(byte))
  }
  return String(scalars).trimmingCharacters(in: .whitespaces)
}

/// The file name (last path component) used in error messages and as the recording name.
func fileLabel(_ path: String) -> String {
  let name = (path as NSString).lastPathComponent
  return name.isEmpty ? path : name
}

/// The file name without its extension: the `ECGRecording.name`.
func recordingName(_ path: String) -> String {
  let base = fileLabel(path)
  let stem = (base as NSString).deletingPathExtension
  return stem.isEmpty ? base : stem
}
