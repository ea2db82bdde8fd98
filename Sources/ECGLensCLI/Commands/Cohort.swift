import ArgumentParser
import Cohorts
import Core

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
  @Option(help: "Uncertain (-1) findings: ignore, positive or negative.") var uncertain = UncertainPolicy.ignore

  @Option(
    name: .customLong("patients"), help: "Patients table (MIMIC-IV patients: subject_id, gender, anchor_age) for the cohort summary by sex and age.")
  var patientsTable: String?
  @Option(help: "Sex column of --patients (M/F).") var sexColumn = "gender"
  @Option(name: .customLong("gender-column"), help: .hidden) var legacyGenderColumn: String?
  @Option(help: "Age column of --patients (years).") var ageColumn = "anchor_age"

  @Option(
    name: [.short, .long],
    help: "Output labels CSV (a file, written atomically, with .targets.csv, .summary.csv, .log.txt and .dropped.csv beside it).")
  var out: String

  func validate() throws {
    guard diagnoses != nil || labs != nil || cxr != nil else { throw CLIError("give at least one of --diagnoses, --labs, --cxr") }
    if diagnoses != nil && encounters == nil {
      throw CLIError("--diagnoses needs --encounters (admissions or edstays) to link codes to ECGs")
    }
    guard minCount >= 1, minLabValues >= 1 else { throw CLIError("--min-count and --min-lab-values must be at least 1") }
  }

  func run() throws {
    var r = CohortRequest(ecgs: ecgs, out: out)
    r.idColumn = idColumn; r.patientColumn = patientColumn; r.timeColumn = timeColumn
    r.diagnoses = diagnoses; r.encounters = encounters; r.encounterId = encounterId
    r.encounterStart = encounterStart; r.encounterEnd = encounterEnd; r.windowDays = windowDays; r.minCount = minCount
    r.labs = labs; r.labWindowMinutes = labWindowMinutes; r.minLabValues = minLabValues
    r.cxr = cxr; r.cxrIdColumn = cxrIdColumn; r.cxrTimeColumn = cxrTimeColumn; r.cxrViewColumn = cxrViewColumn
    r.uncertain = uncertain
    r.patientsTable = patientsTable; r.genderColumn = legacyGenderColumn ?? sexColumn; r.ageColumn = ageColumn
    let report = try buildCohort(r)
    for m in report.messages { Console.out(m) }
    for n in report.notes { warn(n) }
  }
}

extension UncertainPolicy: ExpressibleByArgument {}
