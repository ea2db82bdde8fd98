import ArgumentParser
import Delineation
import Extraction
import Signals

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
      samples. A record that cannot be read or has no usable lead is reported and skipped \
      (exit status 1).
      """)

  @Argument(help: "Records, folders or record lists.")
  var records: [String]

  @Option(help: "Leads: all, or comma-separated names.")
  var leads = "all"

  @Flag(help: "Also write the record's global fiducials (`global` rows).")
  var global = false

  @Flag var mode: LeadFiducials = .guided

  @Option(name: [.short, .long], help: "Output CSV (a file, written atomically; - for standard output).")
  var out = "-"

  @Option(
    help:
      "Also write why each global P wave or T offset that is absent is absent: CSV record,r_peak,wave,reason,leads,leads_showing (a file, atomically)."
  )
  var absences: String?

  @Option(help: "Override a delineation constant, NAME=VALUE (repeatable; for tuning runs).")
  var param: [String] = []

  func run() throws {
    var parameters = DelineationParameters()
    for p in param where !parameters.set(p) { throw CLIError("--param \(p): unknown constant or value") }
    var csv = delineationTableHeader + "\n", absent = absenceTableHeader + "\n"
    var done = 0, failures = 0
    for path in try discoverRecords(records) {
      do {
        let record = try readRecord(at: path)
        let result = try delineateRecord(record, leads: try selectLeads(leads, in: record, path: path), parameters: parameters, mode: mode)
        for (name, problem) in result.problems { warn("warning: \(path): lead \(name) is \(problem.rawValue): R peaks only") }
        for (name, beats) in result.leads { for b in beats { csv += delineationRow(record: record.name, lead: name, b) } }
        if global { for b in result.global { csv += delineationRow(record: record.name, lead: "global", b) } }
        absent += absenceRows(record: record.name, global: result.global, assessment: result.assessment)
        done += 1
      } catch {
        failures += 1
        warn("error: \(path): skipped: \(error)")
      }
    }
    try emit(csv, to: out)
    if let absences { try emit(absent, to: absences) }
    try finishBatch(succeeded: done, skipped: failures)
  }
}

extension LeadFiducials: EnumerableFlag {
  public static func help(for value: LeadFiducials) -> ArgumentHelp? {
    switch value {
    case .guided: return "Each lead's own fiducials, with wave presence and boundaries kept in line with the record's global beats."
    case .independent: return "Each lead delineated on its own, without the other leads."
    case .consensus: return "Every lead's rows carry the record's global (multi-lead) fiducials."
    }
  }
}
