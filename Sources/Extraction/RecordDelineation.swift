import DSP
import Delineation
import Measurements
import Signals

/// The leads of a record to delineate: "all" or comma-separated names, with LUDB's lower-case
/// spelling in the output.
public func selectLeads(_ spec: String, in record: Record, path: String) throws(ExtractionError) -> [(index: Int, name: String)] {
  try selectLeads(spec, in: record.header, path: path)
}

/// `selectLeads` from a record's header.
public func selectLeads(_ spec: String, in header: WFDBHeader, path: String) throws(ExtractionError) -> [(index: Int, name: String)] {
  try selectLeads(spec, names: header.signals.map(\.description), path: path)
}

/// `selectLeads` among a recording's lead names: "all", or comma-separated names (any case).
public func selectLeads(_ spec: String, names: [String], path: String) throws(ExtractionError) -> [(index: Int, name: String)] {
  if spec == "all" { return names.enumerated().map { ($0.offset, $0.element.lowercased()) } }
  var selected: [(index: Int, name: String)] = []
  for name in spec.split(separator: ",") {
    let n = String(name).trimmingCharacters(in: .whitespaces)
    guard let i = names.firstIndex(where: { $0.lowercased() == n.lowercased() }) else {
      throw .record(path: path, reason: "no lead named \(n) (signals: \(names.joined(separator: ", ")))")
    }
    selected.append((i, names[i].lowercased()))
  }
  return selected
}

/// What `delineate` writes on each lead's rows.
public enum LeadFiducials: String, Sendable, CaseIterable {
  /// The lead's own fiducials brought into line with the global beats (`guidedLeadBeats`), and
  /// the lead's own R peak (`leadRPeak`).
  case guided
  /// The lead delineated on its own (`delineate(leads:)`), without the other leads, and its own
  /// R peak (`leadRPeak`).
  case independent
  /// The record's global fiducials of each beat, the same on every lead (`globalBeats`), with
  /// the fused R peak.
  case consensus
}

/// Fiducials of a record's leads as `delineate` writes them, and its global beats.
public struct RecordDelineation: Sendable {
  public var leads: [(name: String, beats: [BeatFiducials])]
  public var global: [BeatFiducials]
  /// Per global beat, why its P wave or T offset is absent (`Measurements.assessedGlobalBeats`).
  public var assessment: [WaveAssessment] = []
  /// Leads left out because they are missing, flat or saturated (`leadProblem`), by name; their
  /// rows carry R peaks only. Empty for a record delineated in chunks: `notes` says which
  /// chunks each lead was left out of.
  public var problems: [(name: String, problem: LeadProblem)] = []
  /// For a record delineated in chunks: which chunks a lead was left out of, and chunks that
  /// could not be delineated (their beats have R peaks only) or gave no beats.
  public var notes: [String] = []
}

/// Every lead of the record delineated together (`Measurements.delineateECG`, as `extract`
/// does), and the selected leads' rows as `mode` says. A lead that takes no part (missing,
/// flat or saturated) has rows with R peaks only, and `problems` names it; so has a beat that
/// touches a lead's missing samples.
///
/// - Parameters:
///   - using: the signals (indices into the record) to delineate with; nil for all of them.
///     `leads` must be among them. With a subset, the global beats come from those leads only:
///     this is how `validate delineation --leads` checks delineation with one, two or three leads.
///   - rate: resample the signals to this rate (Hz, `DSP.resample`, as SciPy's `resample_poly`)
///     before delineating; the fiducials are reported at the record's rate (rounded to the
///     nearest sample).
public func delineateRecord(
  _ record: Record, leads: [(index: Int, name: String)], parameters: DelineationParameters = .init(), mode: LeadFiducials = .guided,
  resampledTo rate: Double? = nil, using signals: [Int]? = nil
) throws -> RecordDelineation {
  let fs = record.samplingFrequency
  let used = signals ?? Array(record.digital.indices)
  let all = used.map { record.physical($0) }
  let names = used.map { record.signalNames[$0].lowercased() }
  let rows = try leads.map { lead throws(ExtractionError) -> (index: Int, name: String) in
    guard let k = used.firstIndex(of: lead.index) else {
      throw .record(path: record.name, reason: "lead \(lead.name) is written but not among the leads delineated")
    }
    return (k, lead.name)
  }
  guard let rate, rate != fs else {
    return try delineateSignals(all, names: names, samplingRate: fs, leads: rows, parameters: parameters, mode: mode)
  }
  // Delineate the resampled signals, report at the record's rate.
  let resampled = try all.map { try resample($0, from: fs, to: rate) }
  var result = try delineateSignals(resampled, names: names, samplingRate: rate, leads: rows, parameters: parameters, mode: mode)
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
  return result
}

/// `delineateRecord` on signals already in memory (mV, one array per signal, named by `names`).
public func delineateSignals(
  _ all: [[Double]], names: [String], samplingRate fs: Double, leads: [(index: Int, name: String)], parameters: DelineationParameters,
  mode: LeadFiducials
) throws -> RecordDelineation {
  let d = try delineateECG(leads: all, descriptions: names, samplingRate: fs, parameters: parameters)
  return leadRows(d, all: all, names: names, samplingRate: fs, leads: leads, parameters: parameters, mode: mode)
}

/// The rows `delineate` writes from an ECG's delineation: `mode`'s fiducials per selected lead,
/// each lead's own R peak outside `--consensus`, and the global beats.
func leadRows(
  _ d: ECGDelineation, all: [[Double]], names: [String], samplingRate fs: Double, leads: [(index: Int, name: String)],
  parameters: DelineationParameters, mode: LeadFiducials
) -> RecordDelineation {
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
    leads: leads.map { ($0.name, rows[$0.index]) }, global: d.global, assessment: d.assessment,
    problems: all.indices.compactMap { i in d.problems[i].map { (names[i], $0) } })
}
