import Core
import DSP
import Delineation
import Foundation

/// Heart-rate corrections of the QT interval (all in ms; RR in ms, heart rate in beats/min).
///
/// - Bazett (Heart 1920): QT / sqrt(RR in s).
/// - Fridericia (Acta Med Scand 1920): QT / cbrt(RR in s).
/// - Framingham (Sagie et al., Am J Cardiol 1992): QT + 154 (1 - RR in s).
/// - Hodges (J Am Coll Cardiol 1983): QT + 1.75 (HR - 60).
public enum QTCorrection: String, CaseIterable, Sendable {
  case bazett, fridericia, framingham, hodges

  public func corrected(qt: Double, rr: Double) -> Double {
    let s = rr / 1000
    switch self {
    case .bazett: return qt / s.squareRoot()
    case .fridericia: return qt / Foundation.cbrt(s)
    case .framingham: return qt + 154 * (1 - s)
    case .hodges: return qt + 1.75 * (60_000 / rr - 60)
    }
  }
}

/// Global fiducials of one beat from its per-lead fiducials: for each fiducial the median over
/// the leads that show the wave (the lower median for an even count; from exactly two leads,
/// as `evenMean` says: `DelineationParameters.globalEvenMean`); a P wave is absent
/// globally when fewer than half of the leads show it, a QRS offset or T wave when fewer than a
/// third do.
///
/// Carts take the earliest robust onset and the latest robust offset. Against the
/// cardiologists' per-lead annotations of LUDB (`ecglens validate measurements`), the lower
/// and upper quartiles across leads lengthen QRS by 12 ms and QT by 32 ms on average, the
/// median by 0 and 1 ms: LUDB's annotators placed nearly the same onset and offset on every
/// lead, and a per-lead delineation error is far larger than the true spread between leads.
public func globalFiducials(_ beats: [BeatFiducials], evenMean: Double = 0) -> BeatFiducials {
  var g = BeatFiducials(rPeak: beats.map(\.rPeak).sorted()[beats.count / 2])
  let quorum = max(1, beats.count / 3)
  func mid(_ v: [Int]) -> Int? { v.count < quorum || v.isEmpty ? nil : v.sorted()[(v.count - 1) / 2] }
  // With an even count, the mean of the two middle values: with two leads the lower median
  // is the earlier of the two, which biases every onset and offset early.
  func center(_ v: [Int]) -> Int? {
    guard evenMean > 0, v.count == 2, v.count >= quorum else { return mid(v) }
    let s = v.sorted()
    return Int((Double(s[v.count / 2 - 1] + s[v.count / 2]) / 2).rounded(.down))
  }
  let onset = evenMean >= 2 ? center : mid, offset = evenMean >= 2 ? center : mid
  // P needs half of the leads: atrial activity picked in a few leads is more often noise or
  // fibrillation than a P wave the others miss (LUDB: P PPV 86 -> 89 %, Se 99.2 -> 98.3 %).
  if 2 * beats.compactMap(\.pPeak).count >= beats.count {
    g.pOnset = onset(beats.compactMap(\.pOnset)); g.pPeak = mid(beats.compactMap(\.pPeak)); g.pOffset = offset(beats.compactMap(\.pOffset))
  }
  g.qrsOnset = center(beats.compactMap(\.qrsOnset)); g.qrsOffset = center(beats.compactMap(\.qrsOffset))
  g.tPeak = mid(beats.compactMap(\.tPeak)); g.tOffset = (evenMean >= 3 ? center : mid)(beats.compactMap(\.tOffset))
  // A P wave must end before the QRS starts, and a T after it ends.
  if let on = g.qrsOnset, let p = g.pOffset, p > on { g.pOnset = nil; g.pPeak = nil; g.pOffset = nil }
  if let off = g.qrsOffset, let t = g.tPeak, t <= off { g.tPeak = nil; g.tOffset = nil }
  return g
}

