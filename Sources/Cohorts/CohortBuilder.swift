import Core
import Foundation
import Tables

/// Everything `buildCohort` needs. Default column names are MIMIC-IV's.
public struct CohortRequest: Sendable {
  /// ECG table (MIMIC-IV-ECG record_list.csv or machine_measurements.csv) and its columns.
  public var ecgs: String
  public var idColumn = "study_id"
  public var patientColumn = "subject_id"
  public var timeColumn = "ecg_time"
  /// Diagnoses (diagnoses_icd shape), linked through encounters (admissions or edstays).
  public var diagnoses: String?
  public var encounters: String?
  public var encounterId = "hadm_id"
  public var encounterStart = "admittime"
  public var encounterEnd = "dischtime"
  /// Link diagnoses within ± this many days of the ECG instead of by encounter.
  public var windowDays: Double?
  /// Minimum positive ECGs for a diagnosis target.
  public var minCount = 200
  /// Labs (labevents shape), the window either side of the ECG (minutes), and the minimum
  /// ECG-linked values for a lab to be kept.
  public var labs: String?
  public var labWindowMinutes = 60.0
  public var minLabValues = 200
  /// Chest-X-ray label table (one column per finding: 1/0/-1/blank) and its columns.
  public var cxr: String?
  public var cxrIdColumn = "study_id"
  public var cxrTimeColumn = "study_time"
  public var cxrViewColumn = "ViewPosition"
  /// Uncertain (-1) findings: ignore, positive or negative.
  public var uncertain = UncertainPolicy.ignore
  /// Patients table (subject_id, sex, age) for the summary by sex and age.
  public var patientsTable: String?
  public var genderColumn = "gender"
  public var ageColumn = "anchor_age"
  /// Output labels CSV; `.targets.csv`, `.summary.csv`, `.log.txt` and `.dropped.csv` beside it.
  public var out: String

  public init(ecgs: String, out: String) { self.ecgs = ecgs; self.out = out }
}

/// What `buildCohort` reports: lines for standard output (counts per target) and notes for
/// standard error (rows dropped or flagged, by reason).
public struct CohortReport: Sendable {
  public var messages: [String] = []
  public var notes: [String] = []
}

