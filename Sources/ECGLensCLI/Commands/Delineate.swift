import ArgumentParser
import DSP
import Delineation
import Foundation
import Measurements
import Signals

/// The leads of a record to delineate: "all" or comma-separated names, with LUDB's lower-case
/// spelling in the output.
func selectLeads(_ spec: String, in record: Record, path: String) throws -> [(index: Int, name: String)] {
  if spec == "all" { return record.signalNames.enumerated().map { ($0.offset, $0.element.lowercased()) } }
  return try spec.split(separator: ",").map { name in
    let n = String(name).trimmingCharacters(in: .whitespaces)
    guard let i = record.signalIndex(named: n) else {
      throw CLIError("\(path): no lead named \(n) (signals: \(record.signalNames.joined(separator: ", ")))")
    }
    return (i, record.signalNames[i].lowercased())
  }
}

/// What `delineate` writes on each lead's rows.
enum LeadFiducials: String, EnumerableFlag {
  /// The lead's own fiducials brought into line with the global beats (`guidedLeadBeats`), and
  /// the lead's own R peak (`leadRPeak`).
  case guided
  /// The lead delineated on its own (`delineate(leads:)`), without the other leads, and its own
  /// R peak (`leadRPeak`).
  case independent
  /// The record's global fiducials of each beat, the same on every lead (`globalBeats`), with
  /// the fused R peak.
  case consensus

  static func help(for value: LeadFiducials) -> ArgumentHelp? {
    switch value {
    case .guided: return "Each lead's own fiducials, with wave presence and boundaries kept in line with the record's global beats."
    case .independent: return "Each lead delineated on its own, without the other leads."
    case .consensus: return "Every lead's rows carry the record's global (multi-lead) fiducials."
    }
  }
}

/// Fiducials of a record's leads as `delineate` writes them, and its global beats.
struct RecordDelineation {
  var leads: [(name: String, beats: [BeatFiducials])]
  var global: [BeatFiducials]
  /// Leads left out because they are missing, flat or saturated (`leadProblem`), by name; their
  /// rows carry R peaks only.
  var problems: [(name: String, problem: LeadProblem)] = []
}

/// Every lead of the record delineated together (`Measurements.delineateECG`, as `extract`
/// does), and the selected leads' rows as `mode` says. A lead that takes no part (missing,
/// flat or saturated) has rows with R peaks only, and `problems` names it; so has a beat that
/// touches a lead's missing samples.
func delineateRecord(
  _ record: Record, leads: [(index: Int, name: String)], parameters: DelineationParameters = .init(), mode: LeadFiducials = .guided,
  resampledTo rate: Double? = nil
) throws -> RecordDelineation {
  let fs = record.samplingFrequency
  let all = record.digital.indices.map { record.physical($0) }
  let names = record.signalNames.map { $0.lowercased() }
  var result: RecordDelineation
  if let rate, rate != fs {
    // Validation at another rate: delineate the resampled signals, report at the record's rate.
    let resampled = try all.map { try resample($0, from: fs, to: rate) }
    result = try delineateSignals(resampled, names: names, samplingRate: rate, leads: leads, parameters: parameters, mode: mode)
    let scale = fs / rate
    func back(_ v: Int?) -> Int? { v.map { Int((Double($0) * scale).rounded()) } }
    func back(_ b: BeatFiducials) -> BeatFiducials {
      var c = BeatFiducials(rPeak: back(b.rPeak)!)
      c.pOnset = back(b.pOnset); c.pPeak = back(b.pPeak); c.pOffset = back(b.pOffset)
      c.qrsOnset = back(b.qrsOnset); c.qrsOffset = back(b.qrsOffset); c.tPeak = back(b.tPeak); c.tOffset = back(b.tOffset)
      return c
    }
    result.leads = result.leads.map { ($0.name, $0.beats.map(back)) }
    result.global = result.global.map(back)
  } else {
    result = try delineateSignals(all, names: names, samplingRate: fs, leads: leads, parameters: parameters, mode: mode)
  }
  return result
}

