import Foundation

/// Options for `readRecord(at:options:)`.
public struct RecordReadOptions: Sendable {
  /// When true, a checksum mismatch throws `SignalsError.checksumMismatch` instead of being
  /// reported in `Record.warnings`.
  public var strictChecksums: Bool
  /// When false (the default), a signal file with more bytes than the header accounts for
  /// throws `SignalsError.oversizedData`; the header's sample count is then most likely wrong.
  public var allowTrailingBytes: Bool
  /// The most samples (frames times samples per frame, all signals) a multi-segment record may
  /// hold, gaps included, and a null (format 0) signal: nothing on disk bounds them, so the
  /// header alone could otherwise claim any length. The default,
  /// 2^28, is about a day of a MIMIC-IV waveform record (8 signals at up to 250 Hz).
  public var maximumSamples: Int

  public init(strictChecksums: Bool = false, allowTrailingBytes: Bool = false, maximumSamples: Int = 1 << 28) {
    self.strictChecksums = strictChecksums
    self.allowTrailingBytes = allowTrailingBytes
    self.maximumSamples = maximumSamples
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

/// Reads a WFDB record: header and every signal's digital samples.
///
/// Follows signal(5) of the WFDB Applications Guide: signals that share a file are interleaved
/// frame by frame, each contributing `samplesPerFrame` samples per frame; `skew` delays a
/// signal by whole frames (samples past the end of the file read as the invalid-sample value);
/// `byteOffset` bytes are skipped first (samples per channel for FLAC files). Checksums are
/// verified (mismatches are warnings unless `options.strictChecksums`).
///
/// A multi-segment record (header(5)) is read with `readMultiSegmentRecord` and joined into one
/// record (`MultiSegmentRecord.joined`): gaps and signals a segment lacks are invalid samples.
///
/// - Throws: `SignalsError` naming the file and the problem: missing files, a truncated or
///   oversized signal file, an unparseable header, an empty record, segments that cannot be joined.
public func readRecord(
  at path: String, options: RecordReadOptions = .init()
) throws(SignalsError)
  -> Record
{
  let headerPath = headerFilePath(for: path)
  let text = String(decoding: try readFile(headerPath), as: UTF8.self)
  switch try parseWFDBHeaderFile(text, file: headerPath) {
  case .singleSegment(let header):
    return try readSingleSegmentRecord(headerPath: headerPath, header: header, options: options)
  case .multiSegment(let header):
    return try readSegments(of: header, headerPath: headerPath, options: options).joined(file: headerPath)
  }
}

/// Reads the samples of a single-segment record whose header is already parsed.
func readSingleSegmentRecord(
  headerPath: String, header: WFDBHeader, options: RecordReadOptions
) throws(SignalsError) -> Record {
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
  // Null signals (format 0) store nothing: they take the record's length from the others.
  for group in groups where header.signals[group.members[0]].format != .null {
    let specs = group.members.map { header.signals[$0] }
    let dataPath = directory.isEmpty ? group.file : directory + "/" + group.file
    let first = specs[0]
    for spec in specs.dropFirst()
    where spec.format != first.format || spec.byteOffset != first.byteOffset {
      throw .inconsistentSignalFile(
        file: dataPath, reason: "signals sharing the file disagree on format or byte offset")
    }
    let maxSkew = specs.map(\.skew).max() ?? 0
    let (stream, frames, available) =
      first.format.isFLAC
      ? try readFLACSignalFile(
        path: dataPath, specs: specs, frames: frameCount, extraFrames: maxSkew,
        allowTrailing: options.allowTrailingBytes)
      : try readUncompressedSignalFile(
        path: dataPath, specs: specs, frames: frameCount, extraFrames: maxSkew, options: options)
    frameCount = frames
    for (k, column) in demultiplex(stream, specs: specs, frames: frames, available: available).enumerated() {
      digital[group.members[k]] = column
    }
  }
  for group in groups where header.signals[group.members[0]].format == .null {
    guard let frames = frameCount, frames > 0 else { throw .emptyRecord(file: headerPath) }
    for index in group.members {
      let spec = header.signals[index]
      guard spec.format == .null else {
        throw .inconsistentSignalFile(file: headerPath, reason: "a null (format 0) signal shares a file with stored ones")
      }
      // Nothing on disk bounds a null signal's length: the header's sample count alone sets it.
      let (count, overflow) = frames.multipliedReportingOverflow(by: spec.samplesPerFrame)
      guard !overflow, count <= options.maximumSamples else {
        throw .recordTooLarge(file: headerPath, samples: overflow ? Int.max : count, limit: options.maximumSamples)
      }
      digital[index] = [Int32](repeating: Int32(Int16.min), count: count)
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

/// The interleaved sample stream of an uncompressed signal file: `available` frames (at least
/// `frames`, more where skewed signals have them), after checking the file's size.
private func readUncompressedSignalFile(
  path: String, specs: [SignalSpecification], frames known: Int?, extraFrames: Int, options: RecordReadOptions
) throws(SignalsError) -> (stream: [Int32], frames: Int, available: Int) {
  let first = specs[0]
  let bytes = try readFile(path)
  let payload = max(0, bytes.count - first.byteOffset)
  let frameSize = specs.reduce(0) { $0 + $1.samplesPerFrame }
  let frames = known ?? first.format.sampleCount(bytes: payload) / frameSize
  guard frames > 0 else { throw .emptyRecord(file: path) }
  let needed = first.format.byteCount(samples: frames * frameSize)
  guard payload >= needed else {
    throw .truncatedData(file: path, expectedBytes: first.byteOffset + needed, foundBytes: bytes.count)
  }
  // Frames beyond `frames` exist only to serve skewed signals.
  let available = min(frames + extraFrames, first.format.sampleCount(bytes: payload) / frameSize)
  let allowed = first.format.byteCount(samples: (frames + extraFrames) * frameSize)
  if payload > allowed, !options.allowTrailingBytes, first.blockSize == 0 {
    throw .oversizedData(file: path, expectedBytes: first.byteOffset + allowed, foundBytes: bytes.count)
  }
  let stream = bytes.withUnsafeBytes { raw in
    decodeStream(
      UnsafeRawBufferPointer(rebasing: raw[first.byteOffset...]), format: first.format, count: available * frameSize)
  }
  return (stream, frames, available)
}

/// Splits a file's interleaved stream into its signals: signal `k` takes `samplesPerFrame`
/// samples per frame, read `skew` frames ahead (invalid past the `available` frames); format 8
/// differences are integrated from the initial value.
private func demultiplex(_ stream: [Int32], specs: [SignalSpecification], frames: Int, available: Int) -> [[Int32]] {
  let frameSize = specs.reduce(0) { $0 + $1.samplesPerFrame }
  var column = 0
  return specs.map { spec in
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
    column += spf
    return out
  }
}

/// The WFDB signal checksum: the sum of all samples modulo 2^16, as a signed 16-bit value.
public func checksum16(_ samples: [Int32]) -> Int {
  Int(Int16(bitPattern: sampleSum16(samples)))
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
