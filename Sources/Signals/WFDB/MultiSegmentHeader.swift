/// One segment of a multi-segment record, as its master header lists it.
public struct SegmentSpecification: Equatable, Sendable {
  /// The segment's record name (its header is `name.hea` beside the master header), or nil for a
  /// null segment (`~`): a gap whose samples are all missing.
  public var recordName: String?
  /// Frames in the segment (0 only for a variable-layout record's layout segment).
  public var sampleCount: Int

  public init(recordName: String?, sampleCount: Int) {
    self.recordName = recordName
    self.sampleCount = sampleCount
  }
}

/// The master header of a multi-segment record (header(5), WFDB Applications Guide, "Multi-segment
/// records"; the layout of the MIMIC-II/III/IV waveform databases):
///
///     name/segments signals fs[/counter_fs[(base_counter)]] samples [base_time [base_date]]
///     segment_name segment_samples        (one line per segment; `~` names a null segment)
///
/// In a variable-layout record the first segment has 0 samples: it is the layout segment, a
/// header without samples that lists every signal any segment carries; the other segments carry
/// a subset, matched by signal description. In a fixed-layout record every segment carries the
/// same signals in the same order.
public struct MultiSegmentHeader: Equatable, Sendable {
  /// The record line's fields (signals left empty: they are in the segments).
  public var record: WFDBHeader
  /// Number of signals the record line declares.
  public var signalCount: Int
  /// The segments in time order.
  public var segments: [SegmentSpecification]

  public init(record: WFDBHeader, signalCount: Int, segments: [SegmentSpecification]) {
    self.record = record
    self.signalCount = signalCount
    self.segments = segments
  }

  /// Whether the first segment is a layout segment (0 samples, a record name).
  public var hasLayoutSegment: Bool { segments.first.map { $0.sampleCount == 0 && $0.recordName != nil } ?? false }
  /// Total frames: the sum of the segments' lengths.
  public var frameCount: Int { segments.reduce(0) { $0 + $1.sampleCount } }
}

/// A WFDB header file of either kind.
public enum WFDBHeaderFile: Equatable, Sendable {
  case singleSegment(WFDBHeader)
  case multiSegment(MultiSegmentHeader)
}

/// Parses a WFDB header of either kind: a single-segment record (`parseWFDBHeader`) or a
/// multi-segment record's master header.
///
/// - Throws: `SignalsError.headerSyntax` naming the line (a segment line that is not `name
///   samples`, more or fewer segment lines than the record line declares), `.headerValue` (a
///   segment length out of range, segment lengths whose sum differs from the record's sample count).
public func parseWFDBHeaderFile(_ text: String, file: String) throws(SignalsError) -> WFDBHeaderFile {
  let lines = headerLines(text)
  guard let recordLine = lines.content.first else {
    throw .headerSyntax(file: file, line: max(lines.count, 1), text: "", expected: "a record line")
  }
  var (record, signalCount, declared) = try parseRecordLine(recordLine.text, line: recordLine.number, file: file)
  guard let declared else { return .singleSegment(try parseWFDBHeader(lines: lines, file: file)) }
  record.comments = lines.comments
  let segmentLines = lines.content.dropFirst()
  guard segmentLines.count == declared else {
    let extra = segmentLines.dropFirst(declared).first
    throw .headerSyntax(
      file: file, line: extra?.number ?? lines.count, text: extra?.text ?? "",
      expected: "\(declared) segment lines, as the record line declares; the header has \(segmentLines.count)")
  }
  var segments: [SegmentSpecification] = []
  for (k, entry) in segmentLines.enumerated() {
    let fields = entry.text.split(whereSeparator: { $0 == " " || $0 == "\t" })
    guard fields.count == 2 else {
      throw .headerSyntax(file: file, line: entry.number, text: entry.text, expected: "a segment as: record_name samples")
    }
    guard let n = Int(fields[1]), n >= 0, n <= 1 << 40 else {
      throw .headerValue(
        file: file, line: entry.number, field: "segment length", value: String(fields[1]), reason: "must be 0 to 2^40")
    }
    guard n > 0 || k == 0 || fields[0] == "~" else {
      throw .headerValue(
        file: file, line: entry.number, field: "segment length", value: "0",
        reason: "only the first segment (the layout segment) may have 0 samples")
    }
    segments.append(SegmentSpecification(recordName: fields[0] == "~" ? nil : String(fields[0]), sampleCount: n))
  }
  let header = MultiSegmentHeader(record: record, signalCount: signalCount, segments: segments)
  if let total = record.sampleCount, total != header.frameCount {
    throw .headerValue(
      file: file, line: recordLine.number, field: "number of samples", value: String(total),
      reason: "differs from the sum of the segment lengths, \(header.frameCount)")
  }
  return .multiSegment(header)
}
