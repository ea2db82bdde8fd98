/// Constants of `delineate` and of the per-lead output built on it (amplitudes in mV, times in
/// seconds, thresholds as fractions).
public struct DelineationParameters: Sendable, Equatable {
  /// QRS boundaries: slope envelope below these fractions of the complex's maximum (onset,
  /// offset).
  public var qrsOnsetSlopeFraction = 0.03
  public var qrsOffsetSlopeFraction = 0.08
  /// After the offset crossing, a slope above this fraction within this window (s) means the
  /// complex has not ended (0 turns the check off).
  public var qrsResumeSlopeFraction = 0.12
  public var qrsResumeWindow = 0.05
  /// P search window before QRS onset, and the gap kept before QRS onset (s).
  public var pSearch = 0.22
  public var pGap = 0.04
  /// On a paced beat the P search also ends this long before the stimulus.
  public var pStimulusGap = 0.01
  /// The lead is bridged over each pacemaker stimulus before filtering, from 2 ms before it to
  /// this long after it (s).
  public var stimulusBlank = 0.02
  public var pMinimumAmplitude = 0.01
  public var pNoiseRatio = 2.5
  /// P (and T) must also reach this fraction of the QRS peak-to-peak amplitude: filter ringing
  /// before a large QRS scales with it and would otherwise pass for a P wave.
  public var pRelativeAmplitude = 0.02
  public var tMinimumAmplitude = 0.02
  public var tNoiseRatio = 2.0
  /// P waves of a lead must keep their distance to QRS onset within this median absolute
  /// deviation (s); single P waves further than four times it from the median are dropped.
  public var pConsistency = 0.03
  /// T search starts this long after QRS offset.
  public var tStart = 0.06
  /// Low-pass cutoff (Hz) of the signal P waves are delineated on.
  public var pLowpass = 30.0
  /// Each lead's rows brought into line with the global beats (`guidedLeadBeats` in
  /// Measurements): how far (s) a lead's own wave ends may lie from the global ones, and its own
  /// QRS onset (0: the global onset).
  public var leadTolerance = 0.008
  public var leadQRSOnsetTolerance = 0.0
  /// A lead's own R peak (`leadRPeak`) is searched this far (s) outside its QRS boundaries.
  public var leadRPeakMargin = 0.01
  /// T offset by the area indicator (`areaWaveEnd`, Zhang et al. 2006) with this window (s),
  /// searched up to `tEndSearch` (s) after the T peak; 0: the tangent method. Chosen on LUDB
  /// (all 200 records; both halves gain): per lead T offset SD 27.7 -> 24.5 ms, II+V5 at 250 Hz
  /// 35.7 -> 30.5 ms. A longer search (0.25, 0.3 s) runs into the next wave in flat-T records.
  public var tEndAreaWindow = 0.11
  public var tEndSearch = 0.2
  /// Global fiducials (`globalFiducials`) from exactly two leads: 0 the earlier value (the
  /// lower median), 1 the mean for the QRS onset and offset, 2 also for the P onset and offset,
  /// 3 also for the T offset. Chosen on LUDB II+V5 (2).
  public var globalEvenMean = 2.0
  /// Global fiducials: a lead's onset or offset further than this (s), and than
  /// `beatAgreementMADs` robust SDs, from where the lead places it in the record's other beats
  /// is left out of the beat's median (`agreeingAcrossBeats`); 0 turns the check off.
  public var beatAgreementTolerance = 0.03
  public var beatAgreementMADs = 3.0
  /// Global T offsets whose QT, corrected for RR by Framingham's formula, lies outside this
  /// range (s) are reported absent (`physiologicalTOffsets` in Measurements).
  /// A biphasic T wave: an opposite lobe of at least this fraction of the T amplitude (chosen on
  /// LUDB: 0.2 and 0.5 took overshoots after a T wave for second lobes) within
  /// 100 ms of the first lobe's end moves the T offset to the second lobe's end
  /// (`secondTLobe`); 0 turns it off.
  public var tBiphasicFraction = 0.7
  public var qtcMinimum = 0.28
  public var qtcMaximum = 0.65
  public init() {}

  /// Sets a constant by name ("qrsSlopeFraction=0.08"), for tuning runs.
  public mutating func set(_ assignment: String) -> Bool {
    let parts = assignment.split(separator: "=").map(String.init)
    guard parts.count == 2, let v = Double(parts[1]) else { return false }
    switch parts[0] {
    case "qrsOnsetSlopeFraction": qrsOnsetSlopeFraction = v
    case "qrsOffsetSlopeFraction": qrsOffsetSlopeFraction = v
    case "qrsResumeSlopeFraction": qrsResumeSlopeFraction = v
    case "qrsResumeWindow": qrsResumeWindow = v
    case "pSearch": pSearch = v
    case "pGap": pGap = v
    case "pStimulusGap": pStimulusGap = v
    case "stimulusBlank": stimulusBlank = v
    case "pMinimumAmplitude": pMinimumAmplitude = v
    case "pNoiseRatio": pNoiseRatio = v
    case "pRelativeAmplitude": pRelativeAmplitude = v
    case "tMinimumAmplitude": tMinimumAmplitude = v
    case "tNoiseRatio": tNoiseRatio = v
    case "tStart": tStart = v
    case "pConsistency": pConsistency = v
    case "pLowpass": pLowpass = v
    case "leadTolerance": leadTolerance = v
    case "leadQRSOnsetTolerance": leadQRSOnsetTolerance = v
    case "leadRPeakMargin": leadRPeakMargin = v
    case "tEndAreaWindow": tEndAreaWindow = v
    case "tEndSearch": tEndSearch = v
    case "globalEvenMean": globalEvenMean = v
    case "beatAgreementTolerance": beatAgreementTolerance = v
    case "beatAgreementMADs": beatAgreementMADs = v
    case "tBiphasicFraction": tBiphasicFraction = v
    case "qtcMinimum": qtcMinimum = v
    case "qtcMaximum": qtcMaximum = v
    default: return false
    }
    return true
  }
}
