import Delineation
import ECGLensTestSupport
import Foundation
import Testing

@testable import Measurements

/// Global fiducials with few leads, agreement across beats and the physiology of the T end.
@Suite struct WaveAssessmentTests {
  let fs = 500.0

  func beat(_ r: Int, qrsOn: Int = -20, tOff: Int? = 200, p: Bool = true) -> BeatFiducials {
    var b = BeatFiducials(rPeak: r)
    b.qrsOnset = r + qrsOn; b.qrsOffset = r + 30
    if p { b.pOnset = r - 90; b.pPeak = r - 70; b.pOffset = r - 45 }
    if let tOff { b.tPeak = r + 140; b.tOffset = r + tOff }
    return b
  }

  /// Two leads: the mean of the two onsets (not the earlier one) with `evenMean` 1 or more;
  /// with 12 leads the lower median either way.
  @Test func twoLeadsGiveTheMean() {
    var a = beat(1000), b = beat(1000)
    a.qrsOnset = 970; b.qrsOnset = 990
    #expect(globalFiducials([a, b]).qrsOnset == 970)
    #expect(globalFiducials([a, b], evenMean: 1).qrsOnset == 980)
    let twelve = (0..<12).map { k -> BeatFiducials in
      var c = beat(1000)
      c.qrsOnset = 970 + 2 * k
      return c
    }
    #expect(globalFiducials(twelve, evenMean: 2).qrsOnset == globalFiducials(twelve).qrsOnset)
  }

  /// A lead's T end 80 ms from where that lead puts it in its other beats is left out when the
  /// other lead agrees with itself; a beat where both leads move is kept (it is the beat that
  /// differs).
  @Test func aLeadsOutlierIsLeftOutOfTheBeat() {
    let peaks = (0..<8).map { 300 + 400 * $0 }
    var one = peaks.map { beat($0) }, two = peaks.map { beat($0) }
    one[3].tOffset = peaks[3] + 240  // 80 ms late on one lead only
    one[5].tOffset = peaks[5] + 250; two[5].tOffset = peaks[5] + 250  // both leads
    let kept = agreeingAcrossBeats([one, two], samplingRate: fs, tolerance: 0.03, mads: 3)
    #expect(kept[0][3].tOffset == nil)
    #expect(kept[1][3].tOffset == peaks[3] + 200)
    #expect(kept[0][5].tOffset != nil && kept[1][5].tOffset != nil)
    #expect(kept[0][4] == one[4])
    // Switched off, or with one lead, nothing is dropped.
    #expect(agreeingAcrossBeats([one, two], samplingRate: fs, tolerance: 0, mads: 3) == [one, two])
    #expect(agreeingAcrossBeats([one], samplingRate: fs, tolerance: 0.03, mads: 3) == [one])
  }

  /// QT against RR: at an RR of 0.8 s a QT of 0.72 s (QTc 0.75 s) and one of 0.18 s (QTc 0.21 s)
  /// are no heart's; a T end that reaches the next beat's P onset neither. Each is reported
  /// absent with its reason, the others kept.
  @Test func tEndsOutsidePhysiologyAreAbsentWithAReason() {
    let peaks = (0..<6).map { 300 + 400 * $0 }
    var beats = peaks.map { beat($0) }
    beats[1].tOffset = peaks[1] + 340  // QT 720 ms
    beats[2].tOffset = peaks[2] + 70  // QT 180 ms
    beats[4].pOnset = peaks[4] - 200
    beats[3].tOffset = peaks[4] - 190  // QT 460 ms, after the next P onset
    let flagged = physiologicalTOffsets(beats, samplingRate: fs, qtcRange: 0.28...0.65)
    #expect(flagged.map(\.beat) == [1, 2, 3])
    #expect(flagged.map(\.reason) == [.qtOutOfRange, .qtOutOfRange, .afterNextBeat])
    // In the global beats the P wave that starts inside the previous T goes first.
    let assessed = assessedGlobalBeats([beats, beats, beats], samplingRate: fs)
    #expect(assessed.beats[1].tOffset == nil && assessed.assessment[1].tOffsetAbsence == .qtOutOfRange)
    #expect(assessed.beats[2].tOffset == nil && assessed.assessment[2].tOffsetAbsence == .qtOutOfRange)
    #expect(assessed.beats[2].pPeak == nil && assessed.assessment[2].pAbsence == .insidePreviousT)
    #expect(assessed.beats[4].pPeak == nil && assessed.assessment[4].pAbsence == .insidePreviousT)
    #expect(assessed.beats[0].tOffset != nil && assessed.assessment[0].tOffsetAbsence == nil)
  }

  /// Why a P wave is absent: no lead shows it, or fewer than half of the leads do.
  @Test func absentPWavesSayWhy() {
    let peaks = (0..<6).map { 300 + 400 * $0 }
    let with = peaks.map { beat($0) }, without = peaks.map { beat($0, p: false) }
    let none = assessedGlobalBeats([without, without, without], samplingRate: fs)
    #expect(none.assessment.allSatisfy { $0.pAbsence == .notFound && $0.pLeads == 0 && $0.leads == 3 })
    let few = assessedGlobalBeats([with, without, without], samplingRate: fs)
    #expect(few.assessment.allSatisfy { $0.pAbsence == .tooFewLeads && $0.pLeads == 1 })
    let most = assessedGlobalBeats([with, with, without], samplingRate: fs)
    #expect(most.assessment.allSatisfy { $0.pAbsence == nil })
    #expect(most.beats.allSatisfy { $0.pPeak != nil })
  }
}
