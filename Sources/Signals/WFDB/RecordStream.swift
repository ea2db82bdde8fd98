import Foundation

/// A WFDB record read a range of frames at a time, so that a 24 h Holter record is never held
/// whole: each read opens the signal files, seeks to the frames and decodes only those bytes.
///
/// Streaming follows signal(5) of the WFDB Applications Guide as `readRecord` does, and applies
/// when every signal has one sample per frame, no skew, and a format other than 8 (first
/// differences, which must be summed from the start of the file). Any other record is read
/// whole once (`readRecord`) and sliced, with the same results. Reads of any range return
/// exactly the samples `readRecord` gives for those frames.
///
/// Checksums cannot be verified without reading every sample: a caller that reads the whole
/// record, in chunks in any order, adds up `sampleSum16` of each chunk's own frames and asks
/// `checksumWarnings(sums:)`.
public struct RecordStream: Sendable {
  /// The record path as given (without `.hea`).
  public let path: String
  /// The parsed header.
  public let header: WFDBHeader
  /// Frames in the record (samples per signal).
  public let frameCount: Int
  /// The whole record, when it cannot be streamed (see the type's notes); nil when streaming.
  public let wholeRecord: Record?
  private let groups: [FileGroup]

  /// Signals that share one signal file, in header order.
  private struct FileGroup: Sendable {
    var fileName: String
    var path: String
    var members: [Int]
    var format: SignalFormat
    var byteOffset: Int
  }

  /// Opens a record: parses its header and checks that every signal file holds the frames the
  /// header announces (as `readRecord` does), without reading the samples.
  ///
  /// - Parameter path: the record path without extension (`data/mitdb/100`); a trailing `.hea`
  ///   is accepted.
  /// - Throws: `SignalsError` naming the file: a missing or unreadable file, a bad header, an
  ///   empty record, a truncated or oversized signal file.
  public init(at path: String, options: RecordReadOptions = .init()) throws(SignalsError) {
    let headerPath = headerFilePath(for: path)
    self.path = path.hasSuffix(".hea") ? String(path.dropLast(4)) : path
    let header: WFDBHeader
    do {
      header = try readHeader(at: path)
    } catch {
      // A multi-segment record is read whole, segments joined (`readRecord`).
      guard case .multiSegmentRecord = error else { throw error }
      let record = try readRecord(at: path, options: options)
      self.header = record.header; frameCount = record.frameCount; wholeRecord = record; groups = []
      return
    }
    guard !header.signals.isEmpty else { throw .emptyRecord(file: headerPath) }
    // Format 8 (differences) and FLAC (compressed frames) cannot be entered at any frame.
    let streamable = header.signals.allSatisfy {
      $0.samplesPerFrame == 1 && $0.skew == 0 && $0.format != .difference8 && !$0.format.isFLAC && $0.format != .null
    }
    guard streamable, let frames = header.sampleCount else {
      let record = try readRecord(at: path, options: options)
      self.header = record.header; frameCount = record.frameCount; wholeRecord = record; groups = []
      return
    }
    let directory = (headerPath as NSString).deletingLastPathComponent
    var groups: [FileGroup] = []
    for (i, spec) in header.signals.enumerated() {
      if let g = groups.firstIndex(where: { $0.fileName == spec.fileName }) {
        guard spec.format == groups[g].format, spec.byteOffset == groups[g].byteOffset else {
          throw .inconsistentSignalFile(file: groups[g].path, reason: "signals sharing the file disagree on format or byte offset")
        }
        groups[g].members.append(i)
      } else {
        let file = directory.isEmpty ? spec.fileName : directory + "/" + spec.fileName
        groups.append(FileGroup(fileName: spec.fileName, path: file, members: [i], format: spec.format, byteOffset: spec.byteOffset))
      }
    }
    guard frames > 0 else { throw .emptyRecord(file: groups[0].path) }
    for g in groups {
      let size = try fileSize(g.path)
      let needed = g.format.byteCount(samples: frames * g.members.count)
      let payload = max(0, size - g.byteOffset)
      guard payload >= needed else { throw .truncatedData(file: g.path, expectedBytes: g.byteOffset + needed, foundBytes: size) }
      if payload > needed, !options.allowTrailingBytes, header.signals[g.members[0]].blockSize == 0 {
        throw .oversizedData(file: g.path, expectedBytes: g.byteOffset + needed, foundBytes: size)
      }
    }
    self.header = header; frameCount = frames; wholeRecord = nil; self.groups = groups
  }

  /// Sampling rate (Hz) of every signal (one sample per frame when streaming).
  public var samplingFrequency: Double { header.samplingFrequency }
  /// Duration in seconds.
  public var duration: Double { Double(frameCount) / header.samplingFrequency }
  /// Whether reads come from the files (true) or from a record read whole (false).
  public var isStreaming: Bool { wholeRecord == nil }

