import Core
import Delineation

/// Why a global P wave or T offset of a beat is reported absent rather than guessed.
public enum AbsenceReason: String, Sendable, CaseIterable {
  /// No lead shows the wave above its amplitude and noise thresholds (an isoelectric T, a P
  /// wave lower than the noise, atrial fibrillation in every lead).
  case notFound = "not_found"
  /// Some leads show it, but fewer than the quorum (half of the leads for P, a third for T).
  case tooFewLeads = "too_few_leads"
  /// The P wave does not keep its distance to the QRS across the beats (fibrillatory or flutter
  /// waves, noise), or this beat's P lies far from where the others lie (`consistentPWaves`).
  case notKeptToQRS = "not_kept_to_qrs"
  /// The P wave would end after the QRS onset, or the T peak lie inside the QRS.
  case overlapsQRS = "overlaps_qrs"
  /// The P wave would start before the previous beat's T wave ends: it cannot be told from it.
  case insidePreviousT = "inside_previous_t"
  /// The T offset gives a QT that no heart has at this RR (`DelineationParameters.qtcRange`).
  case qtOutOfRange = "qt_out_of_range"
  /// The T offset lies after the next beat's P onset or QRS onset.
  case afterNextBeat = "after_next_beat"
}

/// How much a beat's global P wave and T offset rest on, and why they are absent when they are.
public struct WaveAssessment: Sendable, Equatable {
  /// Leads delineated at this beat (with QRS boundaries), and those showing a P wave and a T offset.
  public var leads = 0, pLeads = 0, tLeads = 0
  /// Why the global P wave is absent (nil when present).
  public var pAbsence: AbsenceReason?
  /// Why the global T offset is absent (nil when present).
  public var tOffsetAbsence: AbsenceReason?
  public init() {}
}

/// Global fiducials of every beat of a record from the per-lead delineations (each lead's beats
/// aligned, as `delineate` returns them for the same R peaks): `assessedGlobalBeats` without the
/// assessment.
public func globalBeats(
  _ perLead: [[BeatFiducials]], samplingRate fs: Double, parameters: DelineationParameters = .init()
) -> [BeatFiducials] {
  assessedGlobalBeats(perLead, samplingRate: fs, parameters: parameters).beats
}

