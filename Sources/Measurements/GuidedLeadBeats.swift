import Core
import Delineation

/// Each lead's beats brought into line with the record's global beats (`globalBeats`): which
/// waves a beat has is decided once for all leads, and each lead keeps its own boundaries only
/// close to the global ones.
///
/// Rules, per lead and beat (tolerances in seconds: `tolerance` 8 ms and `qrsOnsetTolerance` 0
/// by default, `DelineationParameters.leadTolerance` and `leadQRSOnsetTolerance`):
/// - A beat the lead could not delineate at all (no QRS boundaries: its samples are missing, or
///   no complex was found) stays empty.
/// - P and T waves are present on the lead exactly when the global beat has them. Presence is a
///   property of the beat, not of the lead: LUDB's cardiologists marked 96.7 % of their P waves
///   and 92.3 % of their T waves on all 12 leads (`Scripts/ludb_annotation_floor.py`), while a
///   lead delineated on its own misses a low P or T that the other leads show, and picks noise
///   or fibrillatory waves that they do not.
/// - Where the lead's own wave is the global one (its P peak inside the global P, from onset to
///   offset widened by `tolerance`; its T peak within 5 × `tolerance` of the global T peak), the
///   lead keeps its peak and its onset and offset, each moved to within `tolerance` of the global
///   one. Otherwise the lead reports the global wave.
/// - QRS offset is the lead's own within `tolerance`, QRS onset within `qrsOnsetTolerance` (by
///   default the global one).
///
/// On LUDB, scored per lead (`ecglens validate delineation`), this gives P 98.96 / 98.40 % and T
/// offset 99.66 / 99.30 % Se / PPV against 89.6 / 91.6 % and 94.3 / 94.7 % for each lead on its
/// own, and boundary SDs a little under the global fiducials' (QRS offset 11.3 against 11.9 ms).
/// The lead's own QRS onset is left out because it scores worse than the global one (SD 11.1 ms
/// with `--param leadQRSOnsetTolerance=0.004`, 11.5 with 0.008, against 11.0). The tolerances
/// were chosen on LUDB.
public func guidedLeadBeats(
  _ perLead: [[BeatFiducials]], global: [BeatFiducials], samplingRate fs: Double, tolerance: Double = 0.008,
  qrsOnsetTolerance: Double = 0
) -> [[BeatFiducials]] {
  let tol = SamplingRate(hertz: fs).samples(tolerance), onsetTol = SamplingRate(hertz: fs).samples(qrsOnsetTolerance)
  // The lead's own value moved to within `within` of the global one; the global one when the lead has none.
  func near(_ own: Int?, _ reference: Int?, within: Int) -> Int? {
    guard let reference else { return nil }
    guard let own else { return reference }
    return min(max(own, reference - within), reference + within)
  }
  func near(_ own: Int?, _ reference: Int?) -> Int? { near(own, reference, within: tol) }
  return perLead.map { beats in
    zip(beats, global).map { b, g in
      guard b.qrsOnset != nil, b.qrsOffset != nil else { return BeatFiducials(rPeak: b.rPeak) }
      var c = BeatFiducials(rPeak: b.rPeak)
      c.qrsOnset = near(b.qrsOnset, g.qrsOnset, within: onsetTol)
      c.qrsOffset = near(b.qrsOffset, g.qrsOffset)
      if let gp = g.pPeak {
        if let p = b.pPeak, let gOn = g.pOnset, let gOff = g.pOffset, p >= gOn - tol, p <= gOff + tol {
          c.pOnset = near(b.pOnset, gOn); c.pPeak = p; c.pOffset = near(b.pOffset, gOff)
        } else {
          c.pOnset = g.pOnset; c.pPeak = gp; c.pOffset = g.pOffset
        }
      }
      if let gt = g.tPeak {
        if let t = b.tPeak, abs(t - gt) <= 5 * tol {
          c.tPeak = t; c.tOffset = near(b.tOffset, g.tOffset)
        } else {
          c.tPeak = gt; c.tOffset = g.tOffset
        }
      }
      return c
    }
  }
}
