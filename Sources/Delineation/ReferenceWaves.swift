import Signals

/// The fiducial kinds ECGLens delineates and scores.
public enum Fiducial: String, CaseIterable, Sendable {
  case pOnset = "p_on", pPeak = "p_peak", pOffset = "p_off"
  case qrsOnset = "qrs_on", rPeak = "r_peak", qrsOffset = "qrs_off"
  case tPeak = "t_peak", tOffset = "t_off"

  /// The CSE working party's 2SD tolerances (ms) for onsets and offsets (CSE Working Party,
  /// Circulation 1985; as used by Martinez et al., IEEE TBME 2004); nil where CSE gives none.
  public var cseTolerance: Double? {
    switch self {
    case .pOnset: return 10.2
    case .pOffset: return 12.7
    case .qrsOnset: return 6.5
    case .qrsOffset: return 11.6
    case .tOffset: return 30.6
    default: return nil
    }
  }

  /// This fiducial of a beat.
  public func value(in b: BeatFiducials) -> Int? {
    switch self {
    case .pOnset: return b.pOnset
    case .pPeak: return b.pPeak
    case .pOffset: return b.pOffset
    case .qrsOnset: return b.qrsOnset
    case .rPeak: return b.rPeak
    case .qrsOffset: return b.qrsOffset
    case .tPeak: return b.tPeak
    case .tOffset: return b.tOffset
    }
  }
}

/// Reference fiducials from a LUDB-style annotation file: each wave is `(` onset, a peak (`p`
/// P wave, `N` or another beat code for QRS, `t` T wave) and `)` offset.
public func referenceFiducials(_ set: AnnotationSet) -> [Fiducial: [Int]] {
  referenceWaves(set).fiducials
}

/// Reference fiducials, and for each fiducial the peaks of annotated waves that lack it (a QRS
/// annotated without its onset): a detection there can be neither right nor wrong.
public func referenceWaves(_ set: AnnotationSet) -> (fiducials: [Fiducial: [Int]], unannotated: [Fiducial: [Int]]) {
  var out: [Fiducial: [Int]] = [:]
  var gaps: [Fiducial: [Int]] = [:]
  for f in Fiducial.allCases { out[f] = []; gaps[f] = [] }
  let a = set.annotations
  for (j, ann) in a.enumerated() {
    let symbol = ann.code.symbol
    // (onset, peak, offset); T onset is not delineated.
    let kind: (onset: Fiducial?, peak: Fiducial, offset: Fiducial)
    if symbol == "p" { kind = (.pOnset, .pPeak, .pOffset) }
    else if symbol == "t" { kind = (nil, .tPeak, .tOffset) }
    else if ann.code.isBeat { kind = (.qrsOnset, .rPeak, .qrsOffset) }
    else { continue }
    out[kind.peak]!.append(ann.sample)
    if let onset = kind.onset {
      if j > 0, a[j - 1].code.symbol == "(" { out[onset]!.append(a[j - 1].sample) } else { gaps[onset]!.append(ann.sample) }
    }
    if j + 1 < a.count, a[j + 1].code.symbol == ")" { out[kind.offset]!.append(a[j + 1].sample) } else { gaps[kind.offset]!.append(ann.sample) }
  }
  return (out, gaps)
}

