import Core
import Delineation
import Signals

/// Per-beat PR, QRS and QT (ms) from one lead's LUDB annotations (`referenceWaveList`): PR =
/// QRS onset − onset of the P wave just before it, QRS = offset − onset, QT = offset of the T
/// wave just after it − QRS onset; a wave without the needed onset or offset is left out.
public func annotatedIntervals(_ set: AnnotationSet, samplingRate fs: Double) -> [String: [Double]] {
  let waves = referenceWaveList(set)
  var out: [String: [Double]] = ["pr": [], "qrs": [], "qt": []]
  func ms(_ d: Int) -> Double { Double(d) * 1000 / fs }
  for (k, w) in waves.enumerated() where w.kind == .qrs {
    guard let on = w.onset else { continue }
    if let off = w.offset { out["qrs"]!.append(ms(off - on)) }
    if k > 0, waves[k - 1].kind == .p, let pOn = waves[k - 1].onset { out["pr"]!.append(ms(on - pOn)) }
    if k + 1 < waves.count, waves[k + 1].kind == .t, let tOff = waves[k + 1].offset { out["qt"]!.append(ms(tOff - on)) }
  }
  return out
}

/// A record's reference intervals (ms): per interval, the median over every annotated beat of
/// every lead (`annotatedIntervals`); NaN where no beat has it.
public func referenceIntervals(
  record path: String, leads: [String], samplingRate fs: Double
) throws(SignalsError)
  -> [String: Double]
{
  var pooled: [String: [Double]] = ["pr": [], "qrs": [], "qt": []]
  for name in leads {
    let set = try readAnnotations(record: path, annotator: name.lowercased())
    for (k, v) in annotatedIntervals(set, samplingRate: fs) { pooled[k, default: []] += v }
  }
  return pooled.mapValues { median(of: $0) }
}
