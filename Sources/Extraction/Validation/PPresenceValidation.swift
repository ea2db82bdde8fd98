import Core
import Delineation
import Foundation
import Measurements
import Signals

/// How `validatePPresence` runs.
public struct PPresenceOptions: Sendable {
  /// Records are delineated in windows of this length (s), each with `marginSeconds` of signal
  /// on either side, as 10 s ECGs are: the rules that judge P waves across beats
  /// (`globalBeats`) see one window's beats, not a whole 30-minute record.
  public var windowSeconds = 10.0
  public var marginSeconds = 1.0
  /// Resample every record to this rate (Hz) before delineating.
  public var rate: Double?
  /// Delineate with these leads only (comma-separated names, or "all").
  public var leads = "all"
  public var parameters = DelineationParameters()
  /// Reference beats counted: those whose P wave (or its absence) the rhythm decides (normal and
  /// bundle-branch-block beats, MIT-BIH `N`, `L`, `R`); ectopic and paced beats are left out.
  public var beatSymbols: Set<String> = ["N", "L", "R"]
  public init() {}
}

/// P waves found per rhythm of a database's rhythm annotations.
public struct PPresenceValidation: Sendable {
  /// Per rhythm (the aux text of MIT-BIH rhythm annotations, "(N", "(AFIB" ...): records,
  /// counted beats, beats with a global P wave, whole windows in the rhythm, and those with P in
  /// at least half of their counted beats.
  public struct Row: Sendable, Equatable {
    public var records: Set<String> = []
    public var beats = 0, beatsWithP = 0, windows = 0, windowsWithP = 0
  }
  public var rows: [String: Row] = [:]
  /// record,rhythm,beats,beats_with_p,windows,windows_with_p
  public var perRecordCSV = "record,rhythm,beats,beats_with_p,windows,windows_with_p\n"
  public var records = 0
  public var failures: [(path: String, error: String)] = []

  /// What the rhythm says about P waves: sinus rhythms have them, atrial fibrillation and
  /// flutter do not; nil where the rhythm does not decide it.
  public static func expectsP(_ rhythm: String) -> Bool? {
    switch rhythm {
    case "(N", "(SBR", "(B", "(T", "(BII", "(PREX": return true
    case "(AFIB", "(AFL": return false
    default: return nil
    }
  }

  /// One line per rhythm, most beats first.
  public var table: String {
    var lines = ["rhythm   expected  records   beats  with P %   windows  with P %"]
    for (rhythm, r) in rows.sorted(by: { $0.value.beats > $1.value.beats }) {
      let expected = Self.expectsP(rhythm).map { $0 ? "P" : "no P" } ?? "-"
      lines.append(
        String(
          format: "%-8@ %8@ %8d %7d %9.1f %9d %9.1f", rhythm, expected, r.records.count, r.beats, percent(r.beatsWithP, r.beats), r.windows,
          percent(r.windowsWithP, r.windows)))
    }
    return lines.joined(separator: "\n")
  }

  /// The same table as CSV.
  public var csv: String {
    var out = "rhythm,expected,records,beats,beats_with_p,beats_with_p_pct,windows,windows_with_p,windows_with_p_pct\n"
    for (rhythm, r) in rows.sorted(by: { $0.value.beats > $1.value.beats }) {
      let expected = Self.expectsP(rhythm).map { $0 ? "p" : "no_p" } ?? ""
      out +=
        "\(rhythm),\(expected),\(r.records.count),\(r.beats),\(r.beatsWithP),"
        + String(format: "%.1f", percent(r.beatsWithP, r.beats)) + ",\(r.windows),\(r.windowsWithP),"
        + String(format: "%.1f", percent(r.windowsWithP, r.windows)) + "\n"
    }
    return out
  }
}

private func percent(_ a: Int, _ b: Int) -> Double { b == 0 ? .nan : 100 * Double(a) / Double(b) }

