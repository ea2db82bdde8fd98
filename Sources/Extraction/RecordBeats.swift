import Delineation
import Signals

/// The R peaks `ecglens beats` writes for one record.
public struct RecordBeats: Sendable {
  /// The record's name (header).
  public var name: String
  /// The signal the peaks are placed on (0-based).
  public var lead: Int
  /// Ascending 0-based samples at that signal's rate.
  public var rPeaks: [Int]
  /// Checksum mismatches, and for a record read in chunks the chunks that gave no beats.
  public var warnings: [String]
  /// The signal quality of the detection lead per 10 s window (`signalQuality`), when asked for.
  public var quality: [QualityWindow]? = nil
}

/// Detects the R peaks of the record at `path` on one lead (`detectBeats`), or on all its leads
/// fused with the peaks placed on that lead (`allLeads`), as `ecglens beats` does. A record up
/// to `plan.wholeRecordLimit` seconds is read and detected whole; a longer one (a Holter
/// recording) is read and detected chunk by chunk (`detectBeatsInChunks`) and the chunks joined
/// at beats they agree on (`stitchChunkBeats`), so time grows linearly with its length, memory
/// stays bounded; the peaks are those of one pass over the record but where a chunk's thresholds
/// have not settled in the overlap (89 of 109,908 on MIT-BIH in 2 min chunks, `ChunkedDetectionTests`). A chunk whose detection
/// fails (a flat stretch) gives no beats and a warning instead of failing the record.
///
/// - Parameters:
///   - lead: a signal name or 0-based index; nil for the first signal.
///   - jobs: chunks detected in parallel.
///   - detector: the detector's constants (defaults: those validated on MIT-BIH).
///   - quality: also judge the detection lead's signal quality per window (`signalQuality`;
///     block by block, `signalQualityInBlocks`, for a record read in chunks).
/// - Throws: `SignalsError` for an unreadable record, `ExtractionError` for an unknown lead,
///   `DelineationError` when a record detected whole has a flat lead or an unsupported rate.
public func detectRecordBeats(
  at path: String, lead: String? = nil, allLeads: Bool = false, plan: ChunkPlan = .init(), jobs: Int = 1,
  quality: Bool = false, detector: QRSDetectorParameters = .init()
) throws -> RecordBeats {
  if recogniseRecording(at: path) != .wfdb {
    // Other formats are resting ECGs, read whole in mV (`readRecording`).
    let ecg = try readRecording(at: path)
    let index = try leadIndex(lead, names: ecg.leads.map(\.name), path: path)
    var leads = [ecg.leads[index].samples]
    if allLeads { leads += ecg.leads.indices.filter { $0 != index }.map { ecg.leads[$0].samples } }
    let peaks = try detectBeats(inLeads: leads, samplingRate: ecg.samplingRate, parameters: detector)
    let windows = quality ? signalQuality(leads[0], beats: peaks, samplingRate: ecg.samplingRate) : nil
    return RecordBeats(name: ecg.name, lead: index, rPeaks: peaks, warnings: ecg.warnings, quality: windows)
  }
  let stream = try RecordStream(at: path)
  let index = try leadIndex(lead, in: stream.header, path: path)
  let fs = stream.samplingFrequency
  guard stream.isStreaming, plan.isChunked(frameCount: stream.frameCount, samplingRate: fs) else {
    let record = try stream.wholeRecord ?? readRecord(at: path)
    var leads = [record.physical(index)]
    if allLeads { leads += record.digital.indices.filter { $0 != index }.map { record.physical($0) } }
    let fs = record.samplingFrequency(ofSignal: index)
    let peaks = try detectBeats(inLeads: leads, samplingRate: fs, parameters: detector)
    let windows = quality ? signalQuality(leads[0], beats: peaks, samplingRate: fs) : nil
    return RecordBeats(
      name: record.name, lead: index, rPeaks: peaks, warnings: record.warnings.map { "\($0)" }, quality: windows)
  }
  let signals = stream.header.signals.count
  let beats = try detectBeatsInChunks(stream, plan: plan, jobs: jobs) { all in
    var leads = [all[index]]
    if allLeads { leads += (0..<signals).filter { $0 != index }.map { all[$0] } }
    return try detectBeats(inLeads: leads, samplingRate: fs, parameters: detector)
  }
  let warnings = stream.checksumWarnings(sums: beats.sums).map { "\($0)" } + beats.notes
  let windows = quality ? try signalQualityInBlocks(stream, lead: index, beats: beats.rPeaks, blockLength: plan.length) : nil
  return RecordBeats(
    name: stream.header.recordName, lead: index, rPeaks: beats.rPeaks, warnings: warnings, quality: windows)
}

/// The signal a `--lead` value names in a record's header: a 0-based index or a signal name
/// (case-insensitive); the first signal when nil.
public func leadIndex(_ lead: String?, in header: WFDBHeader, path: String) throws(ExtractionError) -> Int {
  try leadIndex(lead, names: header.signals.map(\.description), path: path)
}
