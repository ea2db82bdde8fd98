import ECGLensTestSupport
import Foundation
import Signals
import Testing

@testable import Delineation

/// A synthetic ECG-like signal: Gaussian P, QRS and T waves at known beat times, with optional
/// baseline wander and noise. For unit tests only; validation uses real annotated data.
func syntheticECG(
  fs: Double, seconds: Double, rr: (Int) -> Double, wander: Double = 0, noise: Double = 0,
  seed: UInt64 = 1
) -> (signal: [Double], rPeaks: [Int]) {
  var rng = SeededGenerator(seed: seed)
  let n = Int(seconds * fs)
  var x = [Double](repeating: 0, count: n)
  var peaks: [Int] = []
  var t = 0.5
  var beat = 0
  func add(_ centre: Double, _ width: Double, _ amplitude: Double) {
    let c = centre * fs, w = width * fs
    let lo = max(0, Int(c - 5 * w)), hi = min(n - 1, Int(c + 5 * w))
    guard lo <= hi else { return }
    for i in lo...hi { x[i] += amplitude * exp(-0.5 * pow((Double(i) - c) / w, 2)) }
  }
  while t < seconds - 0.6 {
    add(t - 0.16, 0.025, 0.15)  // P
    add(t - 0.025, 0.008, -0.15)  // Q
    add(t, 0.01, 1.2)  // R
    add(t + 0.025, 0.008, -0.3)  // S
    add(t + 0.3, 0.05, 0.3)  // T
    peaks.append(Int((t * fs).rounded()))
    t += rr(beat)
    beat += 1
  }
  for i in 0..<n {
    let s = Double(i) / fs
    x[i] += wander * sin(2 * Double.pi * 0.3 * s) + noise * Double.random(in: -1...1, using: &rng)
  }
  return (x, peaks)
}

@Suite struct QRSDetectorTests {
  @Test(arguments: [100.0, 250, 360, 500, 1000])
  func findsEveryBeat_atAnyRate(fs: Double) throws {
    let (x, truth) = syntheticECG(
      fs: fs, seconds: 60, rr: { 0.6 + 0.25 * sin(Double($0)) }, wander: 1.0, noise: 0.05)
    let peaks = try detectBeats(in: x, samplingRate: fs)
    let m = matchBeats(reference: truth, detected: peaks, window: Int(0.15 * fs))
    #expect(m.falseNegatives == 0 && m.falsePositives == 0, "fs \(fs): \(m.missed) \(m.extra)")
    // R peak on the dominant deflection: within 2 samples or 5 ms.
    #expect(m.offsets.allSatisfy { abs(Double($0)) <= max(2, 0.005 * fs) }, "fs \(fs)")
  }

  @Test func survivesANoiseBurstAndAPause() throws {
    let fs = 360.0
    var (x, truth) = syntheticECG(fs: fs, seconds: 60, rr: { $0 == 40 ? 2.4 : 0.8 })
    // A 1 s burst of large noise between two beats.
    var rng = SeededGenerator(seed: 7)
    let burst = Int(20.3 * fs)..<Int(20.6 * fs)
    for i in burst { x[i] += Double.random(in: -0.3...0.3, using: &rng) }
    let peaks = try detectBeats(in: x, samplingRate: fs)
    let m = matchBeats(reference: truth, detected: peaks, window: Int(0.15 * fs))
    #expect(m.falseNegatives == 0, "missed \(m.missed)")
    #expect(m.falsePositives <= 1, "extra \(m.extra)")
  }

  @Test func fusesLeads_whenTheFirstIsPoor() throws {
    let fs = 500.0
    let (good, truth) = syntheticECG(fs: fs, seconds: 30, rr: { _ in 0.75 })
    let weak = good.map { 0.05 * $0 }
    let peaks = try detectBeats(inLeads: [weak, good], samplingRate: fs)
    let m = matchBeats(reference: truth, detected: peaks, window: Int(0.15 * fs))
    #expect(m.falseNegatives == 0 && m.falsePositives == 0)
  }

  @Test func missingSamples_areBridged() throws {
    let fs = 250.0
    var (x, truth) = syntheticECG(fs: fs, seconds: 30, rr: { _ in 0.9 })
    for i in 1000..<1010 { x[i] = .nan }
    let peaks = try detectBeats(in: x, samplingRate: fs)
    let m = matchBeats(reference: truth, detected: peaks, window: Int(0.15 * fs))
    #expect(m.falseNegatives <= 1 && m.falsePositives == 0)
  }

  @Test func badInput_throwsTypedErrors() {
    #expect(throws: DelineationError.flatSignal(lead: 0)) {
      try detectBeats(in: [Double](repeating: 0.2, count: 3600), samplingRate: 360)
    }
    #expect(throws: DelineationError.noValidSamples(lead: 0)) {
      try detectBeats(in: [Double](repeating: .nan, count: 3600), samplingRate: 360)
    }
    #expect(throws: DelineationError.unsupportedSamplingRate(50)) {
      try detectBeats(in: [Double](repeating: 0, count: 3600), samplingRate: 50)
    }
    #expect(throws: DelineationError.signalTooShort(samples: 100, neededSeconds: 1)) {
      try detectBeats(in: [Double](repeating: 0, count: 100), samplingRate: 360)
    }
    #expect(throws: DelineationError.invalidLeads(reason: "leads differ in length")) {
      try detectBeats(inLeads: [[0, 1], [0]], samplingRate: 360)
    }
  }

  /// Real data bundled with the repository: the first 5 minutes of MIT-BIH 100 and 208.
  @Test(arguments: ["100", "208"])
  func bundledMitbih_matchesCardiologists(record name: String) throws {
    let path = TestPaths.samples + "/mitdb/" + name
    let record = try readRecord(at: path)
    let reference = try readAnnotations(record: path, annotator: "atr").beatSamples
    let peaks = try detectBeats(in: record.physical(0), samplingRate: 360)
    let m = matchBeats(reference: reference, detected: peaks, window: 54)
    #expect(m.sensitivity >= 0.995, "\(name): missed \(m.missed)")
    #expect(m.positivePredictivity >= 0.995, "\(name): extra \(m.extra)")
  }
}

@Suite struct BeatMatchingTests {
  @Test func oneToOne_nearestWins() {
    let m = matchBeats(reference: [100, 200, 300], detected: [105, 195, 199, 420], window: 10)
    #expect(m.truePositives == 2 && m.falseNegatives == 1 && m.falsePositives == 2)
    #expect(m.offsets == [5, -1])
    #expect(m.missed == [300] && m.extra == [195, 420])
  }

  @Test func grossStatistics_sumCounts() {
    let a = matchBeats(reference: [10, 20], detected: [10], window: 2)
    let b = matchBeats(reference: [10], detected: [10, 50], window: 2)
    let g = BeatMatch.gross([a, b])
    #expect(g.truePositives == 2 && g.falseNegatives == 1 && g.falsePositives == 1)
    #expect(abs(g.sensitivity - 2.0 / 3) < 1e-12 && abs(g.positivePredictivity - 2.0 / 3) < 1e-12)
  }
}
