import Core

/// A laboratory result (MIMIC-IV `labevents`: subject_id, itemid, charttime, valuenum,
/// ref_range_lower, ref_range_upper).
public struct LabResult: Sendable {
  public let patient: String
  public let item: String
  public let time: Double
  public let value: Double
  public let lower: Double
  public let upper: Double
  public init(patient: String, item: String, time: Double, value: Double, lower: Double, upper: Double) {
    self.patient = patient; self.item = item; self.time = time; self.value = value; self.lower = lower; self.upper = upper
  }
}

/// Lab targets built by `labLabels`.
public struct LabCohort: Sendable {
  /// `lab_ITEM_low`, `lab_ITEM_high` per kept lab.
  public let targets: [String]
  public let labels: [[Double]]
  /// Per kept lab: the reference range used (median of its rows' bounds) and the number of ECGs
  /// with a value in the window.
  public let ranges: [(item: String, lower: Double, upper: Double, values: Int)]
  /// Rows dropped or flagged, by reason.
  public let log: DropLog
}

/// Two binary targets per lab: the value closest in time to the ECG (within ± `windowMinutes`)
/// is below the reference range, or above it. The reference range of a lab is the median of its
/// rows' lower bounds and the median of their upper bounds, so one lab has one range. ECGs with
/// no value in the window are unlabelled (NaN) for that lab. Labs with fewer than
/// `minimumValues` linked ECGs, or without a reference range, are dropped and logged.
public func labLabels(ecgs: [ECGEvent], results: [LabResult], windowMinutes: Double = 60, minimumValues: Int = 200) -> LabCohort {
  var log = DropLog()
  func note(_ reason: String, _ example: String) { log.note(reason, example) }
  var byItem: [String: [String: [LabResult]]] = [:]
  for r in results where !r.value.isNaN { byItem[r.item, default: [:]][r.patient, default: []].append(r) }
  let window = windowMinutes * 60
  var targets: [String] = [], labels: [[Double]] = [], ranges: [(String, Double, Double, Int)] = []
  for item in byItem.keys.sorted() {
    var perPatient = byItem[item]!
    for p in perPatient.keys { perPatient[p]!.sort { $0.time < $1.time } }
    let all = perPatient.values.flatMap { $0 }
    let lower = median(of: all.map(\.lower).filter { !$0.isNaN }), upper = median(of: all.map(\.upper).filter { !$0.isNaN })
    guard !lower.isNaN || !upper.isNaN else { note("lab without a reference range (dropped)", item); continue }
    var low = [Double](repeating: .nan, count: ecgs.count), high = low
    var linked = 0
    for (e, ecg) in ecgs.enumerated() {
      guard let series = perPatient[ecg.patient] else { continue }
      // Binary search for the first result at or after ECG time − window.
      var lo = 0, hi = series.count
      while lo < hi { let mid = (lo + hi) / 2; if series[mid].time < ecg.time - window { lo = mid + 1 } else { hi = mid } }
      var best: LabResult? = nil
      var i = lo
      while i < series.count, series[i].time <= ecg.time + window {
        if best == nil || abs(series[i].time - ecg.time) < abs(best!.time - ecg.time) { best = series[i] }
        i += 1
      }
      guard let best else { continue }
      linked += 1
      low[e] = lower.isNaN ? .nan : (best.value < lower ? 1 : 0)
      high[e] = upper.isNaN ? .nan : (best.value > upper ? 1 : 0)
    }
    guard linked >= minimumValues else { note("lab with too few ECG-linked values (dropped)", "\(item): \(linked)"); continue }
    if !lower.isNaN { targets.append("lab_\(item)_low"); labels.append(low) }
    if !upper.isNaN { targets.append("lab_\(item)_high"); labels.append(high) }
    ranges.append((item, lower, upper, linked))
  }
  return LabCohort(targets: targets, labels: labels, ranges: ranges, log: log)
}
