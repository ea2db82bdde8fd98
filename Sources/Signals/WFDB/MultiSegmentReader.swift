import Foundation

/// Reads a multi-segment record: the master header, the layout, and every segment's samples.
///
/// Each segment is a single-segment record beside the master header, read with
/// `readRecord(at:options:)`'s rules (checksums, truncated or oversized files). A variable-layout
/// record's segment signals are matched to the layout by description, in order of appearance
/// when a description repeats; a fixed-layout record's by position.
///
/// - Parameter path: the record path without extension (`mimic/p000878/p000878-2137-10-26-16-57`),
///   or its `.hea` file.
/// - Throws: `SignalsError.segmentMismatch` (segment "-") for a single-segment header;
///   `.segmentMismatch` naming the segment and the problem (a
///   length differing from the master header, another sampling frequency, a signal not in the
///   layout or with other samples per frame, a nested multi-segment record), `.recordTooLarge`
///   when frames times samples per frame exceed `options.maximumSamples`, and any error of
///   reading a segment.
public func readMultiSegmentRecord(
  at path: String, options: RecordReadOptions = .init()
) throws(SignalsError) -> MultiSegmentRecord {
  let headerPath = headerFilePath(for: path)
  let text = String(decoding: try readFile(headerPath), as: UTF8.self)
  guard case .multiSegment(let header) = try parseWFDBHeaderFile(text, file: headerPath) else {
    throw .segmentMismatch(file: headerPath, segment: "-", reason: "a single-segment record: read it with readRecord")
  }
  return try readSegments(of: header, headerPath: headerPath, options: options)
}

func readSegments(
  of header: MultiSegmentHeader, headerPath: String, options: RecordReadOptions
) throws(SignalsError) -> MultiSegmentRecord {
  let directory = (headerPath as NSString).deletingLastPathComponent
  func location(_ name: String) -> String { directory.isEmpty ? name : directory + "/" + name }
  func mismatch(_ name: String, _ reason: String) -> SignalsError {
    .segmentMismatch(file: headerPath, segment: name, reason: reason)
  }
  func segmentHeader(_ name: String) throws(SignalsError) -> WFDBHeader {
    do { return try readHeader(at: location(name)) } catch {
      if case .multiSegmentRecord = error { throw mismatch(name, "is itself a multi-segment record") }
      throw error
    }
  }

  // The layout: the layout segment's signals, or the first stored segment's.
  let layoutIndex = header.hasLayoutSegment ? 0 : header.segments.firstIndex { $0.recordName != nil }
  guard let layoutIndex, let layoutName = header.segments[layoutIndex].recordName else {
    throw .emptyRecord(file: headerPath)
  }
  let layout = try segmentHeader(layoutName).signals
  guard layout.count == header.signalCount else {
    throw mismatch(layoutName, "has \(layout.count) signals; the master header declares \(header.signalCount)")
  }
  guard header.frameCount > 0, !layout.isEmpty else { throw .emptyRecord(file: headerPath) }
  let perFrame = layout.reduce(0) { $0 + $1.samplesPerFrame }
  let (total, overflow) = header.frameCount.multipliedReportingOverflow(by: perFrame)
  guard !overflow, total <= options.maximumSamples else {
    throw .recordTooLarge(file: headerPath, samples: overflow ? Int.max : total, limit: options.maximumSamples)
  }

  var segments: [Record?] = []
  var maps: [[Int?]] = []
  var warnings: [SignalsWarning] = []
  for (k, segment) in header.segments.enumerated() {
    guard let name = segment.recordName, !(k == 0 && header.hasLayoutSegment) else {
      segments.append(nil)
      maps.append(Array(repeating: nil, count: layout.count))
      continue
    }
    let segmentPath = location(name)
    let record = try readSingleSegmentRecord(
      headerPath: headerFilePath(for: segmentPath), header: segmentHeader(name), options: options)
    guard record.frameCount == segment.sampleCount else {
      throw mismatch(name, "holds \(record.frameCount) frames; the master header gives it \(segment.sampleCount)")
    }
    guard abs(record.samplingFrequency - header.record.samplingFrequency) <= 1e-9 * header.record.samplingFrequency
    else {
      throw mismatch(
        name, "is sampled at \(record.samplingFrequency) Hz; the record at \(header.record.samplingFrequency) Hz")
    }
    let map = try mapSignals(of: record, onto: layout, byPosition: !header.hasLayoutSegment) { reason throws(SignalsError) in
      throw mismatch(name, reason)
    }
    segments.append(record)
    maps.append(map)
    warnings += record.warnings
  }
  return MultiSegmentRecord(header: header, layout: layout, segments: segments, signalMaps: maps, warnings: warnings)
}

/// For each layout signal, the segment signal carrying it. Calls `fail` with the reason when a
/// segment signal has no place in the layout, other samples per frame, or units that cannot be
/// converted to the layout's.
private func mapSignals(
  of record: Record, onto layout: [SignalSpecification], byPosition: Bool,
  fail: (String) throws(SignalsError) -> Void
) throws(SignalsError) -> [Int?] {
  var map = [Int?](repeating: nil, count: layout.count)
  let signals = record.header.signals
  if byPosition, signals.count != layout.count {
    try fail("has \(signals.count) signals; the fixed layout has \(layout.count)")
  }
  for (j, signal) in signals.enumerated() {
    let target =
      byPosition
      ? (j < layout.count ? j : nil)
      : layout.indices.first { map[$0] == nil && layout[$0].description == signal.description }
    guard let target else {
      try fail("signal \"\(signal.description)\" is not in the layout (\(layout.map(\.description)))")
      continue
    }
    if signal.samplesPerFrame != layout[target].samplesPerFrame {
      try fail(
        "signal \(signal.description) has \(signal.samplesPerFrame) samples per frame; the layout "
          + "\(layout[target].samplesPerFrame)")
    }
    if unitFactor(from: signal.units, to: layout[target].units) == nil {
      try fail("signal \(signal.description) is in \(signal.units); the layout in \(layout[target].units)")
    }
    map[target] = j
  }
  return map
}