/// `delineateRecord` on signals already in memory (mV, one array per signal, named by `names`).
func delineateSignals(
  _ all: [[Double]], names: [String], samplingRate fs: Double, leads: [(index: Int, name: String)], parameters: DelineationParameters,
  mode: LeadFiducials
) throws -> RecordDelineation {
  let d = try delineateECG(leads: all, descriptions: names, samplingRate: fs, parameters: parameters)
  var rows: [[BeatFiducials]]
  switch mode {
  case .guided: rows = d.guided
  case .independent: rows = d.independent
  case .consensus: rows = all.indices.map { d.problems[$0] == nil ? d.global : d.rPeaks.map { BeatFiducials(rPeak: $0) } }
  }
  // A lead's rows carry its own R peak; the consensus rows keep the fused one, as the global beats do.
  if mode != .consensus {
    for i in rows.indices where d.problems[i] == nil {
      for (b, beat) in rows[i].enumerated() {
        guard let on = beat.qrsOnset, let off = beat.qrsOffset,
          let r = leadRPeak(d.bridged[i], qrsOnset: on, qrsOffset: off, samplingRate: fs, margin: parameters.leadRPeakMargin)
        else { continue }
        rows[i][b].rPeak = r
      }
    }
  }
  return RecordDelineation(
    leads: leads.map { ($0.name, rows[$0.index]) }, global: d.global,
    problems: all.indices.compactMap { i in d.problems[i].map { (names[i], $0) } })
}

/// `ecglens delineate RECORD... [--leads all|NAME,...] [--global] [--guided|--independent|--consensus] [--out FILE]`.
struct Delineate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "P/QRS/T delineation per lead: CSV record,lead,p_on,p_peak,p_off,qrs_on,r_peak,qrs_off,t_peak,t_off.",
    discussion: """
      One row per detected beat and lead; lead is the lower-case lead name (i, ii, iii, avr, \
      avl, avf, v1..v6) or, with --global, `global`: the record's global beats from all its \
      leads (per beat the median of each fiducial across the leads that show the wave, checked \
      across beats: Measurements.globalBeats). All leads are delineated whichever --leads are \
      written, together, as extract delineates them (Measurements.delineateECG). By default \
      (--guided) a lead shows a P or T wave exactly where the global beat does, and keeps its \
      own boundaries within 8 ms of the global ones (Measurements.guidedLeadBeats); \
      --independent writes each lead as delineated on its own, --consensus the global \
      fiducials on every lead. A lead's r_peak is its own most prominent QRS peak \
      (Delineation.leadRPeak), except with --consensus and on the global rows, which carry the \
      beat's R peak fused across leads. Values are 0-based samples at the record's rate; an \
      empty cell means the wave is absent. A missing, flat or saturated lead takes no part and \
      its rows carry R peaks only, with a warning; so do a lead's beats that touch its missing \
      samples. A record that cannot be read or has \
      no usable lead is reported and skipped; the exit status is then 1.
      """)

  @Argument(help: "WFDB record paths without extension.")
  var records: [String]

  @Option(help: "Leads: all, or comma-separated names.")
  var leads = "all"

  @Flag(help: "Also write the record's global fiducials (`global` rows).")
  var global = false

  @Flag var mode: LeadFiducials = .guided

  @Option(help: "Output CSV (written atomically). Default: standard output.")
  var out: String?

  func run() throws {
    var csv = "record,lead,p_on,p_peak,p_off,qrs_on,r_peak,qrs_off,t_peak,t_off\n"
    var failures = 0
    func cell(_ v: Int?) -> String { v.map(String.init) ?? "" }
    func row(_ record: String, _ lead: String, _ b: BeatFiducials) -> String {
      "\(record),\(lead)," + Fiducial.allCases.map { cell($0.value(in: b)) }.joined(separator: ",") + "\n"
    }
    for path in records {
      do {
        let record = try readRecord(at: path)
        let result = try delineateRecord(record, leads: try selectLeads(leads, in: record, path: path), mode: mode)
        for (name, problem) in result.problems { warn("warning: \(path): lead \(name) is \(problem.rawValue): R peaks only") }
        for (name, beats) in result.leads { for b in beats { csv += row(record.name, name, b) } }
        if global { for b in result.global { csv += row(record.name, "global", b) } }
      } catch {
        failures += 1
        warn("error: \(path): skipped: \(error)")
      }
    }
    try emit(csv, to: out)
    if failures > 0 { throw ExitCode(1) }
  }
}

