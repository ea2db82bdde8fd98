import ArgumentParser
import Cohorts
import Foundation
import Statistics
import Tables

/// `ecglens cohort --ecgs ECGS.csv [--diagnoses ...] [--labs ...] [--cxr ...] --out LABELS.csv`.
struct Cohort: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Build prediction targets for ECGs from diagnoses (ICD-10/9), lab values and chest-X-ray findings.",
    discussion: """
      Default column names are MIMIC-IV's. Diagnoses (diagnoses_icd: subject_id, hadm_id, \
      icd_code, icd_version) are linked through encounters (admissions: hadm_id, admittime, \
      dischtime; or edstays with --encounter-id stay_id ...): the ECG's own encounter, or with \
      --window-days N every encounter overlapping ECG time +/- N days. Each code counts at every \
      level of the hierarchy (K7030 -> K703, K70); ICD-9 goes through the CMS GEMs; codes with \
      fewer than --min-count positive ECGs are not targets. Labs (labevents: subject_id, itemid, \
      charttime, valuenum, ref_range_lower, ref_range_upper): closest value within \
      --lab-window-minutes, low/high against the median reference range. Chest X-rays (one \
      column per finding: 1/0/-1/blank): PA/AP only, the closest ECG up to 24 h before. \
      Writes LABELS.csv (id, patient, time, one 0/1/empty column per target), \
      LABELS.targets.csv (per target: source, code, titles, block, chapter, positives, and the \
      sex a target is specific to, from ECGLens's list; pass it to train --sex-specific-from) and \
      LABELS.log.txt (counts of rows dropped or flagged, by reason) and \
      LABELS.dropped.csv (every such row with its reason).
      """)

  @Option(help: "ECG table (e.g. MIMIC-IV-ECG record_list.csv or machine_measurements.csv).")
  var ecgs: String
  @Option(help: "ECG id column.") var idColumn = "study_id"
  @Option(help: "Patient column (in every table).") var patientColumn = "subject_id"
  @Option(help: "ECG time column.") var timeColumn = "ecg_time"

  @Option(help: "Diagnoses table (diagnoses_icd shape).") var diagnoses: String?
  @Option(help: "Encounters table (admissions or edstays shape).") var encounters: String?
  @Option(help: "Encounter id column (diagnoses and encounters).") var encounterId = "hadm_id"
  @Option(help: "Encounter start column.") var encounterStart = "admittime"
  @Option(help: "Encounter end column.") var encounterEnd = "dischtime"
  @Option(help: "Link diagnoses within +/- N days of the ECG instead of by encounter.") var windowDays: Double?
  @Option(help: "Minimum positive ECGs for a diagnosis target.") var minCount = 200

  @Option(help: "Lab table (labevents shape).") var labs: String?
  @Option(help: "Lab time window, minutes either side of the ECG.") var labWindowMinutes = 60.0
  @Option(help: "Minimum ECGs with a value for a lab to be kept.") var minLabValues = 200

  @Option(help: "Chest-X-ray label table (one column per finding).") var cxr: String?
  @Option(help: "X-ray id column.") var cxrIdColumn = "study_id"
  @Option(help: "X-ray time column.") var cxrTimeColumn = "study_time"
  @Option(help: "X-ray view column.") var cxrViewColumn = "ViewPosition"
  @Option(help: "Uncertain (-1) findings: ignore, positive or negative.") var uncertain = "ignore"

  @Option(name: .customLong("patients"), help: "Patients table (MIMIC-IV patients: subject_id, gender, anchor_age) for the cohort summary by sex and age.")
  var patientsTable: String?
  @Option(help: "Sex column of --patients (M/F).") var genderColumn = "gender"
  @Option(help: "Age column of --patients (years).") var ageColumn = "anchor_age"

  @Option(help: "Output labels CSV (written atomically, with .targets.csv and .log.txt beside it).")
  var out: String

  func run() throws {
    var log = DropLog()
    func note(_ reason: String, _ example: String) { log.note(reason, example) }
    func merge(_ other: DropLog, _ prefix: String) { log.merge(other, prefix: prefix) }
    func text(_ t: DataTable, _ c: String, _ file: String) throws -> [String] {
      guard let i = t.index(of: c) else { throw CLIError("\(file): no column \"\(c)\" (columns: \(t.names.joined(separator: ", ")))") }
      switch t.columns[i] { case .text(let v): return v; case .numeric(let v): return v.map(formatCell) }
    }
    func numbers(_ t: DataTable, _ c: String, _ file: String) throws -> [Double] {
      guard let i = t.index(of: c) else { throw CLIError("\(file): no column \"\(c)\"") }
      guard case .numeric(let v) = t.columns[i] else { throw CLIError("\(file): column \"\(c)\" is not numeric") }
      return v
    }

    // ECGs.
    let ecgTable = try readCSV(at: ecgs, options: CSVReadOptions(textColumns: [idColumn, patientColumn, timeColumn]))
    let ids = try text(ecgTable, idColumn, ecgs), patients = try text(ecgTable, patientColumn, ecgs)
    let times = try text(ecgTable, timeColumn, ecgs)
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
    guard !events.isEmpty else { throw CLIError("\(ecgs): no usable ECG rows") }
    var targets: [String] = [], columns: [[Double]] = []
    var catalogueRows = "target,source,code,title,block,block_title,chapter,chapter_title,positives,sex\n"

    if let diagnoses {
      guard let encounters else { throw CLIError("--diagnoses needs --encounters (admissions or edstays) to link codes to ECGs") }
      let catalogue = try ICD10Catalogue.shipped()
      let enc = try readCSV(at: encounters, options: CSVReadOptions(textColumns: [patientColumn, encounterId, encounterStart, encounterEnd]))
      var encounterList: [Encounter] = []
      let eid = try text(enc, encounterId, encounters), ep = try text(enc, patientColumn, encounters)
      let es = try text(enc, encounterStart, encounters), ee = try text(enc, encounterEnd, encounters)
      for i in eid.indices {
        guard let s = parseTimestamp(es[i]), let e = parseTimestamp(ee[i]) else {
          note("encounter time that does not parse (skipped)", "\(eid[i]): \"\(es[i])\" / \"\(ee[i])\""); continue
        }
        if e < s { note("encounter ending before it starts (skipped)", eid[i]); continue }
        encounterList.append(Encounter(id: eid[i], patient: ep[i], start: s, end: e))
      }
      let dx = try readCSV(at: diagnoses, options: CSVReadOptions(textColumns: [patientColumn, encounterId, "icd_code"]))
      let dp = try text(dx, patientColumn, diagnoses), de = try text(dx, encounterId, diagnoses)
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
        linking: windowDays.map { .window(days: $0) } ?? .sameEncounter, catalogue: catalogue, minimumCount: minCount)
      merge(cohort.log, "diagnoses: ")
      for (k, t) in cohort.targets.enumerated() {
        targets.append(t); columns.append(cohort.labels[k])
        let e = catalogue.entry(cohort.codes[k])
        catalogueRows += [t, "diagnosis", cohort.codes[k], quoteCell(e?.title ?? "(not in ICD-10-CM)"), e?.block ?? "", quoteCell(e?.blockTitle ?? ""),
          e?.chapter ?? "", quoteCell(e?.chapterTitle ?? ""), String(cohort.positives[k]),
          sexRestriction(ofICD10: cohort.codes[k]) ?? ""].joined(separator: ",") + "\n"
      }
    }
    if let labs {
      let t = try readCSV(at: labs, options: CSVReadOptions(textColumns: [patientColumn, "itemid", "charttime"]))
      let p = try text(t, patientColumn, labs), item = try text(t, "itemid", labs), time = try text(t, "charttime", labs)
      let v = try numbers(t, "valuenum", labs), lo = try numbers(t, "ref_range_lower", labs), hi = try numbers(t, "ref_range_upper", labs)
      var results: [LabResult] = []
      for i in p.indices {
        guard let when = parseTimestamp(time[i]) else { note("lab time that does not parse (skipped)", "row \(i + 2): \"\(time[i])\""); continue }
        if v[i].isNaN { note("lab row without a numeric value (skipped)", "row \(i + 2)"); continue }
        results.append(LabResult(patient: p[i], item: item[i], time: when, value: v[i], lower: lo[i], upper: hi[i]))
      }
      let cohort = labLabels(ecgs: events, results: results, windowMinutes: labWindowMinutes, minimumValues: minLabValues)
      merge(cohort.log, "labs: ")
      for (k, name) in cohort.targets.enumerated() {
        targets.append(name); columns.append(cohort.labels[k])
        let item = String(name.dropFirst(4).split(separator: "_").first ?? "")
        let r = cohort.ranges.first { $0.item == item }
        catalogueRows += "\(name),lab,\(item),\(quoteCell("below or above \(formatCell(r?.lower ?? .nan))-\(formatCell(r?.upper ?? .nan))")),,,,,\(Int(cohort.labels[k].filter { $0 == 1 }.count)),\n"
      }
    }
    if let cxr {
      guard let policy = UncertainPolicy(rawValue: uncertain) else { throw CLIError("--uncertain must be ignore, positive or negative") }
      let t = try readCSV(at: cxr, options: CSVReadOptions(textColumns: [patientColumn, cxrIdColumn, cxrTimeColumn, cxrViewColumn]))
      let p = try text(t, patientColumn, cxr), xid = try text(t, cxrIdColumn, cxr)
      let time = try text(t, cxrTimeColumn, cxr), view = try text(t, cxrViewColumn, cxr)
      let findingNames = zip(t.names, t.columns).compactMap { name, column -> String? in
        if case .numeric = column, ![patientColumn, cxrIdColumn, cxrTimeColumn, cxrViewColumn].contains(name) { return name }
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
        catalogueRows += "\(name),chest x-ray,\(findingNames[k]),,,,,,\(cohort.labels[k].filter { $0 == 1 }.count),\n"
      }
    }
    guard diagnoses != nil || labs != nil || cxr != nil else { throw CLIError("give at least one of --diagnoses, --labs, --cxr") }

    var table = DataTable(rowCount: events.count)
    try table.append(idColumn, .text(events.map(\.id)))
    try table.append(patientColumn, .text(events.map(\.patient)))
    try table.append(timeColumn, .text(outTimes))
    for (t, c) in zip(targets, columns) { try table.append(t, .numeric(c)) }
    try writeCSV(table, to: out)
    let base = out.hasSuffix(".csv") ? String(out.dropLast(4)) : out
    try emit(catalogueRows, to: base + ".targets.csv")
    // Summary: per target, labelled and positive ECGs, by sex and age when patients are given.
    var sexOf: [String: String] = [:], ageOf: [String: Double] = [:]
    if let patientsTable {
      let t = try readCSV(at: patientsTable, options: CSVReadOptions(textColumns: [patientColumn, genderColumn]))
      let p = try text(t, patientColumn, patientsTable), g = try text(t, genderColumn, patientsTable)
      let a = try numbers(t, ageColumn, patientsTable)
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
    print("\(events.count) ECGs of \(Set(events.map(\.patient)).count) patients, \(targets.count) targets -> \(out)")
    if !ages.isEmpty {
      let s = ages.sorted()
      print("  age (years): median \(formatCell(s[s.count / 2])), quartiles \(formatCell(s[s.count / 4]))-\(formatCell(s[3 * s.count / 4])); "
        + "sex: \(events.filter { sexOf[$0.patient] == "M" }.count) ECGs male, \(events.filter { sexOf[$0.patient] == "F" }.count) female")
    }
    for (t, c) in zip(targets, columns) {
      let labelled = c.indices.filter { !c[$0].isNaN }, pos = labelled.filter { c[$0] == 1 }
      let male = pos.filter { sexOf[events[$0].patient] == "M" }.count, female = pos.filter { sexOf[events[$0].patient] == "F" }.count
      summary += [quoteCell(t), String(labelled.count), String(pos.count),
        labelled.isEmpty ? "" : formatCell(Double(pos.count) / Double(labelled.count)),
        patientsTable == nil ? "" : String(male), patientsTable == nil ? "" : String(female),
        medianOf(pos.map { ageOf[events[$0].patient] ?? .nan }),
        medianOf(labelled.filter { c[$0] == 0 }.map { ageOf[events[$0].patient] ?? .nan })].joined(separator: ",") + "\n"
      print("  \(t): \(pos.count) positive of \(labelled.count) labelled" + (patientsTable == nil ? "" : " (\(male) male, \(female) female)"))
    }
    try emit(summary, to: base + ".summary.csv")
    var logText = "# rows dropped or flagged, by reason (count, first examples); every row is in .dropped.csv\n"
    var dropped = "source,reason,row\n"
    for (reason, rows) in log.entries.sorted(by: { $0.key < $1.key }) {
      logText += "\(reason): \(rows.count) (e.g. \(rows.prefix(5).joined(separator: "; ")))\n"
      let parts = reason.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
      let (source, why) = parts.count == 2 && ["diagnoses", "labs", "chest X-rays"].contains(parts[0]) ? (parts[0], parts[1]) : ("ecgs", reason)
      for r in rows { dropped += "\(quoteCell(source)),\(quoteCell(why)),\(quoteCell(r))\n" }
    }
    try emit(logText, to: base + ".log.txt")
    try emit(dropped, to: base + ".dropped.csv")
    if !log.isEmpty {
      warn("notes (details in \(base).log.txt and .dropped.csv):\n"
        + log.entries.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value.count)" }.joined(separator: "\n"))
    }
  }
}
