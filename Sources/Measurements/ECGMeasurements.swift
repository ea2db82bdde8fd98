import Core
import DSP
import Delineation

/// Measurements of one lead on its representative (median) beat. Amplitudes in mV relative to
/// the isoelectric level (QRS onset; TP level before P onset for the P wave); areas in mV ms;
/// NaN where the wave is absent or the lead unusable.
public struct LeadMeasurements: Sendable {
  /// The lead's description as the record spells it.
  public var description: String
  /// Standard lead name (`standardLeadName`), nil for a non-standard lead.
  public var name: String?
  /// Why the lead was not used, if it was not.
  public var problem: LeadProblem?
  /// Template-matching quality (`templateQuality`) times the fraction of readable 10 s windows
  /// (`signalQuality`), -1...1; NaN when unusable.
  public var quality = Double.nan
  /// Signed P amplitude (largest deviation within the P wave).
  public var pAmplitude = Double.nan
  /// Q: the negative deflection before R (0 when there is none); a QS complex reports its depth here.
  public var qAmplitude = Double.nan
  /// R: the largest positive deflection of the QRS (0 when there is none).
  public var rAmplitude = Double.nan
  /// S: the largest negative deflection after R (0 when there is none).
  public var sAmplitude = Double.nan
  /// Signed T amplitude at the global T peak.
  public var tAmplitude = Double.nan
  /// ST level 60 ms after the J point (QRS offset).
  public var st60 = Double.nan
  /// A second positive deflection after S (R'), at least 0.05 mV above the isoelectric level and
  /// the S trough; nil when the lead is unusable.
  public var rPrime: Bool?
  /// Net areas of P, QRS and T (J point to T offset), used for the frontal axes.
  public var pArea = Double.nan, qrsArea = Double.nan, tArea = Double.nan
  /// Per-beat fiducials on this lead, in line with the global beats (`guidedLeadBeats`); only R
  /// peaks when the lead is unusable, or on beats that touch its missing samples. `rPeak` is the
  /// beat's R peak fused across leads, on which the median beats are aligned (`ecglens
  /// delineate` writes the lead's own, `leadRPeak`).
  public var beats: [BeatFiducials] = []
}

/// Fiducials of the representative beat, in samples relative to the R peak; nil when absent.
/// A wave is present when at least half of the beats show it globally.
public struct RepresentativeFiducials: Sendable, Equatable {
  public var pOnset: Int?, pPeak: Int?, pOffset: Int?
  public var qrsOnset: Int?, qrsOffset: Int?
  public var tPeak: Int?, tOffset: Int?
}

/// Everything ECGLens measures on one ECG. Times in ms, rates in beats/min, axes in degrees,
/// amplitudes in mV; NaN means not measurable (an absent wave, a missing lead).
public struct ECGMeasurements: Sendable {
  public var samplingRate: Double
  public var duration: Double
  /// R peaks (0-based samples) of every detected beat.
  public var rPeaks: [Int]
  /// Global fiducials per beat (`globalFiducials` over the usable leads).
  public var globalBeats: [BeatFiducials]
  /// Representative-beat fiducials relative to R.
  public var representative: RepresentativeFiducials
  /// One entry per input lead, in input order.
  public var leads: [LeadMeasurements]

  public var heartRate = Double.nan
  public var rrMean = Double.nan, rrSD = Double.nan, rrRMSSD = Double.nan
  /// Median absolute successive RR difference over the median RR (dimensionless): near 0 in
  /// sinus rhythm, typically above 0.1 in atrial fibrillation.
  public var rrIrregularity = Double.nan
  /// Fraction of beats with a global P wave.
  public var pWaveFraction = Double.nan
  /// PR (P onset to QRS onset), P duration, QRS duration, QT (QRS onset to T offset): medians over
  /// beats of the global fiducials.
  public var pr = Double.nan, pDuration = Double.nan, qrs = Double.nan, qt = Double.nan
  public var pAxis = Double.nan, qrsAxis = Double.nan, tAxis = Double.nan
  public var qrsTAngle = Double.nan
  /// Sokolow-Lyon (Am Heart J 1949): S in V1 + the larger R of V5 and V6 (mV).
  public var sokolowLyon = Double.nan
  /// Cornell voltage (Casale et al., Circulation 1987): R in aVL + S in V3 (mV).
  public var cornell = Double.nan

  /// QTc by the given correction (ms), from the median QT and the mean RR.
  public func qtc(_ correction: QTCorrection) -> Double {
    qt.isNaN || rrMean.isNaN ? .nan : correction.corrected(qt: qt, rr: rrMean)
  }

