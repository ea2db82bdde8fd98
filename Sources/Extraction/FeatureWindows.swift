import Core
import Delineation
import Foundation
import Measurements
import Signals
import Tables

/// How `extract` lays out a record's features: one row for the whole record, or one row per
/// window of fixed length, so that a Holter recording feeds the same models as 10 s ECGs.
public enum FeatureWindowing: Sendable, Equatable {
  /// Records up to `autoWindowLimit` (60 s) give one row, longer ones one row per 10 s window.
  case auto
  /// One row per record, whatever its length.
  case whole
  /// One row per window of this many seconds, whatever the record's length.
  case seconds(Double)

  /// Records longer than this (s) are cut into windows by `.auto`.
  public static let autoWindowLimit = 60.0
  /// The window `.auto` cuts long records into (s).
  public static let autoWindowLength = 10.0

  /// The window length (s) for a record of `duration` seconds, or nil for one whole-record row.
  public func window(forDuration duration: Double) -> Double? {
    switch self {
    case .auto: return duration > Self.autoWindowLimit ? Self.autoWindowLength : nil
    case .whole: return nil
    case .seconds(let s): return s
    }
  }
}

/// The columns a windowed features file has before the feature catalogue: the window's start
/// and end (s from the record's start) and its status ("ok", or why the window has no values).
public let featureWindowColumns = ["window_start_s", "window_end_s", "window_status"]

/// What measuring a record window by window gives.
struct WindowedFeatures {
  /// One CSV line per window (`featureWindowColumns` after `ecg_id`), in time order.
  var rows = ""
  var windows = 0, measured = 0
  /// Beats of the whole record, and leads usable in at least one measured window.
  var beats = 0, usableLeads = 0
  /// Per lead and problem, the windows it made the lead unusable in.
  var leadProblems: [String] = []
  /// The first window's error, for a record with no window measured.
  var firstError: String?
}

/// Measures every `seconds`-long window of a record (the last one, if shorter, is listed with
/// an empty row and a status saying so): each window goes through `measureECG` exactly as a
/// record of that length would, with the beats detected on the whole record, chunk by chunk
/// when it is long (`detectECGBeatsInChunks`), instead of on the window alone. A window where
/// `measureECG` fails (fewer than two beats, no usable lead) has an empty row whose status is
/// the reason; its neighbours are unaffected. Windows are measured `jobs` at a time, a block of
/// about `plan.length` seconds read at once.
func measureWindows(
  _ stream: RecordStream, seconds window: Double, id: String, demographics: HeaderDemographics, plan: ChunkPlan, jobs: Int
) throws -> WindowedFeatures {
  let fs = stream.samplingFrequency, n = stream.frameCount, rate = SamplingRate(hertz: fs)
  let descriptions = stream.header.signals.map(\.description)
  let peaks: [Int]
  var out = WindowedFeatures()
  if stream.isStreaming && plan.isChunked(frameCount: n, samplingRate: fs) {
    let chunked = try detectECGBeatsInChunks(stream, plan: plan, jobs: jobs)
    peaks = chunked.rPeaks
    out.leadProblems += chunked.notes
  } else {
    peaks = try detectECGBeats(leads: try stream.physical(frames: 0..<n), descriptions: descriptions, samplingRate: fs)
  }
  out.beats = peaks.count
  let starts = (0..<max(1, Int((stream.duration / window).rounded(.up)))).map { Double($0) * window }
  let perBlock = max(1, Int(plan.length / window))
  let blocks = stride(from: 0, to: starts.count, by: perBlock).map { $0..<min(starts.count, $0 + perBlock) }
  let full = rate.samples(window)

  struct Window { var row: String; var ok: Bool; var problems: [String: Int]; var usable: Int; var error: String? }
  let results = parallelMap(blocks.count, jobs: jobs) { b -> Result<[Window], SignalsError> in
    let ranges = blocks[b].map { k in rate.samples(starts[k])..<min(n, rate.samples(starts[k] + window)) }
    let block = ranges.first!.lowerBound..<ranges.last!.upperBound
    let leads: [[Double]]
    do throws(SignalsError) { leads = try stream.physical(frames: block) } catch { return .failure(error) }
    return .success(
      zip(blocks[b], ranges).map { k, range in
        let start = formatCell(starts[k]), end = formatCell((Double(range.upperBound) / fs * 1000).rounded() / 1000)
        func empty(_ status: String) -> Window {
          Window(row: csvLine([id, start, end, status] + featureCatalogue.map { _ in "" }), ok: false, problems: [:], usable: 0, error: status)
        }
        guard range.count >= full else {
          return empty(String(format: "window of %.3g s, shorter than %g s: not measured", Double(range.count) / fs, window))
        }
        let a = range.lowerBound - block.lowerBound
        let slices = leads.map { Array($0[a..<(a + range.count)]) }
        let local = peaks[beatRange(peaks, range)].map { $0 - range.lowerBound }
        do {
          let m = try measureECG(leads: slices, descriptions: descriptions, samplingRate: fs, rPeaks: local)
          let values = featureValues(m, demographics: demographics).map { formatCell(($0 * 10_000).rounded() / 10_000) }
          var problems: [String: Int] = [:]
          for l in m.leads { if let p = l.problem { problems["\(l.description): \(p.rawValue)", default: 0] += 1 } }
          return Window(
            row: csvLine([id, start, end, "ok"] + values), ok: true, problems: problems,
            usable: m.leads.filter { $0.problem == nil }.count, error: nil)
        } catch {
          return empty("\(error)")
        }
      })
  }
  var problems: [String: Int] = [:]
  for result in results {
    for w in try result.get() {
      out.rows += w.row
      out.windows += 1
      if w.ok { out.measured += 1 } else if out.firstError == nil { out.firstError = w.error }
      out.usableLeads = max(out.usableLeads, w.usable)
      for (p, c) in w.problems { problems[p, default: 0] += c }
    }
  }
  out.leadProblems += problems.sorted { $0.key < $1.key }.map { "\($0.key) in \($0.value) of \(out.windows) windows" }
  return out
}