/// Irregularity of the rhythm beneath occasional premature beats: the median absolute
/// difference of successive RR intervals over the median RR, leaving out the two intervals
/// around each premature beat (one that comes after less than 80 % of the median RR).
///
/// Atrial or ventricular extrasystoles make a sinus rhythm look irregular by the plain measure
/// (LUDB 105, sinus rhythm with interpolated PVCs: 0.12; LUDB 108, sinus with atrial
/// extrasystoles: 0.18) while its underlying rhythm is regular (0.01 and 0.02); atrial
/// fibrillation stays irregular either way (LUDB AF records: median 0.16). With fewer than two
/// differences left, the plain measure over every interval; 0 with fewer than three intervals.
public func underlyingIrregularity(rPeaks: [Int]) -> Double {
  let rr = zip(rPeaks.dropFirst(), rPeaks).map { Double($0 - $1) }
  guard rr.count >= 3 else { return 0 }
  let typical = median(of: rr)
  guard typical > 0 else { return 0 }
  // Beat k + 1 (which ends rr[k]) is premature when rr[k] is short; drop rr[k] and rr[k + 1].
  var kept = [Bool](repeating: true, count: rr.count)
  for k in rr.indices where rr[k] < 0.8 * typical {
    kept[k] = false
    if k + 1 < rr.count { kept[k + 1] = false }
  }
  let pairs = (0..<(rr.count - 1)).filter { kept[$0] && kept[$0 + 1] }
  let differences = (pairs.count >= 2 ? pairs : Array(0..<(rr.count - 1))).map { abs(rr[$0 + 1] - rr[$0]) }
  return median(of: differences) / typical
}

/// Per-lead delineation of simultaneous leads (`delineate(leads:...)`, then `mask`, which may
/// blank beats), the record's global beats and why a global wave is absent
/// (`assessedGlobalBeats`).
///
/// When the global P wave is found in fewer than half of the beats of a regular rhythm
/// (`underlyingIrregularity` at most 0.06), the leads are delineated once more with the P
/// search reaching `longPSearch` (s) before the QRS onset, and that result is kept if its global
/// P waves are found in at least half of the beats: in first-degree AV block the P wave can lie
/// beyond the usual window (PTB-XL 141, 209). A longer window for every record finds fewer P
/// waves on LUDB, so it is only a second look, and not taken when most beats are paced.
public func delineateWithGlobalBeats(
  _ leads: [[Double]], samplingRate fs: Double, rPeaks: [Int], parameters: DelineationParameters = .init(),
  pacingSpikes: [Int] = [], longPSearch: Double = 0.35, mask: ([[BeatFiducials]]) -> [[BeatFiducials]] = { $0 }
) throws(DelineationError) -> (leads: [[BeatFiducials]], global: [BeatFiducials], assessment: [WaveAssessment]) {
  // Filtered once: the second look changes only the P window.
  let filtered = try filterForDelineation(leads: leads, samplingRate: fs, parameters: parameters, pacingSpikes: pacingSpikes)
  func run(_ q: DelineationParameters) -> (leads: [[BeatFiducials]], global: [BeatFiducials], assessment: [WaveAssessment]) {
    let perLead = mask(delineate(filtered: filtered, rPeaks: rPeaks, parameters: q, pacingSpikes: pacingSpikes))
    let assessed = assessedGlobalBeats(perLead, samplingRate: fs, parameters: q)
    return (perLead, assessed.beats, assessed.assessment)
  }
  func withP(_ beats: [BeatFiducials]) -> Int { beats.filter { $0.pPeak != nil }.count }
  let first = run(parameters)
  // Paced ventricles have no conducted P wave to look for (LUDB 104: dissociated P waves).
  let paced = rPeaks.filter { pacingStimulus(ofBeatAt: $0, spikes: pacingSpikes, samplingRate: fs) != nil }.count
  guard 2 * withP(first.global) < first.global.count, first.global.count >= 3, 2 * paced < rPeaks.count,
    underlyingIrregularity(rPeaks: first.global.map(\.rPeak)) <= 0.06, longPSearch > parameters.pSearch
  else { return first }
  var longer = parameters
  longer.pSearch = longPSearch
  let second = run(longer)
  return 2 * withP(second.global) >= second.global.count ? second : first
}