/// Global fiducials of every beat of a record, and for each beat why its P wave or T offset is
/// absent (`WaveAssessment`). Steps:
/// - the leads' onsets and offsets that disagree with the lead's other beats are left out
///   (`agreeingAcrossBeats`, with `parameters.beatAgreementTolerance`);
/// - `globalFiducials` per beat;
/// - the global P waves are checked across beats as a lead's are (`consistentPWaves`): a P wave
///   keeps its distance to the QRS; the spread allowed is 30 ms (median absolute deviation),
///   and 8 ms when the underlying rhythm is irregular (`underlyingIrregularity` above 0.06),
///   where fibrillatory or flutter waves picked near the QRS by most leads would otherwise pass
///   (constants chosen on LUDB); then those that start before the previous beat's T wave ends
///   are dropped;
/// - T offsets are checked against physiology (`physiologicalTOffsets`): QT against RR, and
///   before the next beat.
public func assessedGlobalBeats(
  _ perLead: [[BeatFiducials]], samplingRate fs: Double, parameters: DelineationParameters = .init()
) -> (beats: [BeatFiducials], assessment: [WaveAssessment]) {
  guard let count = perLead.first?.count, !perLead.isEmpty else { return ([], []) }
  let agreeing = agreeingAcrossBeats(
    perLead, samplingRate: fs, tolerance: parameters.beatAgreementTolerance, mads: parameters.beatAgreementMADs)
  var assessment = (0..<count).map { k in
    var a = WaveAssessment()
    let delineated = perLead.map { $0[k] }.filter { $0.qrsOnset != nil }
    a.leads = delineated.count
    a.pLeads = delineated.filter { $0.pPeak != nil }.count
    a.tLeads = agreeing.map { $0[k] }.filter { $0.qrsOnset != nil && $0.tOffset != nil }.count
    return a
  }
  let beats = (0..<count).map { k in globalFiducials(agreeing.map { $0[k] }, evenMean: parameters.globalEvenMean) }
  for k in 0..<count {
    if beats[k].pPeak == nil {
      let quorum = 2 * assessment[k].pLeads >= perLead.count
      assessment[k].pAbsence = assessment[k].pLeads == 0 ? .notFound : quorum ? .overlapsQRS : .tooFewLeads
    }
    if beats[k].tOffset == nil {
      let quorum = assessment[k].tLeads >= max(1, perLead.count / 3)
      assessment[k].tOffsetAbsence = assessment[k].tLeads == 0 ? .notFound : quorum ? .overlapsQRS : .tooFewLeads
    }
  }
  let irregularity = underlyingIrregularity(rPeaks: beats.map(\.rPeak))
  let spread = SamplingRate(hertz: fs).samples((irregularity > 0.06 ? 0.008 : 0.03))
  var checked = consistentPWaves(beats, maximumSpread: spread, maximumDeviation: 4 * spread)
  for k in 0..<count where beats[k].pPeak != nil && checked[k].pPeak == nil { assessment[k].pAbsence = .notKeptToQRS }
  // A P wave that starts before the previous T wave has ended cannot be told from that T wave
  // (after an ectopic beat it mostly is that T wave: LUDB 105, 108). Dropped after the check
  // above, which judges the rhythm by all the P picks.
  for k in checked.indices.dropFirst() {
    if let on = checked[k].pOnset, let t = checked[k - 1].tOffset, on < t {
      checked[k].pOnset = nil; checked[k].pPeak = nil; checked[k].pOffset = nil
      assessment[k].pAbsence = .insidePreviousT
    }
  }
  for (k, reason) in physiologicalTOffsets(checked, samplingRate: fs, qtcRange: parameters.qtcMinimum...parameters.qtcMaximum) {
    checked[k].tOffset = nil
    assessment[k].tOffsetAbsence = reason
  }
  return (checked, assessment)
}

/// The beats whose T offset is not physiological, with the reason:
/// - the QT (QRS onset to T offset) corrected for the record's median RR interval by
///   Framingham's formula, QT + 0.154 (1 - RR) s (Sagie et al., Am J Cardiol 70:797-801, 1992),
///   lies outside `qtcRange` (s): a T end placed on a U wave, a notch, noise or the end of the
///   record gives a QT that the rate cannot explain. The median RR, not the beat's own: the QT
///   follows the rate over many beats, and in atrial fibrillation one short RR says little
///   (LUDB 88: QT 552 ms after an RR of 564 ms, annotated so);
/// - the T offset lies at or after the next beat's P onset (or its QRS onset without P).
///
/// The range is physiological, not tuned on the scored data: below 0.28 s lies no recorded
/// short-QT syndrome (diagnosed at 0.34 s and under), above 0.65 s only the rarest acquired long
/// QT.
public func physiologicalTOffsets(
  _ beats: [BeatFiducials], samplingRate fs: Double, qtcRange: ClosedRange<Double>
) -> [(beat: Int, reason: AbsenceReason)] {
  var out: [(beat: Int, reason: AbsenceReason)] = []
  let intervals = zip(beats.dropFirst(), beats).map { Double($0.rPeak - $1.rPeak) / fs }
  let rr = intervals.isEmpty ? nil : median(of: intervals)
  for (k, b) in beats.enumerated() {
    guard let t = b.tOffset, let q = b.qrsOnset else { continue }
    if let rr, rr > 0 {
      let qtc = Double(t - q) / fs + 0.154 * (1 - rr)
      if !qtcRange.contains(qtc) { out.append((k, .qtOutOfRange)); continue }
    }
    if k + 1 < beats.count, let next = beats[k + 1].pOnset ?? beats[k + 1].qrsOnset, t >= next {
      out.append((k, .afterNextBeat))
    }
  }
  return out
}
