import Signals
import Foundation
import Testing

@testable import Measurements

/// A 12-lead ECG from a rotating heart vector: P, QRS and T dipoles with their own frontal
/// directions, projected on the limb leads by Einthoven geometry; precordial leads are scaled
/// copies. Known truth: the axes, the rate and where each wave lies.
func syntheticTwelveLead(
  fs: Double, seconds: Double = 10, rr: Double = 0.8, axes: (p: Double, qrs: Double, t: Double) = (50, 60, 40), pWave: Bool = true
)
  -> (leads: [[Double]], names: [String], rPeaks: [Int])
{
  let n = Int(seconds * fs)
  var hx = [Double](repeating: 0, count: n), hy = hx
  var peaks: [Int] = []
  func add(_ centre: Double, _ width: Double, _ amplitude: Double, _ angle: Double) {
    let c = centre * fs, w = width * fs
    let dx = cos(angle * .pi / 180), dy = sin(angle * .pi / 180)
    for i in max(0, Int(c - 5 * w))...min(n - 1, Int(c + 5 * w)) {
      let g = amplitude * exp(-0.5 * pow((Double(i) - c) / w, 2))
      hx[i] += g * dx; hy[i] += g * dy
    }
  }
  var t = 0.6
  while t < seconds - 0.7 {
    if pWave { add(t - 0.16, 0.022, 0.15, axes.p) }
    add(t - 0.022, 0.007, -0.12, axes.qrs)
    add(t, 0.009, 1.3, axes.qrs)
    add(t + 0.022, 0.007, -0.25, axes.qrs)
    add(t + 0.3, 0.05, 0.3, axes.t)
    peaks.append(Int((t * fs).rounded()))
    t += rr
  }
  let limb = limbLeadVectors.map { _, v in
    return (0..<n).map { v.x * hx[$0] + v.y * hy[$0] }
  }
  let chest = [-0.6, -0.3, 0.4, 0.9, 1.1, 0.8].map { s in (0..<n).map { s * hx[$0] + 0.3 * hy[$0] } }
  return (limb + chest, standardLeads.map { $0.uppercased() }, peaks)
}

@Suite struct MeasureECGTests {
  @Test(arguments: [250.0, 360, 500, 1000])
  func measuresAxesRateAndIntervalsAtAnyRate(fs: Double) throws {
    let ecg = syntheticTwelveLead(fs: fs)
    let m = try measureECG(leads: ecg.leads, descriptions: ecg.names, samplingRate: fs)
    #expect(abs(m.heartRate - 75) < 0.5)
    #expect(m.rPeaks.count == ecg.rPeaks.count)
    #expect(abs(m.qrsAxis - 60) < 3, "QRS axis \(m.qrsAxis)")
    #expect(abs(m.tAxis - 40) < 5, "T axis \(m.tAxis)")
    #expect(abs(m.pAxis - 50) < 8, "P axis \(m.pAxis)")
    #expect(m.pWaveFraction > 0.9)
    // P from about R - 230 to R - 90 ms; QRS about R - 45 to R + 45 ms; T ends about R + 450 ms.
    #expect(m.pr > 150 && m.pr < 240, "PR \(m.pr)")
    #expect(m.qrs > 60 && m.qrs < 120, "QRS \(m.qrs)")
    #expect(m.qt > 380 && m.qt < 560, "QT \(m.qt)")
    #expect(abs(m.qtc(.bazett) - m.qt / (m.rrMean / 1000).squareRoot()) < 1e-9)
    let ii = try #require(m.lead("ii"))
    #expect(ii.rAmplitude > 0.9 && ii.tAmplitude > 0.15 && ii.pAmplitude > 0.08)
    #expect(ii.quality > 0.99)
    #expect(ii.rPrime == false)
    // The MIMIC-style origin puts P onset at 40 ms.
    #expect(abs(m.machineEquivalents.pOnset - 40) < 1e-9)
    let values = featureValues(m, demographics: HeaderDemographics(age: 60, sexMale: 1))
    #expect(values.count == featureCatalogue.count)
    #expect(values[0] == 60 && values[1] == 1)
  }