/// The rhythm at each sample of a record from its rhythm annotations (aux text starting with
/// "(", as MIT-BIH writes them): a sorted list of (first sample, rhythm).
public func rhythmSegments(_ set: AnnotationSet) -> [(start: Int, rhythm: String)] {
  set.annotations.filter { $0.aux.hasPrefix("(") }.map { ($0.sample, $0.aux.trimmingCharacters(in: .whitespacesAndNewlines)) }
}

/// Checks P-wave presence against the rhythm annotations of a database such as MIT-BIH: every
/// record is delineated window by window (`PPresenceOptions`, global beats of the chosen leads,
/// `delineateRecord`), each counted reference beat (`beatSymbols`, matched one-to-one to a
/// detected beat within 150 ms) is given the rhythm in force at it, and the table counts, per
/// rhythm, the beats and the windows with a global P wave. In sinus rhythm P waves should be
/// found, in atrial fibrillation and flutter not (`PPresenceValidation.expectsP`).
public func validatePPresence(database: String, options: PPresenceOptions) throws(ExtractionError) -> PPresenceValidation {
  var v = PPresenceValidation()
  for path in try databaseRecords(database) {
    do {
      let record = try readRecord(at: path)
      let fs = record.samplingFrequency, n = record.frameCount
      let annotations = try readAnnotations(record: path, annotator: "atr")
      let segments = rhythmSegments(annotations)
      func rhythm(at s: Int) -> String? { segments.last { $0.start <= s }?.rhythm }
      let counted = annotations.annotations.filter { options.beatSymbols.contains($0.code.symbol) }.map(\.sample)
      let used = try selectLeads(options.leads, in: record, path: path).map(\.index)
      let rate = SamplingRate(hertz: fs)
      let length = rate.samples(options.windowSeconds), margin = rate.samples(options.marginSeconds)
      var perRhythm: [String: PPresenceValidation.Row] = [:]
      var start = 0
      while start + length <= n {
        let a = max(0, start - margin), z = min(n, start + length + margin)
        let window = Record(header: record.header, digital: record.digital.map { Array($0[a..<z]) })
        let global: [BeatFiducials]
        do {
          global = try delineateRecord(window, leads: [], parameters: options.parameters, resampledTo: options.rate, using: used).global
        } catch { global = [] }
        let detected = global.map { $0.rPeak + a }
        let references = counted.filter { $0 >= start && $0 < start + length }
        let hasP = Dictionary(global.map { ($0.rPeak + a, $0.pPeak != nil) }, uniquingKeysWith: { $0 || $1 })
        var windowBeats = 0, windowP = 0
        let rhythms = Set(references.compactMap(rhythm(at:)))
        for reference in references {
          guard let r = rhythm(at: reference) else { continue }
          let nearest = detected.min { abs($0 - reference) < abs($1 - reference) }
          let p = nearest.map { abs($0 - reference) <= rate.samples(0.15) && hasP[$0] == true } ?? false
          perRhythm[r, default: .init()].beats += 1
          if p { perRhythm[r, default: .init()].beatsWithP += 1; windowP += 1 }
          windowBeats += 1
        }
        // A window counts for a rhythm when the rhythm holds for the whole window.
        if rhythms.count == 1, let r = rhythms.first, rhythm(at: start) == r, rhythm(at: start + length - 1) == r, windowBeats > 0 {
          perRhythm[r, default: .init()].windows += 1
          if 2 * windowP >= windowBeats { perRhythm[r, default: .init()].windowsWithP += 1 }
        }
        start += length
      }
      for (r, row) in perRhythm.sorted(by: { $0.key < $1.key }) {
        v.perRecordCSV += "\(record.name),\(r),\(row.beats),\(row.beatsWithP),\(row.windows),\(row.windowsWithP)\n"
        var total = v.rows[r] ?? .init()
        total.records.insert(record.name)
        total.beats += row.beats; total.beatsWithP += row.beatsWithP
        total.windows += row.windows; total.windowsWithP += row.windowsWithP
        v.rows[r] = total
      }
      v.records += 1
    } catch {
      v.failures.append((path, "\(error)"))
    }
  }
  return v
}