/// Builds prediction targets for ECGs from diagnoses (ICD-10 and ICD-9 via GEMs, propagated up
/// the hierarchy), lab values and chest-X-ray findings, linked in time to each ECG, and writes
/// the labels with their target catalogue, summary and drop log (atomically). Bad rows are
/// reported and never dropped silently.
public func buildCohort(_ r: CohortRequest) throws -> CohortReport {
  var messages: [String] = [], notes: [String] = []
  var log = DropLog()
  func note(_ reason: String, _ example: String) { log.note(reason, example) }
  func merge(_ other: DropLog, _ prefix: String) { log.merge(other, prefix: prefix) }
  func text(_ t: DataTable, _ c: String, _ file: String) throws -> [String] {
    guard let i = t.index(of: c) else { throw CohortsError.input("\(file): no column \"\(c)\" (columns: \(t.names.joined(separator: ", ")))") }
    switch t.columns[i] {
    case .text(let v): return v
    case .numeric(let v): return v.map(formatCell)
    }
  }
  func numbers(_ t: DataTable, _ c: String, _ file: String) throws -> [Double] {
    guard let i = t.index(of: c) else { throw CohortsError.input("\(file): no column \"\(c)\"") }
    guard case .numeric(let v) = t.columns[i] else { throw CohortsError.input("\(file): column \"\(c)\" is not numeric") }
    return v
  }

  // ECGs.
  let ecgTable = try readCSV(at: r.ecgs, options: CSVReadOptions(textColumns: [r.idColumn, r.patientColumn, r.timeColumn]))
  let ids = try text(ecgTable, r.idColumn, r.ecgs), patients = try text(ecgTable, r.patientColumn, r.ecgs)
  let times = try text(ecgTable, r.timeColumn, r.ecgs)
  var events: [ECGEvent] = [], seen: Set<String> = []
  var outTimes: [String] = []
  for i in ids.indices {
    if ids[i].isEmpty { note("ECG row without an id (skipped)", "row \(i + 2)"); continue }
    if patients[i].isEmpty { note("ECG without a patient id (skipped)", ids[i]); continue }
    if seen.contains(ids[i]) { note("duplicate ECG id (first row kept)", ids[i]); continue }
    guard let t = parseTimestamp(times[i]) else { note("ECG time that does not parse (skipped)", "\(ids[i]): \"\(times[i])\""); continue }
    seen.insert(ids[i])
    events.append(ECGEvent(id: ids[i], patient: patients[i], time: t))
    outTimes.append(times[i])
  }
  guard !events.isEmpty else { throw CohortsError.input("\(r.ecgs): no usable ECG rows") }
  var targets: [String] = [], columns: [[Double]] = []
  var catalogueRows = "target,source,code,title,block,block_title,chapter,chapter_title,positives,sex\n"

  if let diagnoses = r.diagnoses {
    guard let encounters = r.encounters else {
      throw CohortsError.input("--diagnoses needs --encounters (admissions or edstays) to link codes to ECGs")
    }
    let catalogue = try ICD10Catalogue.shipped()
    let enc = try readCSV(at: encounters, options: CSVReadOptions(textColumns: [r.patientColumn, r.encounterId, r.encounterStart, r.encounterEnd]))
    var encounterList: [Encounter] = []
    let eid = try text(enc, r.encounterId, encounters), ep = try text(enc, r.patientColumn, encounters)
    let es = try text(enc, r.encounterStart, encounters), ee = try text(enc, r.encounterEnd, encounters)
    for i in eid.indices {
      guard let s = parseTimestamp(es[i]), let e = parseTimestamp(ee[i]) else {
        note("encounter time that does not parse (skipped)", "\(eid[i]): \"\(es[i])\" / \"\(ee[i])\""); continue
      }
      if e < s { note("encounter ending before it starts (skipped)", eid[i]); continue }
      encounterList.append(Encounter(id: eid[i], patient: ep[i], start: s, end: e))
    }
    let dx = try readCSV(at: diagnoses, options: CSVReadOptions(textColumns: [r.patientColumn, r.encounterId, "icd_code"]))
    let dp = try text(dx, r.patientColumn, diagnoses), de = try text(dx, r.encounterId, diagnoses)
    let dc = try text(dx, "icd_code", diagnoses), dv = try numbers(dx, "icd_version", diagnoses)
    var coded: [CodedDiagnosis] = []
    var seenRows: Set<String> = []
    for i in dc.indices {
      guard dv[i] == 9 || dv[i] == 10 else { note("ICD version not 9 or 10 (skipped)", "row \(i + 2): \(formatCell(dv[i]))"); continue }
      if dc[i].isEmpty { note("empty ICD code (skipped)", "row \(i + 2)"); continue }
      let key = "\(de[i])|\(dc[i])|\(dv[i])"
      if !seenRows.insert(key).inserted { note("duplicate diagnosis row (counted once)", "\(de[i]) \(dc[i])") }
      coded.append(CodedDiagnosis(patient: dp[i], encounter: de[i], code: dc[i], version: Int(dv[i])))
    }
    let cohort = diagnosisLabels(
      ecgs: events, encounters: encounterList, diagnoses: coded,
      linking: r.windowDays.map { .window(days: $0) } ?? .sameEncounter, catalogue: catalogue, minimumCount: r.minCount)
    merge(cohort.log, "diagnoses: ")
    for (k, t) in cohort.targets.enumerated() {
      targets.append(t); columns.append(cohort.labels[k])
      let e = catalogue.entry(cohort.codes[k])
      catalogueRows += csvLine([
        t, "diagnosis", cohort.codes[k], e?.title ?? "(not in ICD-10-CM)", e?.block ?? "", e?.blockTitle ?? "", e?.chapter ?? "",
        e?.chapterTitle ?? "", String(cohort.positives[k]), sexRestriction(ofICD10: cohort.codes[k]) ?? "",
      ])
    }
  }
  if let labs = r.labs {
    let t = try readCSV(at: labs, options: CSVReadOptions(textColumns: [r.patientColumn, "itemid", "charttime"]))
    let p = try text(t, r.patientColumn, labs), item = try text(t, "itemid", labs), time = try text(t, "charttime", labs)
    let v = try numbers(t, "valuenum", labs), lo = try numbers(t, "ref_range_lower", labs), hi = try numbers(t, "ref_range_upper", labs)
    var results: [LabResult] = []
    for i in p.indices {
      guard let when = parseTimestamp(time[i]) else { note("lab time that does not parse (skipped)", "row \(i + 2): \"\(time[i])\""); continue }
      if v[i].isNaN { note("lab row without a numeric value (skipped)", "row \(i + 2)"); continue }
      results.append(LabResult(patient: p[i], item: item[i], time: when, value: v[i], lower: lo[i], upper: hi[i]))
    }
    let cohort = labLabels(ecgs: events, results: results, windowMinutes: r.labWindowMinutes, minimumValues: r.minLabValues)
    merge(cohort.log, "labs: ")
    for (k, name) in cohort.targets.enumerated() {
      targets.append(name); columns.append(cohort.labels[k])
      let item = String(name.dropFirst(4).split(separator: "_").first ?? "")
      let r = cohort.ranges.first { $0.item == item }
      catalogueRows += csvLine([
        name, "lab", item, "below or above \(formatCell(r?.lower ?? .nan))-\(formatCell(r?.upper ?? .nan))", "", "", "", "",
        String(Int(cohort.labels[k].filter { $0 == 1 }.count)), "",
      ])
    }
  }
  if let cxr = r.cxr {
    let policy = r.uncertain
    let t = try readCSV(at: cxr, options: CSVReadOptions(textColumns: [r.patientColumn, r.cxrIdColumn, r.cxrTimeColumn, r.cxrViewColumn]))
    let p = try text(t, r.patientColumn, cxr), xid = try text(t, r.cxrIdColumn, cxr)
    let time = try text(t, r.cxrTimeColumn, cxr), view = try text(t, r.cxrViewColumn, cxr)
    let findingNames = zip(t.names, t.columns).compactMap { name, column -> String? in
      if case .numeric = column, ![r.patientColumn, r.cxrIdColumn, r.cxrTimeColumn, r.cxrViewColumn].contains(name) { return name }
      return nil
    }
    let values = try findingNames.map { try numbers(t, $0, cxr) }
    var xrays: [ChestXRay] = []
    for i in p.indices {
      guard let when = parseTimestamp(time[i]) else { note("X-ray time that does not parse (skipped)", "\(xid[i]): \"\(time[i])\""); continue }
      xrays.append(ChestXRay(id: xid[i], patient: p[i], time: when, view: view[i], findings: values.map { $0[i] }))
    }
    let cohort = chestXRayLabels(ecgs: events, xrays: xrays, findings: findingNames, uncertain: policy)
    merge(cohort.log, "chest X-rays: ")
    for (k, name) in cohort.targets.enumerated() {
      targets.append(name); columns.append(cohort.labels[k])
      catalogueRows += csvLine([name, "chest x-ray", findingNames[k], "", "", "", "", "", String(cohort.labels[k].filter { $0 == 1 }.count), ""])
    }
  }
  guard r.diagnoses != nil || r.labs != nil || r.cxr != nil else { throw CohortsError.input("give at least one of --diagnoses, --labs, --cxr") }

  var table = DataTable(rowCount: events.count)
  try table.append(r.idColumn, .text(events.map(\.id)))
  try table.append(r.patientColumn, .text(events.map(\.patient)))
  try table.append(r.timeColumn, .text(outTimes))
  for (t, c) in zip(targets, columns) { try table.append(t, .numeric(c)) }
  try writeCSV(table, to: r.out)
  let base = r.out.hasSuffix(".csv") ? String(r.out.dropLast(4)) : r.out
  try writeTextFile(catalogueRows, to: base + ".targets.csv")
  // Summary: per target, labelled and positive ECGs, by sex and age when patients are given.
  var sexOf: [String: String] = [:], ageOf: [String: Double] = [:]
  if let patientsTable = r.patientsTable {
    let t = try readCSV(at: patientsTable, options: CSVReadOptions(textColumns: [r.patientColumn, r.genderColumn]))
    let p = try text(t, r.patientColumn, patientsTable), g = try text(t, r.genderColumn, patientsTable)
    let a = try numbers(t, r.ageColumn, patientsTable)
    for i in p.indices { sexOf[p[i]] = g[i].uppercased(); ageOf[p[i]] = a[i] }
    let missing = Set(events.map(\.patient)).filter { sexOf[$0] == nil }
    for m in missing.sorted() { note("patient missing from the patients table (no sex or age in the summary)", m) }
  }
  let ages = events.compactMap { ageOf[$0.patient] }.filter { !$0.isNaN }
  var summary = "target,labelled,positives,prevalence,positives_male,positives_female,median_age_positives,median_age_negatives\n"
  func medianOf(_ v: [Double]) -> String {
    let known = v.filter { !$0.isNaN }
    return known.isEmpty ? "" : formatCell(quantile(known, 0.5))
  }
  messages.append("\(events.count) ECGs of \(Set(events.map(\.patient)).count) patients, \(targets.count) targets -> \(r.out)")
  if !ages.isEmpty {
    let s = ages.sorted()
    messages.append(
      "  age (years): median \(formatCell(s[s.count / 2])), quartiles \(formatCell(s[s.count / 4]))-\(formatCell(s[3 * s.count / 4])); "
        + "sex: \(events.filter { sexOf[$0.patient] == "M" }.count) ECGs male, \(events.filter { sexOf[$0.patient] == "F" }.count) female")
  }
  for (t, c) in zip(targets, columns) {
    let labelled = c.indices.filter { !c[$0].isNaN }, pos = labelled.filter { c[$0] == 1 }
    let male = pos.filter { sexOf[events[$0].patient] == "M" }.count, female = pos.filter { sexOf[events[$0].patient] == "F" }.count
    summary += csvLine([
      t, String(labelled.count), String(pos.count),
      labelled.isEmpty ? "" : formatCell(Double(pos.count) / Double(labelled.count)),
      r.patientsTable == nil ? "" : String(male), r.patientsTable == nil ? "" : String(female),
      medianOf(pos.map { ageOf[events[$0].patient] ?? .nan }),
      medianOf(labelled.filter { c[$0] == 0 }.map { ageOf[events[$0].patient] ?? .nan }),
    ])
    messages.append(
      "  \(t): \(pos.count) positive of \(labelled.count) labelled" + (r.patientsTable == nil ? "" : " (\(male) male, \(female) female)"))
  }
  try writeTextFile(summary, to: base + ".summary.csv")
  var logText = "# rows dropped or flagged, by reason (count, first examples); every row is in .dropped.csv\n"
  var dropped = "source,reason,row\n"
  for (reason, rows) in log.entries.sorted(by: { $0.key < $1.key }) {
    logText += "\(reason): \(rows.count) (e.g. \(rows.prefix(5).joined(separator: "; ")))\n"
    let parts = reason.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
    let (source, why) = parts.count == 2 && ["diagnoses", "labs", "chest X-rays"].contains(parts[0]) ? (parts[0], parts[1]) : ("ecgs", reason)
    for r in rows { dropped += csvLine([source, why, r]) }
  }
  try writeTextFile(logText, to: base + ".log.txt")
  try writeTextFile(dropped, to: base + ".dropped.csv")
  if !log.isEmpty {
    notes.append(
      "notes (details in \(base).log.txt and .dropped.csv):\n"
        + log.entries.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value.count)" }.joined(separator: "\n"))
  }
  return CohortReport(messages: messages, notes: notes)
}

private func writeTextFile(_ text: String, to path: String) throws {
  try writeFileAtomically(Data(text.utf8), to: path)
}
