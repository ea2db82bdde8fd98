import Foundation

/// Options for `readRecord(at:options:)`.
public struct RecordReadOptions: Sendable {
  /// When true, a checksum mismatch throws `SignalsError.checksumMismatch` instead of being
  /// reported in `Record.warnings`.
  public var strictChecksums: Bool
  /// When false (the default), a signal file with more bytes than the header accounts for
  /// throws `SignalsError.oversizedData`; the header's sample count is then most likely wrong.
  public var allowTrailingBytes: Bool

  public init(strictChecksums: Bool = false, allowTrailingBytes: Bool = false) {
    self.strictChecksums = strictChecksums
    self.allowTrailingBytes = allowTrailingBytes
  }
}

/// Reads the header of a WFDB record.
///
/// - Parameter path: the record path without extension (as wfdb takes it: `data/mitdb/100`);
///   a trailing `.hea` is accepted too.
public func readHeader(at path: String) throws(SignalsError) -> WFDBHeader {
  let headerPath = headerFilePath(for: path)
  let data = try readFile(headerPath)
  let text = String(decoding: data, as: UTF8.self)
  return try parseWFDBHeader(text, file: headerPath)
}

/// Reads a single-segment WFDB record: header and every signal's digital samples.
///
/// Follows signal(5) of the WFDB Applications Guide: signals that share a file are interleaved
/// frame by frame, each contributing `samplesPerFrame` samples per frame; `skew` delays a
/// signal by whole frames (missing frames read as the invalid-sample value); `byteOffset`
/// bytes are skipped first. Checksums are verified (mismatches are warnings unless
/// `options.strictChecksums`).
///
/// - Throws: `SignalsError` naming the file and the problem: missing files, a truncated or
///   oversized signal file, an unparseable header, an empty record.
public func readRecord(
  at path: String, options: RecordReadOptions = .init()
) throws(SignalsError)
  -> Record
{
  let headerPath = headerFilePath(for: path)
  let header = try readHeader(at: path)
  guard !header.signals.isEmpty else { throw .emptyRecord(file: headerPath) }
  let directory = (headerPath as NSString).deletingLastPathComponent

  // Group the signals by file, keeping header order.
  var groups: [(file: String, members: [Int])] = []
  for (i, spec) in header.signals.enumerated() {
    if let g = groups.firstIndex(where: { $0.file == spec.fileName }) {
      groups[g].members.append(i)
    } else {
      groups.append((spec.fileName, [i]))
    }
  }

  var digital = [[Int32]](repeating: [], count: header.signals.count)
  var frameCount = header.sampleCount
  for group in groups {
    let specs = group.members.map { header.signals[$0] }
    let dataPath = directory.isEmpty ? group.file : directory + "/" + group.file
    let first = specs[0]
    for spec in specs.dropFirst()
    where spec.format != first.format || spec.byteOffset != first.byteOffset {
      throw .inconsistentSignalFile(
        file: dataPath, reason: "signals sharing the file disagree on format or byte offset")
    }
    let bytes = try readFile(dataPath)
    let payload = max(0, bytes.count - first.byteOffset)
    let frameSize = specs.reduce(0) { $0 + $1.samplesPerFrame }
    let maxSkew = specs.map(\.skew).max() ?? 0
    let frames: Int
    if let known = frameCount {
      frames = known
    } else {
      frames = first.format.sampleCount(bytes: payload) / frameSize
      frameCount = frames
    }
    guard frames > 0 else { throw .emptyRecord(file: dataPath) }
    let needed = first.format.byteCount(samples: frames * frameSize)
    guard payload >= needed else {
      throw .truncatedData(
        file: dataPath, expectedBytes: first.byteOffset + needed, foundBytes: bytes.count)
    }
    // Frames beyond `frames` exist only to serve skewed signals.
    let available = min(frames + maxSkew, first.format.sampleCount(bytes: payload) / frameSize)
    let allowed = first.format.byteCount(samples: (frames + maxSkew) * frameSize)
    if payload > allowed, !options.allowTrailingBytes, first.blockSize == 0 {
      throw .oversizedData(
        file: dataPath, expectedBytes: first.byteOffset + allowed, foundBytes: bytes.count)
    }
    let stream = bytes.withUnsafeBytes { raw in
      decodeStream(
        UnsafeRawBufferPointer(rebasing: raw[first.byteOffset...]), format: first.format,
        count: available * frameSize)
    }
    // Demultiplex.
    var column = 0
    for (k, index) in group.members.enumerated() {
      let spec = specs[k]
      let spf = spec.samplesPerFrame
      let invalid = spec.format.invalidSampleValue ?? 0
      var out = [Int32](repeating: invalid, count: frames * spf)
      for f in 0..<frames {
        let source = f + spec.skew
        guard source < available else { break }
        let base = source * frameSize + column
        for s in 0..<spf { out[f * spf + s] = stream[base + s] }
      }
      if spec.format == .difference8 {
        var running = Int32(spec.initialValue)
        for i in out.indices {
          running &+= out[i]
          out[i] = running
        }
      }
      digital[index] = out
      column += spf
    }
  }

  var warnings: [SignalsWarning] = []
  for (i, spec) in header.signals.enumerated() {
    guard let expected = spec.checksum else { continue }
    let computed = checksum16(digital[i])
    if computed != Int(Int16(truncatingIfNeeded: expected)) {
      let dataPath = directory.isEmpty ? spec.fileName : directory + "/" + spec.fileName
      if options.strictChecksums {
        throw .checksumMismatch(
          file: dataPath, signal: spec.description, expected: expected, computed: computed)
      }
      warnings.append(
        .checksumMismatch(
          file: dataPath, signal: spec.description, expected: expected, computed: computed))
    }
  }
  return Record(header: header, digital: digital, warnings: warnings)
}

/// The WFDB signal checksum: the sum of all samples modulo 2^16, as a signed 16-bit value.
public func checksum16(_ samples: [Int32]) -> Int {
  var sum: UInt16 = 0
  for s in samples { sum &+= UInt16(truncatingIfNeeded: s) }
  return Int(Int16(bitPattern: sum))
}

func headerFilePath(for path: String) -> String {
  path.hasSuffix(".hea") ? path : path + ".hea"
}

/// Reads a whole file, mapping failures to `SignalsError` with the path.
func readFile(_ path: String) throws(SignalsError) -> Data {
  var isDirectory: ObjCBool = false
  guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
    throw .fileNotFound(file: path)
  }
  guard !isDirectory.boolValue else { throw .unreadable(file: path, reason: "is a directory") }
  // Devices (/dev/zero), pipes and sockets never end or change under the reader: not a file to read.
  let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
  let type = (try? FileManager.default.attributesOfItem(atPath: resolved))?[.type] as? FileAttributeType
  guard type == .typeRegular else {
    throw .unreadable(file: path, reason: "is not a regular file (a device, pipe or other special file)")
  }
  guard FileManager.default.isReadableFile(atPath: path) else { throw .unreadable(file: path, reason: "permission denied") }
  do {
    return try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
  } catch {
    throw .unreadable(file: path, reason: systemReason(error))
  }
}

/// The operating system's words for a Foundation file error ("Input/output error"), rather than
/// "The operation could not be completed" or a Cocoa error number.
func systemReason(_ error: Error) -> String {
  let ns = error as NSError
  if let posix = ns.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
    return String(cString: strerror(Int32(posix.code)))
  }
  if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
  return ns.localizedDescription
}
