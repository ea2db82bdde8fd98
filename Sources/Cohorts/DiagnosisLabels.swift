/// An ECG to label.
public struct ECGEvent: Sendable {
  public let id: String
  public let patient: String
  /// Seconds (`parseTimestamp`).
  public let time: Double
  public init(id: String, patient: String, time: Double) { self.id = id; self.patient = patient; self.time = time }
}

/// A hospital stay or ED visit (MIMIC-IV `admissions`: hadm_id, admittime, dischtime;
/// `edstays`: stay_id, intime, outtime).
public struct Encounter: Sendable {
  public let id: String
  public let patient: String
  public let start: Double
  public let end: Double
  public init(id: String, patient: String, start: Double, end: Double) {
    self.id = id; self.patient = patient; self.start = start; self.end = end
  }
}

/// One coded diagnosis of an encounter (MIMIC-IV `diagnoses_icd`: subject_id, hadm_id,
/// icd_code, icd_version).
public struct CodedDiagnosis: Sendable {
  public let patient: String
  public let encounter: String
  public let code: String
  public let version: Int
  public init(patient: String, encounter: String, code: String, version: Int) {
    self.patient = patient; self.encounter = encounter; self.code = code; self.version = version
  }
}

/// How an ECG is linked to diagnoses.
public enum DiagnosisLinking: Sendable, Equatable {
  /// The codes of the encounter during which the ECG was taken (start ≤ ECG time ≤ end). An ECG
  /// taken outside every encounter of its patient is left unlabelled.
  case sameEncounter
  /// The codes of every encounter of the patient overlapping ECG time ± `days` (ECG-View style).
  /// An ECG with no such encounter is negative for every code.
  case window(days: Double)
}

/// Diagnosis targets built by `diagnosisLabels`.
public struct DiagnosisCohort: Sendable {
  /// Target column names (`icd10_K703`), most frequent first.
  public let targets: [String]
  /// The ICD-10 code of each target.
  public let codes: [String]
  /// labels[t][e]: 1, 0, or NaN (unlabelled) for target t and ECG e.
  public let labels: [[Double]]
  /// Positive ECGs per target.
  public let positives: [Int]
  /// Rows dropped or flagged, by reason.
  public let log: DropLog
}

/// Builds one 0/1 column per ICD-10 code (at every level of the hierarchy: a K7030 diagnosis
/// makes the ECG positive for K7030, K703 and K70) that at least `minimumCount` ECGs are
/// positive for.
///
/// ICD-9 codes are mapped to ICD-10-CM through the CMS GEMs (every mapped code counts). Codes
/// the catalogue does not know are kept as they are, flagged and counted in the log.
public func diagnosisLabels(
  ecgs: [ECGEvent], encounters: [Encounter], diagnoses: [CodedDiagnosis], linking: DiagnosisLinking,
  catalogue: ICD10Catalogue, minimumCount: Int = 200
) -> DiagnosisCohort {
  var log = DropLog()
  func note(_ reason: String, _ example: String) { log.note(reason, example) }
  // Codes per encounter, normalised, ICD-9 mapped, expanded to ancestors.
  var codesOf: [String: Set<String>] = [:]
  for d in diagnoses {
    let raw = normalizeICDCode(d.code)
    var codes: [String]
    if d.version == 9 {
      codes = catalogue.icd10(fromICD9: raw)
      if codes.isEmpty { note("ICD-9 code without an ICD-10-CM mapping (dropped)", d.code); continue }
    } else {
      codes = [raw]
    }
    for c in codes {
      if catalogue.entry(c) == nil { note("code not in ICD-10-CM (kept, flagged)", c) }
      codesOf[d.encounter, default: []].formUnion(icdAncestors(c))
    }
  }
  var encountersOf: [String: [Encounter]] = [:]
  for e in encounters { encountersOf[e.patient, default: []].append(e) }
  // Linked codes per ECG (nil: unlabelled).
  var linked: [Set<String>?] = []
  for ecg in ecgs {
    let candidates = encountersOf[ecg.patient] ?? []
    switch linking {
    case .sameEncounter:
      let hits = candidates.filter { $0.start <= ecg.time && ecg.time <= $0.end }
      if hits.isEmpty { note("ECG outside every encounter of its patient (unlabelled)", ecg.id); linked.append(nil); continue }
      linked.append(hits.reduce(into: Set<String>()) { $0.formUnion(codesOf[$1.id] ?? []) })
    case .window(let days):
      let w = days * 86_400
      let hits = candidates.filter { $0.end >= ecg.time - w && $0.start <= ecg.time + w }
      if hits.isEmpty { note("ECG with no encounter in the window (negative for every code)", ecg.id) }
      linked.append(hits.reduce(into: Set<String>()) { $0.formUnion(codesOf[$1.id] ?? []) })
    }
  }
  var counts: [String: Int] = [:]
  for set in linked { for c in set ?? [] { counts[c, default: 0] += 1 } }
  let kept = counts.filter { $0.value >= minimumCount }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
  let labels = kept.map { code, _ in linked.map { set in set.map { $0.contains(code) ? 1.0 : 0.0 } ?? .nan } }
  return DiagnosisCohort(
    targets: kept.map { "icd10_" + $0.key }, codes: kept.map(\.key), labels: labels, positives: kept.map(\.value), log: log)
}
