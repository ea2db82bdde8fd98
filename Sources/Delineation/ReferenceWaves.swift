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

/// One annotated wave of a LUDB-style annotation file, in file order.
public struct ReferenceWave: Sendable, Equatable {
  public enum Kind: Sendable, Equatable { case p, qrs, t }
  public var kind: Kind
  /// The `(` before the peak, when annotated (T onsets are read but not delineated).
  public var onset: Int?
  public var peak: Int
  /// The `)` after the peak, when annotated.
  public var offset: Int?
}

/// The waves of a LUDB-style annotation file: each is `(` onset, a peak (`p` P wave, `N` or
/// another beat code for QRS, `t` T wave) and `)` offset; a missing `(` or `)` leaves that
/// fiducial nil.
public func referenceWaveList(_ set: AnnotationSet) -> [ReferenceWave] {
  let a = set.annotations
  var waves: [ReferenceWave] = []
  for (j, ann) in a.enumerated() {
    let symbol = ann.code.symbol
    let kind: ReferenceWave.Kind
    if symbol == "p" { kind = .p } else if symbol == "t" { kind = .t } else if ann.code.isBeat { kind = .qrs } else { continue }
    waves.append(
      ReferenceWave(
        kind: kind, onset: j > 0 && a[j - 1].code.symbol == "(" ? a[j - 1].sample : nil, peak: ann.sample,
        offset: j + 1 < a.count && a[j + 1].code.symbol == ")" ? a[j + 1].sample : nil))
  }
  return waves
}

/// Reference fiducials, and for each fiducial the peaks of annotated waves that lack it (a QRS
/// annotated without its onset): a detection there can be neither right nor wrong.
public func referenceWaves(_ set: AnnotationSet) -> (fiducials: [Fiducial: [Int]], unannotated: [Fiducial: [Int]]) {
  var out: [Fiducial: [Int]] = [:]
  var gaps: [Fiducial: [Int]] = [:]
  for f in Fiducial.allCases { out[f] = []; gaps[f] = [] }
  for w in referenceWaveList(set) {
    // (onset, peak, offset); T onset is not delineated.
    let kind: (onset: Fiducial?, peak: Fiducial, offset: Fiducial)
    switch w.kind {
    case .p: kind = (.pOnset, .pPeak, .pOffset)
    case .t: kind = (nil, .tPeak, .tOffset)
    case .qrs: kind = (.qrsOnset, .rPeak, .qrsOffset)
    }
    out[kind.peak]!.append(w.peak)
    if let onset = kind.onset {
      if let v = w.onset { out[onset]!.append(v) } else { gaps[onset]!.append(w.peak) }
    }
    if let v = w.offset { out[kind.offset]!.append(v) } else { gaps[kind.offset]!.append(w.peak) }
  }
  return (out, gaps)
}
