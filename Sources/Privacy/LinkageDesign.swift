import Core

/// How the one gallery ECG of each patient is chosen for the linkage attack.
public enum GalleryChoice: Sendable, Equatable {
  /// The earliest ECG when the table has times (ties: the lowest row), otherwise `seededRandom(seed)`.
  case automatic(seed: UInt64)
  /// One ECG per patient drawn uniformly with a `SplitMix64` (per-patient draws in order of first appearance).
  case seededRandom(seed: UInt64)
  /// The earliest ECG per patient (ties: the lowest row); needs times.
  case earliest
  /// The caller's gallery: row indices, at most one per patient. Patients without a row here are left out.
  case explicit(rows: [Int])
}

/// The gallery / probe design of a linkage attack (closed-set identification with optional distractors).
///
/// Every patient with two or more ECGs contributes one gallery ECG and all its other ECGs as probes. Patients with
/// a single ECG cannot be probed; when distractors are on they are enrolled in the gallery anyway, which makes the
/// attack harder and mimics an attacker who holds a larger reference set than the patients being re-identified.
public struct LinkageDesign: Sendable, Equatable {
  /// Gallery rows of the table: probe-bearing patients first (in order of first appearance), then distractors.
  public let galleryRows: [Int]
  /// Patient id of each gallery entry.
  public let galleryPatientIDs: [String]
  /// Probe rows, grouped by patient in gallery order, increasing within a patient.
  public let probeRows: [Int]
  /// For each probe, the index in `galleryRows` of its own patient's gallery ECG.
  public let probeGalleryIndex: [Int]
  /// Number of gallery patients that have probes (they come first in `galleryRows`).
  public let probePatientCount: Int
  /// Number of single-ECG patients enrolled as distractors (the last entries of `galleryRows`).
  public var distractorCount: Int { galleryRows.count - probePatientCount }

  /// Builds the design. Throws when no patient has two ECGs, when `earliest` is asked without times, or when an
  /// explicit gallery has an out-of-range row or two rows of one patient.
  public init(
    table: PatientFeatureTable, choice: GalleryChoice, includeDistractors: Bool = true
  ) throws(PrivacyError) {
    let (ids, patientRows) = table.rowsByPatient()
    var chosen = [Int?](repeating: nil, count: ids.count)
    switch choice {
    case .explicit(let rows):
      var patientOfRow = [Int](repeating: 0, count: table.rowCount)
      for (k, rows) in patientRows.enumerated() { for r in rows { patientOfRow[r] = k } }
      for r in rows {
        guard r >= 0, r < table.rowCount else {
          throw .invalidArgument(table: table.source, field: "gallery rows", problem: "row \(r) is outside 0..<\(table.rowCount)")
        }
        let k = patientOfRow[r]
        guard chosen[k] == nil else {
          throw .invalidArgument(table: table.source, field: "gallery rows", problem: "patient \(ids[k]) has two gallery rows")
        }
        chosen[k] = r
      }
    case .automatic(let seed) where table.times == nil:
      var rng = SplitMix64(seed: seed)
      for (k, rows) in patientRows.enumerated() { chosen[k] = rows[rng.uniformInt(below: rows.count)] }
    case .earliest, .automatic:
      guard let times = table.times else {
        throw .invalidArgument(table: table.source, field: "time", problem: "the earliest-ECG gallery needs acquisition times")
      }
      for (k, rows) in patientRows.enumerated() {
        chosen[k] = rows.min { times[$0] < times[$1] || (times[$0] == times[$1] && $0 < $1) }
      }
    case .seededRandom(let seed):
      var rng = SplitMix64(seed: seed)
      for (k, rows) in patientRows.enumerated() { chosen[k] = rows[rng.uniformInt(below: rows.count)] }
    }
    var gallery: [Int] = []
    var galleryIDs: [String] = []
    var probes: [Int] = []
    var probeGallery: [Int] = []
    var distractors: [(Int, String)] = []
    for (k, rows) in patientRows.enumerated() {
      guard let g = chosen[k] else { continue }
      if rows.count == 1 {
        if includeDistractors { distractors.append((g, ids[k])) }
        continue
      }
      for r in rows where r != g {
        probes.append(r)
        probeGallery.append(gallery.count)
      }
      gallery.append(g)
      galleryIDs.append(ids[k])
    }
    guard !probes.isEmpty else {
      throw .insufficientData(table: table.source, field: table.patientColumn, problem: "no gallery patient has a second ECG to probe with")
    }
    probePatientCount = gallery.count
    galleryRows = gallery + distractors.map(\.0)
    galleryPatientIDs = galleryIDs + distractors.map(\.1)
    probeRows = probes
    probeGalleryIndex = probeGallery
  }

  /// Gallery-to-probe time gaps (probe time minus gallery time, in the table's time unit), one per probe.
  public func timeGaps(in table: PatientFeatureTable) -> [Double]? {
    guard let times = table.times else { return nil }
    return zip(probeRows, probeGalleryIndex).map { times[$0.0] - times[galleryRows[$0.1]] }
  }
}