  @Test func noPWavesMeansNoPRAndAnOriginBeforeQRS() throws {
    let ecg = syntheticTwelveLead(fs: 500, pWave: false)
    let m = try measureECG(leads: ecg.leads, descriptions: ecg.names, samplingRate: 500)
    #expect(m.pWaveFraction < 0.2)
    #expect(m.pr.isNaN && m.pAxis.isNaN)
    #expect(m.machineEquivalents.pOnset.isNaN)
    #expect(abs(m.machineEquivalents.qrsOnset - 200) < 1e-9)
  }

  /// Bad leads are screened out, named, and their features left empty; the rest is measured.
  @Test func badLeadsAreFlaggedNotMeasured() throws {
    var ecg = syntheticTwelveLead(fs: 500)
    ecg.leads[7] = [Double](repeating: 0.2, count: ecg.leads[7].count)  // V2 flat
    ecg.leads[8] = ecg.leads[8].map { min(max($0, -0.05), 0.05) }  // V3 clipped
    ecg.leads[9] = ecg.leads[9].enumerated().map { $0.offset % 3 == 0 ? $0.element : .nan }  // V4 mostly missing
    for i in 1000..<1100 { ecg.leads[1][i] = .nan }  // a gap in II
    let m = try measureECG(leads: ecg.leads, descriptions: ecg.names, samplingRate: 500)
    #expect(m.lead("v2")?.problem == .flat)
    #expect(m.lead("v3")?.problem == .saturated)
    #expect(m.lead("v4")?.problem == .missing)
    #expect(m.lead("ii")?.problem == nil)
    let values = featureValues(m, demographics: .init())
    let v2 = try #require(featureCatalogue.firstIndex { $0.name == "v2_r_amp_mv" })
    #expect(values[v2].isNaN)
    #expect(abs(m.qrsAxis - 60) < 3)
    // The beat whose window touches the gap has no fiducials on II.
    let gapBeat = try #require(m.leads[1].beats.first { abs($0.rPeak - 1050) < 200 })
    #expect(gapBeat.qrsOnset == nil)
  }

  /// A lead clipped once, for its first 300 ms, stays in: it is delineated on every beat, and
  /// its amplitudes come from the beats the run does not touch.
  @Test func oneClippedRunKeepsTheLead() throws {
    let ecg = syntheticTwelveLead(fs: 500)
    var clipped = ecg.leads
    let low = try #require(clipped[10].min())
    for i in 0..<150 { clipped[10][i] = low - 0.5 }  // V5 at its (new) minimum for 300 ms
    let m = try measureECG(leads: clipped, descriptions: ecg.names, samplingRate: 500)
    let reference = try measureECG(leads: ecg.leads, descriptions: ecg.names, samplingRate: 500)
    let v5 = try #require(m.lead("v5")), v5Reference = try #require(reference.lead("v5"))
    #expect(v5.problem == nil)
    #expect(v5.beats.filter { $0.qrsOnset != nil }.count == v5Reference.beats.filter { $0.qrsOnset != nil }.count)
    #expect(abs(v5.rAmplitude - v5Reference.rAmplitude) < 0.02)
  }

  @Test func unusableRecordsAreErrors() {
    let flat = [[Double]](repeating: [Double](repeating: 0, count: 5000), count: 2)
    #expect(throws: MeasurementsError.self) { try measureECG(leads: flat, descriptions: ["I", "II"], samplingRate: 500) }
    let one = syntheticTwelveLead(fs: 500, seconds: 1.4)
    #expect(throws: MeasurementsError.tooFewBeats(found: 1)) {
      try measureECG(leads: one.leads, descriptions: one.names, samplingRate: 500)
    }
    #expect(throws: MeasurementsError.self) { try measureECG(leads: [], descriptions: [], samplingRate: 500) }
    #expect(throws: MeasurementsError.self) {
      try measureECG(leads: [[1, 2], [1]], descriptions: ["I", "II"], samplingRate: 500)
    }
  }

  @Test func catalogueIsCompleteAndUnique() {
    #expect(Set(featureCatalogue.map(\.name)).count == featureCatalogue.count)
    #expect(featureCatalogue.count == globalFeatureCatalogue.count + 12 * leadFeatureTemplates.count)
    let qrs = featureDefinition(named: "qrs_ms")!
    #expect(qrs.assess(95) == .normal && qrs.assess(115) == .borderline && qrs.assess(140) == .abnormal)
    #expect(featureDefinition(named: "v1_st60_mv")?.lead == "v1")
    #expect(featureCatalogue.filter { $0.normal != nil }.allSatisfy { $0.source != nil })
  }
}