  /// The digital samples of `frames` (clamped to the record), one array per signal in header
  /// order, exactly as `readRecord` would give them for those frames.
  public func digital(frames: Range<Int>) throws(SignalsError) -> [[Int32]] {
    let range = frames.clamped(to: 0..<frameCount)
    if let wholeRecord { return wholeRecord.digital.map { Array($0[range]) } }
    var out = [[Int32]](repeating: [], count: header.signals.count)
    guard !range.isEmpty else { return out }
    for g in groups {
      let width = g.members.count
      // Packed formats start on a whole group of samples (212: 2 samples in 3 bytes; 310 and
      // 311: 3 samples in 4 bytes).
      let perGroup = g.format == .packed212 ? 2 : (g.format == .packed310 || g.format == .packed311) ? 3 : 1
      let firstSample = range.lowerBound * width, endSample = range.upperBound * width
      let alignedStart = firstSample - firstSample % perGroup
      let count = endSample - alignedStart
      let start = g.byteOffset + g.format.byteCount(samples: alignedStart)
      let length = g.format.byteCount(samples: count)
      let bytes = try readBytes(g.path, offset: start, count: length)
      let stream = bytes.withUnsafeBytes { decodeStream($0, format: g.format, count: count) }
      let skip = firstSample - alignedStart
      for (column, index) in g.members.enumerated() {
        out[index] = [Int32](unsafeUninitializedCapacity: range.count) { buffer, initialized in
          for f in 0..<range.count { buffer[f] = stream[skip + f * width + column] }
          initialized = range.count
        }
      }
    }
    return out
  }

  /// `frames` in physical units (`Record.physical`): `(digital - baseline) / adcGain`, the
  /// format's invalid-sample value as NaN, converted to mV (`physical(digital:)`).
  public func physical(frames: Range<Int>) throws(SignalsError) -> [[Double]] {
    physical(digital: try digital(frames: frames))
  }

  /// Digital samples of this record's signals (one array per signal) in physical units, as
  /// `physical(frames:)` converts them, then in mV where the header's units are a voltage
  /// (`uV`, `V`, ...), as `readRecording` converts them (a signal in other units is kept as
  /// stored).
  public func physical(digital: [[Int32]]) -> [[Double]] {
    header.signals.indices.map { i in
      let spec = header.signals[i]
      let baseline = Double(spec.baseline), gain = spec.adcGain
      let invalid = spec.format.invalidSampleValue
      let factor = millivoltsPerUnit(spec.units) ?? 1
      return digital[i].map { d in
        if let invalid, d == invalid { return .nan }
        let value = (Double(d) - baseline) / gain
        return factor == 1 ? value : value * factor
      }
    }
  }

  /// The checksum mismatches of the record (`Record.warnings`), given per signal the 16-bit sum
  /// of all its samples (`sampleSum16`, chunks' sums added with wrapping). For a record read
  /// whole, its own warnings.
  public func checksumWarnings(sums: [UInt16]) -> [SignalsWarning] {
    guard isStreaming else { return wholeRecord?.warnings ?? [] }
    let directory = (headerFilePath(for: path) as NSString).deletingLastPathComponent
    return header.signals.enumerated().compactMap { i, spec in
      guard let expected = spec.checksum, i < sums.count else { return nil }
      let computed = Int(Int16(bitPattern: sums[i]))
      guard computed != Int(Int16(truncatingIfNeeded: expected)) else { return nil }
      return .checksumMismatch(
        file: directory.isEmpty ? spec.fileName : directory + "/" + spec.fileName, signal: spec.description, expected: expected,
        computed: computed)
    }
  }
}

/// The sum of samples modulo 2^16 (the WFDB checksum before its sign, `checksum16`): sums of
/// consecutive parts of a signal add up, with wrapping, to the whole signal's.
public func sampleSum16<C: Collection>(_ samples: C) -> UInt16 where C.Element == Int32 {
  var sum: UInt16 = 0
  for s in samples { sum &+= UInt16(truncatingIfNeeded: s) }
  return sum
}

private func fileSize(_ path: String) throws(SignalsError) -> Int {
  var isDirectory: ObjCBool = false
  guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .fileNotFound(file: path) }
  guard !isDirectory.boolValue else { throw .unreadable(file: path, reason: "is a directory") }
  do {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.size] as? NSNumber)?.intValue ?? 0
  } catch {
    throw .unreadable(file: path, reason: error.localizedDescription)
  }
}

private func readBytes(_ path: String, offset: Int, count: Int) throws(SignalsError) -> Data {
  do {
    let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    try handle.seek(toOffset: UInt64(offset))
    let data = try handle.read(upToCount: count) ?? Data()
    guard data.count == count else {
      throw SignalsError.truncatedData(file: path, expectedBytes: offset + count, foundBytes: offset + data.count)
    }
    return data
  } catch let error as SignalsError {
    throw error
  } catch {
    throw .unreadable(file: path, reason: error.localizedDescription)
  }
}