/// `ecglens validate delineation --db LUDB`.
struct ValidateDelineation: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "delineation",
    abstract: "Per-lead delineation vs LUDB's manual annotations: Se, PPV, error mean and SD per fiducial.",
    discussion: """
      Every lead of every record is scored against its annotation file (RECORD.i, .ii ...). A \
      detection matches a reference of the same fiducial one-to-one within --window-ms; only \
      detections inside the lead's annotated span (first to last annotation) count as false \
      positives, because LUDB leaves the first and last beats unannotated (a detection up to \
      the window outside the span may still match an annotation at its edge). A P wave reported absent \
      where none is annotated (atrial fibrillation) is correct: it adds neither a miss nor an \
      extra. Errors (detected - reference, ms) are over matched pairs; CSE 2SD tolerances are \
      shown where CSE gives one. A few LUDB waves are annotated without an onset or offset; \
      the detected onset or offset of such a wave is not scored.
      """)

  @Option(help: "LUDB folder.")
  var db: String

  @Option(help: "Match window in ms.")
  var windowMs = 150.0

  @Option(help: "Also write the table as CSV (atomically).")
  var out: String?

  @Option(help: "Override a delineation constant, NAME=VALUE (repeatable; for tuning runs).")
  var param: [String] = []

  @Flag var mode: LeadFiducials = .guided

  @Option(help: "Resample every record to this rate (Hz) before delineating, and score at the record's rate: checks that no constant is tied to one rate.")
  var rate: Double?

  @Option(help: "Score these fiducials (CSV in the `ecglens delineate` format) instead of running ECGLens, so other tools are scored by the same rules.")
  var detections: String?

  @Option(help: "Also write each record's counts and errors per fiducial, all leads pooled, as CSV (atomically): which records lose most.")
  var perRecord: String?

  func run() throws {
    var parameters = DelineationParameters()
    for p in param where !parameters.set(p) { throw CLIError("--param \(p): unknown constant or value") }
    let paths = try databaseRecords(db)
    let external = try detections.map(readDelineationCSV)
    var matches: [Fiducial: [BeatMatch]] = [:]
    var recordRows = "record,fiducial,reference,tp,fn,fp,mean_error_ms,sd_error_ms\n"
    var failures = 0
    for path in paths {
      do {
        let record = try readRecord(at: path)
        let fs = record.samplingFrequency
        let window = Int(windowMs / 1000 * fs)
        let leads = try selectLeads("all", in: record, path: path)
        let result = try external.map { e in leads.map { ($0.name, e[record.name]?[$0.name] ?? []) } }
          ?? delineateRecord(record, leads: leads, parameters: parameters, mode: mode, resampledTo: rate).leads
        var thisRecord: [Fiducial: [BeatMatch]] = [:]
        defer {
          for f in Fiducial.allCases where thisRecord[f] != nil {
            let g = BeatMatch.gross(thisRecord[f]!)
            let (mean, sd) = errorSummary(g)
            recordRows += "\(record.name),\(f.rawValue),\(g.truePositives + g.falseNegatives),\(g.truePositives),\(g.falseNegatives),"
              + "\(g.falsePositives)," + String(format: "%.2f,%.2f", mean, sd) + "\n"
          }
        }
        for (name, beats) in result {
          let reference = try readAnnotations(record: path, annotator: name)
          guard let firstAnn = reference.annotations.first?.sample, let lastAnn = reference.annotations.last?.sample else { continue }
          let (refs, gaps) = referenceWaves(reference)
          for f in Fiducial.allCases {
            // Detections belonging to a reference wave annotated without this fiducial are not scored.
            let unscored = Set(beats.filter { b in
              let anchor = f.rawValue.hasPrefix("p") ? b.pPeak : f.rawValue.hasPrefix("t") ? b.tPeak : b.rPeak
              guard let anchor else { return false }
              return (gaps[f] ?? []).contains { abs($0 - anchor) <= window }
            }.compactMap { f.value(in: $0) })
            let detected = beats.compactMap { f.value(in: $0) }
              .filter { $0 >= firstAnn - window && $0 <= lastAnn + window && !unscored.contains($0) }
            var m = matchBeats(reference: refs[f] ?? [], detected: detected, window: window)
            // Outside the annotated span a detection may still match an annotation at the span's
            // edge, but an unmatched one there is no error: that part is simply not annotated
            // (LUDB often starts at the QRS of the second beat, leaving its P wave unannotated).
            m.extra = m.extra.filter { $0 >= firstAnn && $0 <= lastAnn }
            m.falsePositives = m.extra.count
            m.offsets = m.offsets.map { Int((Double($0) * 1000 / fs * 1000).rounded()) }  // µs, for rate-independent pooling
            matches[f, default: []].append(m)
            thisRecord[f, default: []].append(m)
          }
        }
      } catch {
        failures += 1
        warn("error: \(path): skipped: \(error)")
      }
    }
    var csv = "fiducial,reference,tp,fn,fp,se_pct,ppv_pct,mean_error_ms,sd_error_ms,cse_tolerance_ms,within_cse\n"
    print("fiducial  reference     TP     FN     FP    Se %   PPV %   error ms (mean ± SD)   CSE 2SD")
    for f in Fiducial.allCases {
      let g = BeatMatch.gross(matches[f] ?? [])
      let (mean, sd) = errorSummary(g)
      let within = f.cseTolerance.map { abs(mean) <= 5 && sd <= $0 }
      print(String(format: "%-9@ %9d %6d %6d %6d %7.2f %7.2f   %+6.1f ± %5.1f        %@", f.rawValue, g.truePositives + g.falseNegatives,
        g.truePositives, g.falseNegatives, g.falsePositives, 100 * g.sensitivity, 100 * g.positivePredictivity, mean, sd,
        f.cseTolerance.map { String(format: "%.1f %@", $0, within! ? "yes" : "no") } ?? "-"))
      csv += "\(f.rawValue),\(g.truePositives + g.falseNegatives),\(g.truePositives),\(g.falseNegatives),\(g.falsePositives),"
        + String(format: "%.2f,%.2f,%.2f,%.2f,", 100 * g.sensitivity, 100 * g.positivePredictivity, mean, sd)
        + "\(f.cseTolerance.map { String($0) } ?? ""),\(within.map { $0 ? "yes" : "no" } ?? "")\n"
    }
    if let out { try emit(csv, to: out) }
    if let perRecord { try emit(recordRows, to: perRecord) }
    if failures > 0 { throw ExitCode(1) }
  }
}