  /// The measurements of the standard lead `name`, if the record has it.
  public func lead(_ name: String) -> LeadMeasurements? { leads.first { $0.name == name } }

  /// MIMIC-IV-ECG machine-measurement equivalents (ms): the representative beat's fiducials
  /// relative to an origin placed where the dominant MIMIC-IV-ECG cart places it, 40 ms before
  /// P onset, or 200 ms before QRS onset when there is no P wave (in MIMIC-IV-ECG p_onset is 40
  /// in 84 % of ECGs and qrs_onset is 200 in 80 % of those without a P wave).
  public var machineEquivalents: (pOnset: Double, pEnd: Double, qrsOnset: Double, qrsEnd: Double, tEnd: Double) {
    let r = representative
    let ms = 1000 / samplingRate
    guard let qOn = r.qrsOnset else { return (.nan, .nan, .nan, .nan, .nan) }
    let origin = r.pOnset.map { Double($0) * ms - 40 } ?? Double(qOn) * ms - 200
    func t(_ v: Int?) -> Double { v.map { Double($0) * ms - origin } ?? .nan }
    return (t(r.pOnset), t(r.pOffset), t(r.qrsOnset), t(r.qrsOffset), t(r.tOffset))
  }
}

/// Measures one ECG: screens the leads, detects beats on all usable leads together, delineates
/// every usable lead, combines the leads into global fiducials per beat, and measures intervals,
/// axes, amplitudes, rhythm and quality.
///
/// - Parameters:
///   - leads: simultaneous signals in mV (NaN = missing sample); any number of leads.
///   - descriptions: the leads' names as the record spells them (same count).
///   - samplingRate: Hz, 100...1000.
///   - rPeaks: beats detected beforehand (ascending 0-based samples), as for a window of a long
///     record fed by its chunked detection; nil to detect them here (`delineateECG`).
/// - Intervals are medians over beats of the global fiducials (`globalFiducials`); amplitudes
///   are read on each lead's median beat (R - 450 ms to R + 750 ms over the beats that fit),
///   at the representative fiducials; axes come from the limb leads' net areas (`frontalAxis`).
///   Beats whose window touches missing or clipped samples are left out of that lead's
///   median beat; beats that touch missing samples are not delineated on that lead. The
///   leads are screened and delineated by `delineateECG`.
/// - Throws: `MeasurementsError` when no lead is usable, fewer than two beats are found, or
///   the rate is unsupported.
public func measureECG(
  leads raw: [[Double]], descriptions: [String], samplingRate fs: Double, parameters: DelineationParameters = .init(),
  rPeaks: [Int]? = nil
) throws(MeasurementsError) -> ECGMeasurements {
  let d = try delineateECG(leads: raw, descriptions: descriptions, samplingRate: fs, parameters: parameters, rPeaks: rPeaks)
  guard d.rPeaks.count >= 2 else { throw .tooFewBeats(found: d.rPeaks.count) }
  // A clipped run leaves the beats it touches out of the lead's median beat, like missing samples.
  let segments = raw.indices.map { i in
    d.problems[i] != nil
      ? []
      : medianBeatSegments(
        d.bridged[i], masked: maskingClippedRuns(raw[i], runs: d.clipped[i]), rPeaks: d.guided[i].map(\.rPeak), samplingRate: fs)
  }
  return measurements(
    rPeaks: d.rPeaks, global: d.global, guided: d.guided, problems: d.problems, medianBeatSegments: segments,
    descriptions: descriptions, samplingRate: fs, frameCount: raw[0].count, readable: d.readable)
}

