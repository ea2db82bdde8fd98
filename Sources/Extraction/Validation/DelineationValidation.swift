import Core
import Delineation
import Foundation
import Signals

/// How `validateDelineation` runs.
public struct DelineationValidationOptions: Sendable {
  /// Match window (ms).
  public var windowMs = 150.0
  public var parameters = DelineationParameters()
  public var mode = LeadFiducials.guided
  /// Resample every record to this rate (Hz) before delineating, and score at the record's rate.
  public var rate: Double?
  /// Score these fiducials (record -> lead -> beats, `readDelineationTable`) instead of
  /// running ECGLens, so other tools are scored by the same rules.
  public var detections: [String: [String: [BeatFiducials]]]?
  /// Delineate with these leads only ("ii,v5", or "all"), and score the record's global
  /// fiducials against every lead's annotation file: one, two or three leads as a Holter or a
  /// monitor records them, scored as `delineate --global` output would be.
  public var leads: String?
  /// Score only records whose name is a whole number in this range (LUDB 1-100, 101-200: a
  /// development half and a scoring half).
  public var recordRange: ClosedRange<Int>?
  public init() {}
}

/// Pooled scores per fiducial, and each record's.
public struct DelineationValidation: Sendable {
  /// Pooled matches per fiducial; offsets in microseconds.
  public var matches: [Fiducial: BeatMatch] = [:]
  /// Per record and fiducial (`validate delineation --per-record`), as CSV.
  public var perRecordCSV = "record,fiducial,reference,tp,fn,fp,mean_error_ms,sd_error_ms\n"
  /// Records scored.
  public var records = 0
  /// Records that could not be scored, with their errors.
  public var failures: [(path: String, error: String)] = []

  /// Mean and SD (ms) of a match's errors (kept in µs).
  static func errorSummary(_ g: BeatMatch) -> (mean: Double, sd: Double) {
    let e = g.offsets.map { Double($0) / 1000 }
    return (mean(e), standardDeviation(e))
  }

  /// The printed table: per fiducial, counts, Se, PPV, error mean ± SD and the CSE 2SD tolerance.
  public var table: String {
    var lines = ["fiducial  reference     TP     FN     FP    Se %   PPV %   error ms (mean ± SD)   CSE 2SD"]
    for f in Fiducial.allCases {
      let g = matches[f] ?? BeatMatch.gross([])
      let (mean, sd) = Self.errorSummary(g)
      let within = f.cseTolerance.map { abs(mean) <= 5 && sd <= $0 }
      lines.append(
        String(
          format: "%-9@ %9d %6d %6d %6d %7.2f %7.2f   %+6.1f ± %5.1f        %@", f.rawValue, g.truePositives + g.falseNegatives,
          g.truePositives, g.falseNegatives, g.falsePositives, 100 * g.sensitivity, 100 * g.positivePredictivity, mean, sd,
          f.cseTolerance.map { String(format: "%.1f %@", $0, within! ? "yes" : "no") } ?? "-"))
    }
    return lines.joined(separator: "\n")
  }

  /// The same table as CSV.
  public var csv: String {
    var csv = "fiducial,reference,tp,fn,fp,se_pct,ppv_pct,mean_error_ms,sd_error_ms,cse_tolerance_ms,within_cse\n"
    for f in Fiducial.allCases {
      let g = matches[f] ?? BeatMatch.gross([])
      let (mean, sd) = Self.errorSummary(g)
      let within = f.cseTolerance.map { abs(mean) <= 5 && sd <= $0 }
      csv +=
        "\(f.rawValue),\(g.truePositives + g.falseNegatives),\(g.truePositives),\(g.falseNegatives),\(g.falsePositives),"
        + String(format: "%.2f,%.2f,%.2f,%.2f,", 100 * g.sensitivity, 100 * g.positivePredictivity, mean, sd)
        + "\(f.cseTolerance.map { String($0) } ?? ""),\(within.map { $0 ? "yes" : "no" } ?? "")\n"
    }
    return csv
  }
}

/// Scores delineation on every record of an LUDB-style database folder against each lead's own
/// annotation file (`scoreLeadDelineation`): Se, PPV and error mean and SD per fiducial.
public func validateDelineation(
  database: String, options: DelineationValidationOptions
) throws(ExtractionError)
  -> DelineationValidation
{
  var result = DelineationValidation()
  var pooled: [Fiducial: [BeatMatch]] = [:]
  for path in try databaseRecords(database) {
    if let range = options.recordRange {
      guard let number = Int(path.split(separator: "/").last ?? ""), range.contains(number) else { continue }
    }
    do {
      let record = try readRecord(at: path)
      let fs = record.samplingFrequency
      let window = SamplingRate(hertz: fs).samples(milliseconds: options.windowMs)
      let leads = try selectLeads("all", in: record, path: path)
      let delineated: [(String, [BeatFiducials])]
      if let detections = options.detections {
        delineated = leads.map { ($0.name, detections[record.name]?[$0.name] ?? []) }
      } else if let subset = options.leads {
        let used = try selectLeads(subset, in: record, path: path)
        let global = try delineateRecord(
          record, leads: [], parameters: options.parameters, resampledTo: options.rate, using: used.map(\.index)
        ).global
        delineated = leads.map { ($0.name, global) }
      } else {
        delineated = try delineateRecord(record, leads: leads, parameters: options.parameters, mode: options.mode, resampledTo: options.rate)
          .leads
      }
      var thisRecord: [Fiducial: [BeatMatch]] = [:]
      for (name, beats) in delineated {
        let reference = try readAnnotations(record: path, annotator: name, sampleCount: record.frameCount)
        guard let scores = scoreLeadDelineation(beats, reference: reference, window: window, samplingRate: fs) else { continue }
        for (f, m) in scores {
          pooled[f, default: []].append(m)
          thisRecord[f, default: []].append(m)
        }
      }
      for f in Fiducial.allCases where thisRecord[f] != nil {
        let g = BeatMatch.gross(thisRecord[f]!)
        let (mean, sd) = DelineationValidation.errorSummary(g)
        result.perRecordCSV +=
          "\(record.name),\(f.rawValue),\(g.truePositives + g.falseNegatives),\(g.truePositives),"
          + "\(g.falseNegatives),\(g.falsePositives)," + String(format: "%.2f,%.2f", mean, sd) + "\n"
      }
      result.records += 1
    } catch {
      result.failures.append((path, "\(error)"))
    }
  }
  for (f, m) in pooled { result.matches[f] = BeatMatch.gross(m) }
  return result
}