/// Mean and SD (ms) of the matched errors, which `validate delineation` keeps in µs.
private func errorSummary(_ g: BeatMatch) -> (mean: Double, sd: Double) {
  let e = g.offsets.map { Double($0) / 1000 }
  let mean = e.isEmpty ? .nan : e.reduce(0, +) / Double(e.count)
  let sd = e.count < 2 ? .nan : (e.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(e.count - 1)).squareRoot()
  return (mean, sd)
}

/// Reads fiducials written in the `ecglens delineate` CSV format: record -> lead -> beats.
func readDelineationCSV(_ path: String) throws -> [String: [String: [BeatFiducials]]] {
  guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw CLIError("\(path): cannot read") }
  var out: [String: [String: [BeatFiducials]]] = [:]
  for (i, line) in text.split(whereSeparator: \.isNewline).enumerated() {
    if i == 0 {
      guard line == "record,lead,p_on,p_peak,p_off,qrs_on,r_peak,qrs_off,t_peak,t_off" else {
        throw CLIError("\(path): header must be record,lead,p_on,p_peak,p_off,qrs_on,r_peak,qrs_off,t_peak,t_off")
      }
      continue
    }
    let c = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    guard c.count == 10 else { throw CLIError("\(path): row \(i + 1) has \(c.count) cells, expected 10") }
    func v(_ k: Int) throws -> Int? {
      if c[k].isEmpty { return nil }
      guard let x = Int(c[k]) else { throw CLIError("\(path): row \(i + 1): \"\(c[k])\" is not a sample index") }
      return x
    }
    guard let r = try v(6) else { continue }
    var b = BeatFiducials(rPeak: r)
    b.pOnset = try v(2); b.pPeak = try v(3); b.pOffset = try v(4)
    b.qrsOnset = try v(5); b.qrsOffset = try v(7); b.tPeak = try v(8); b.tOffset = try v(9)
    out[c[0], default: [:]][c[1], default: []].append(b)
  }
  return out
}