/// Everything `measureECG` computes once the ECG is delineated: rhythm from `rPeaks`, intervals
/// from the `global` beats, and per usable lead (`problems[i] == nil`) the amplitudes, areas and
/// quality of its median beat over `medianBeatSegments[i]` (`medianBeatSegments`). A long
/// record measured in chunks gives the same inputs gathered chunk by chunk.
///
/// - Parameters: `guided` are each lead's rows (`ECGDelineation.guided`); `frameCount` the
///   record's length in samples; `samplingRate` in Hz; `readable` each lead's share of readable
///   10 s windows (`ECGDelineation.readable`; nil: all readable, as a chunked record's windows
///   are judged per window).
package func measurements(
  rPeaks peaks: [Int], global globals: [BeatFiducials], guided: [[BeatFiducials]], problems: [LeadProblem?],
  medianBeatSegments: [[[Double]]], descriptions: [String], samplingRate fs: Double, frameCount n: Int,
  readable: [Double]? = nil
) -> ECGMeasurements {
  func ms(_ samples: Int) -> Double { Double(samples) * 1000 / fs }
  let leads = descriptions.indices.map { i in
    LeadMeasurements(description: descriptions[i], name: standardLeadName(descriptions[i]), problem: problems[i], beats: guided[i])
  }
  var m = ECGMeasurements(
    samplingRate: fs, duration: Double(n) / fs, rPeaks: peaks, globalBeats: globals,
    representative: representativeFiducials(globals), leads: leads)

  // Rhythm.
  let rr = zip(peaks.dropFirst(), peaks).map { ms($0 - $1) }
  m.rrMean = mean(rr)
  m.heartRate = 60_000 / m.rrMean
  if rr.count >= 2 {
    m.rrSD = standardDeviation(rr)
    let successive = zip(rr.dropFirst(), rr).map { $0 - $1 }
    m.rrRMSSD = (successive.reduce(0) { $0 + $1 * $1 } / Double(successive.count)).squareRoot()
    m.rrIrregularity = median(of: successive.map(abs)) / median(of: rr)
  }
  m.pWaveFraction = Double(globals.filter { $0.pOnset != nil }.count) / Double(globals.count)

  // Intervals.
  func medianInterval(_ f: (BeatFiducials) -> Int?) -> Double {
    let v = globals.compactMap(f).map { ms($0) }
    return median(of: v)
  }
  if m.representative.pOnset != nil {
    m.pr = medianInterval { b in b.pOnset.flatMap { p in b.qrsOnset.map { $0 - p } } }
    m.pDuration = medianInterval { b in b.pOnset.flatMap { p in b.pOffset.map { $0 - p } } }
  }
  m.qrs = medianInterval { b in b.qrsOnset.flatMap { q in b.qrsOffset.map { $0 - q } } }
  if m.representative.tOffset != nil {
    m.qt = medianInterval { b in b.qrsOnset.flatMap { q in b.tOffset.map { $0 - q } } }
  }

  // Amplitudes and areas on median beats.
  let pre = SamplingRate(hertz: fs).samples(0.45)
  for i in leads.indices where problems[i] == nil {
    let segments = medianBeatSegments[i]
    guard !segments.isEmpty else { continue }
    let template = columnMedian(segments)
    // Quality over R - 250 ms ... R + 450 ms (`templateQuality`), against the same median beat.
    let q = (pre - SamplingRate(hertz: fs).samples(0.25))...(pre + SamplingRate(hertz: fs).samples(0.45))
    // Scaled by the fraction of the lead's 10 s windows that can be read (`ECGDelineation.readable`).
    m.leads[i].quality =
      templateQuality(segments: segments.map { Array($0[q]) }, template: Array(template[q])) * (readable?[i] ?? 1)
    measureTemplate(template, origin: pre, fiducials: m.representative, samplingRate: fs, into: &m.leads[i])
  }

  // Axes from the usable limb leads.
  func axis(_ area: (LeadMeasurements) -> Double) -> Double {
    var areas: [String: Double] = [:]
    for l in m.leads where l.problem == nil { if let name = l.name { areas[name] = area(l) } }
    return frontalAxis(netAreas: areas) ?? .nan
  }
  m.pAxis = axis(\.pArea)
  m.qrsAxis = axis(\.qrsArea)
  m.tAxis = axis(\.tArea)
  if !m.qrsAxis.isNaN && !m.tAxis.isNaN { m.qrsTAngle = qrsTAngle(qrsAxis: m.qrsAxis, tAxis: m.tAxis) }
  if let v1 = m.lead("v1") {
    let r56 = [m.lead("v5")?.rAmplitude, m.lead("v6")?.rAmplitude].compactMap { $0 }.filter { !$0.isNaN }
    if let r = r56.max(), !v1.sAmplitude.isNaN { m.sokolowLyon = -v1.sAmplitude + r }
  }
  if let avl = m.lead("avl"), let v3 = m.lead("v3"), !avl.rAmplitude.isNaN, !v3.sAmplitude.isNaN {
    m.cornell = avl.rAmplitude - v3.sAmplitude
  }
  return m
}

