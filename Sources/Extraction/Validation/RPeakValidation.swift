import Core
import Delineation
import Foundation
import Signals

/// How `validateRPeaks` runs.
public struct RPeakValidationOptions: Sendable {
  /// Lead name or 0-based index; nil: the first signal.
  public var lead: String?
  /// Reference annotator (file extension).
  public var annotator = "atr"
  /// Match window (ms).
  public var windowMs = 150.0
  /// Score only detections inside the annotated span (± the window).
  public var annotatedSpan = false
  /// Score these detections (record -> samples, `readBeatTable`) instead of running ECGLens.
  public var detections: [String: [Int]]?
  public init() {}
}

/// Per-record and gross AAMI EC57 scores.
public struct RPeakValidation: Sendable {
  public struct Row: Sendable {
    public var record: String
    public var match: BeatMatch
    public var samplingRate: Double
  }
  public var rows: [Row] = []
  public var failures: [(path: String, error: String)] = []
  public var windowMs = 150.0

  static func line(_ name: String, _ m: BeatMatch, _ mean: Double, _ sd: Double) -> String {
    func pad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
    return pad(name, 6) + pad(String(m.truePositives + m.falseNegatives), 7)
      + pad(String(m.truePositives), 7) + pad(String(m.falseNegatives), 6)
      + pad(String(m.falsePositives), 6) + pad(fixed(100 * m.sensitivity, 2), 8)
      + pad(fixed(100 * m.positivePredictivity, 2), 8) + pad(fixed(100 * m.f1, 2), 8)
      + pad(fixed(mean, 1) + " ± " + fixed(sd, 1), 14)
  }

  static func errors(_ r: Row) -> [Double] { r.match.offsets.map { Double($0) / r.samplingRate * 1000 } }

  /// The printed table: one line per record, then the gross line.
  public var table: String {
    var lines = ["record  beats     TP    FN    FP    Se %    +P %    F1 %   error ms"]
    for r in rows { let e = Self.errors(r); lines.append(Self.line(r.record, r.match, mean(e), standardDeviation(e))) }
    let gross = BeatMatch.gross(rows.map(\.match))
    let e = rows.flatMap(Self.errors)
    lines.append(String(repeating: "-", count: 76))
    lines.append(Self.line("gross", gross, mean(e), standardDeviation(e)))
    lines.append("\(rows.count) records, \(gross.truePositives + gross.falseNegatives) reference beats, window \(fixed(windowMs, 0)) ms")
    return lines.joined(separator: "\n")
  }

  /// Per-record CSV.
  public var csv: String {
    var csv = "record,reference_beats,tp,fn,fp,se_pct,ppv_pct,f1_pct,mean_error_ms,sd_error_ms\n"
    for r in rows {
      let m = r.match, e = Self.errors(r)
      csv +=
        "\(r.record),\(m.truePositives + m.falseNegatives),\(m.truePositives),\(m.falseNegatives),"
        + "\(m.falsePositives),\(fixed(100 * m.sensitivity, 3)),\(fixed(100 * m.positivePredictivity, 3)),"
        + "\(fixed(100 * m.f1, 3)),\(fixed(mean(e), 2)),\(fixed(standardDeviation(e), 2))\n"
    }
    return csv
  }
}

/// `x` with `digits` decimals, or "n/a" when not finite.
public func fixed(_ x: Double, _ digits: Int) -> String {
  x.isFinite ? String(format: "%.\(digits)f", x) : "n/a"
}

/// Resolves a lead given by name or 0-based index against a record: a whole number is a signal
/// index, anything else a signal description compared case-insensitively; nil picks signal 0.
public func leadIndex(_ lead: String?, in record: Record, path: String) throws(ExtractionError) -> Int {
  guard let lead else { return 0 }
  if let index = Int(lead) {
    guard record.digital.indices.contains(index) else {
      throw .record(path: path, reason: "lead index \(index) out of range (the record has \(record.digital.count) signals)")
    }
    return index
  }
  guard let index = record.signalIndex(named: lead) else {
    throw .record(path: path, reason: "no lead named \(lead) (signals: \(record.signalNames.joined(separator: ", ")))")
  }
  return index
}

/// Detects R peaks on every record of a database folder (or takes `options.detections`) and
/// scores them beat by beat against the reference beat annotations (AAMI EC57: `matchBeats`).
public func validateRPeaks(database: String, options: RPeakValidationOptions) throws(ExtractionError) -> RPeakValidation {
  var result = RPeakValidation(windowMs: options.windowMs)
  for path in try databaseRecords(database) {
    do {
      let record = try readRecord(at: path)
      let index = try leadIndex(options.lead, in: record, path: path)
      let fs = record.samplingFrequency(ofSignal: index)
      let reference = try readAnnotations(record: path, annotator: options.annotator, sampleCount: record.frameCount).beatSamples
      var peaks =
        try options.detections.map { $0[record.name] ?? [] }
        ?? detectBeats(in: record.physical(index), samplingRate: fs)
      let window = SamplingRate(hertz: fs).samples(milliseconds: options.windowMs)
      if options.annotatedSpan, let lo = reference.min(), let hi = reference.max() {
        peaks = peaks.filter { $0 >= lo - window && $0 <= hi + window }
      }
      result.rows.append(.init(record: record.name, match: matchBeats(reference: reference, detected: peaks, window: window), samplingRate: fs))
    } catch {
      result.failures.append((path, "\(error)"))
    }
  }
  return result
}
