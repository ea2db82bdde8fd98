import Foundation

/// A chest X-ray with its findings (CheXpert / CXR-LT style: 1 present, 0 absent, -1 uncertain,
/// NaN blank = not mentioned).
public struct ChestXRay: Sendable {
  public let id: String
  public let patient: String
  public let time: Double
  /// View position as written (PA, AP, LATERAL ...).
  public let view: String
  public let findings: [Double]
  public init(id: String, patient: String, time: Double, view: String, findings: [Double]) {
    self.id = id; self.patient = patient; self.time = time; self.view = view; self.findings = findings
  }
}

/// What an uncertain (-1) finding becomes (Irvin et al., CheXpert, AAAI 2019).
public enum UncertainPolicy: String, Sendable, CaseIterable {
  /// Unlabelled (NaN): the row does not count for that finding. The default.
  case ignore
  /// U-Ones: counted as present.
  case positive
  /// U-Zeros: counted as absent.
  case negative
}

/// Chest-X-ray targets built by `chestXRayLabels`.
public struct ChestXRayCohort: Sendable {
  public let targets: [String]
  public let labels: [[Double]]
  /// ECGs paired with an X-ray.
  public let paired: Int
  /// Rows dropped or flagged, by reason.
  public let log: DropLog
}

/// Pairs each frontal (PA or AP) chest X-ray with the closest ECG of the same patient taken up
/// to `maximumHours` before it, and gives that ECG the X-ray's findings (when several X-rays pick
/// one ECG, the earliest X-ray counts). Blank findings are absent (0: not mentioned); uncertain
/// ones follow `uncertain`. ECGs without a paired X-ray are unlabelled. The ECG-to-X-ray gap is
/// used for pairing only and is never written out, since it would leak the clinical pathway.
public func chestXRayLabels(
  ecgs: [ECGEvent], xrays: [ChestXRay], findings: [String], uncertain: UncertainPolicy = .ignore,
  maximumHours: Double = 24
) -> ChestXRayCohort {
  var log = DropLog()
  func note(_ reason: String, _ example: String) { log.note(reason, example) }
  var ecgsOf: [String: [Int]] = [:]
  for (i, e) in ecgs.enumerated() { ecgsOf[e.patient, default: []].append(i) }
  var chosen: [Int: ChestXRay] = [:]
  for x in xrays {
    guard ["PA", "AP"].contains(x.view.uppercased().trimmingCharacters(in: .whitespaces)) else {
      note("X-ray not frontal (PA/AP) (dropped)", "\(x.id): \(x.view)"); continue
    }
    let candidates = (ecgsOf[x.patient] ?? []).filter { ecgs[$0].time <= x.time && x.time - ecgs[$0].time <= maximumHours * 3600 }
    guard let ecg = candidates.max(by: { ecgs[$0].time < ecgs[$1].time }) else {
      note("X-ray with no ECG in the \(Int(maximumHours)) h before it (dropped)", x.id); continue
    }
    if let earlier = chosen[ecg] {
      if x.time < earlier.time { chosen[ecg] = x }
      note("X-ray paired with an ECG another X-ray already uses (the earliest counts)", x.id)
    } else {
      chosen[ecg] = x
    }
  }
  var labels = [[Double]](repeating: [Double](repeating: .nan, count: ecgs.count), count: findings.count)
  for (ecg, x) in chosen {
    for f in findings.indices {
      let v = f < x.findings.count ? x.findings[f] : .nan
      switch v {
      case 1: labels[f][ecg] = 1
      case 0: labels[f][ecg] = 0
      case -1: labels[f][ecg] = uncertain == .positive ? 1 : uncertain == .negative ? 0 : .nan
      default:
        if v.isNaN { labels[f][ecg] = 0 } else { note("finding value not 1, 0, -1 or blank (unlabelled)", "\(x.id) \(findings[f]): \(v)") }
      }
    }
  }
  return ChestXRayCohort(targets: findings.map { "cxr_" + $0 }, labels: labels, paired: chosen.count, log: log)
}