/// Representative fiducials (relative to R): per fiducial the median over beats of its offset
/// from the beat's R peak, when at least half the beats have it.
func representativeFiducials(_ globals: [BeatFiducials]) -> RepresentativeFiducials {
  func rel(_ f: (BeatFiducials) -> Int?) -> Int? {
    let v = globals.compactMap { b in f(b).map { Double($0 - b.rPeak) } }
    return v.count * 2 >= globals.count && !v.isEmpty ? Int(median(of: v).rounded()) : nil
  }
  var r = RepresentativeFiducials()
  r.pOnset = rel(\.pOnset); r.pPeak = rel(\.pPeak); r.pOffset = rel(\.pOffset)
  r.qrsOnset = rel(\.qrsOnset); r.qrsOffset = rel(\.qrsOffset)
  r.tPeak = rel(\.tPeak); r.tOffset = rel(\.tOffset)
  if r.pOnset == nil || r.pOffset == nil { r.pOnset = nil; r.pPeak = nil; r.pOffset = nil }
  if r.tPeak == nil || r.tOffset == nil { r.tPeak = nil; r.tOffset = nil }
  return r
}

/// Amplitudes, ST level, R' and net areas of one lead's median beat (`origin` = R index).
func measureTemplate(_ y: [Double], origin: Int, fiducials f: RepresentativeFiducials, samplingRate fs: Double, into lead: inout LeadMeasurements) {
  let last = y.count - 1
  func at(_ rel: Int?) -> Int? { rel.map { min(last, max(0, origin + $0)) } }
  guard let qOn = at(f.qrsOnset), let qOff = at(f.qrsOffset), qOff > qOn else { return }
  let ten = max(1, SamplingRate(hertz: fs).samples(0.01))
  func level(endingAt e: Int) -> Double {
    let a = max(0, e - ten)
    return y[a...e].reduce(0, +) / Double(e - a + 1)
  }
  let baseline = level(endingAt: qOn)
  let msPerSample = 1000 / fs
  func area(_ a: Int, _ z: Int, _ base: Double) -> Double { y[a...z].reduce(0) { $0 + $1 - base } * msPerSample }

  // QRS deflections.
  let dev = y[qOn...qOff].map { $0 - baseline }
  let rIndex = dev.indices.max { dev[$0] < dev[$1] }!
  let rHeight = max(0, dev[rIndex])
  if rHeight == 0 {
    lead.rAmplitude = 0; lead.sAmplitude = 0; lead.qAmplitude = min(0, dev.min()!)
    lead.rPrime = false
  } else {
    lead.rAmplitude = rHeight
    lead.qAmplitude = min(0, dev[..<rIndex].min() ?? 0)
    let after = dev[rIndex...]
    let sIndex = after.indices.min { after[$0] < after[$1] }!
    lead.sAmplitude = min(0, dev[sIndex])
    let tail = dev[sIndex...]
    let r2 = tail.indices.max { tail[$0] < tail[$1] }!
    lead.rPrime =
      dev[r2] >= 0.05 && dev[r2] - dev[sIndex] >= 0.05 && rHeight - dev[sIndex] >= 0.05 && r2 < dev.count - 1
      && dev[r2] - dev[dev.count - 1] >= 0.02
  }
  lead.qrsArea = area(qOn, qOff, baseline)
  let j60 = qOff + SamplingRate(hertz: fs).samples(0.06)
  if j60 <= last { lead.st60 = y[j60] - baseline }

  if let tp = at(f.tPeak), let tOff = at(f.tOffset), tOff > qOff {
    lead.tAmplitude = y[tp] - baseline
    lead.tArea = area(qOff, tOff, baseline)
  }
  if let pOn = at(f.pOnset), let pOff = at(f.pOffset), pOff > pOn {
    let pBase = level(endingAt: pOn)
    let p = y[pOn...pOff].map { $0 - pBase }
    lead.pAmplitude = p.max { abs($0) < abs($1) }!
    lead.pArea = area(pOn, pOff, pBase)
  }
}

/// Missing samples bridged by linear interpolation (held flat at the ends); all-NaN stays 0.
func bridgeGaps(_ x: [Double]) -> [Double] {
  guard x.contains(where: \.isNaN) else { return x }
  var y = x
  guard let firstValid = x.firstIndex(where: { !$0.isNaN }) else { return [Double](repeating: 0, count: x.count) }
  for i in 0..<firstValid { y[i] = x[firstValid] }
  var lastValid = firstValid
  for i in (firstValid + 1)..<x.count where !x[i].isNaN {
    if i - lastValid > 1 {
      for k in (lastValid + 1)..<i {
        let t = Double(k - lastValid) / Double(i - lastValid)
        y[k] = x[lastValid] + t * (x[i] - x[lastValid])
      }
    }
    lastValid = i
  }
  for i in (lastValid + 1)..<x.count { y[i] = x[lastValid] }
  return y
}
