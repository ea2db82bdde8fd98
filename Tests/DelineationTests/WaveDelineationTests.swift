import ECGLensTestSupport
import Foundation
import Signals
import Testing

@testable import Delineation

@Suite struct WaveDelineationTests {
  /// Synthetic beats (P at R − 160 ms, T at R + 300 ms): every wave found near its place at every
  /// rate; the real scoring is `ecglens validate delineation` on LUDB.
  @Test(arguments: [250.0, 360, 500, 1000])
  func findsWavesNearTheirPlaceAtAnyRate(fs: Double) throws {
    let (x, peaks) = syntheticECG(fs: fs, seconds: 10, rr: { _ in 0.85 })
    let beats = try delineate(lead: x, samplingRate: fs, rPeaks: peaks)
    #expect(beats.count == peaks.count)
    func ms(_ a: Int, _ b: Int) -> Double { Double(a - b) * 1000 / fs }
    for b in beats.dropFirst().dropLast() {
      let p = try #require(b.pPeak), t = try #require(b.tPeak)
      #expect(abs(ms(p, b.rPeak) + 160) <= 12)
      #expect(abs(ms(t, b.rPeak) - 300) <= 12)
      let on = try #require(b.qrsOnset), off = try #require(b.qrsOffset)
      #expect(ms(b.rPeak, on) > 15 && ms(b.rPeak, on) < 70)
      #expect(ms(off, b.rPeak) > 15 && ms(off, b.rPeak) < 80)
      #expect(try #require(b.pOnset) < p && p < (b.pOffset ?? 0) && (b.pOffset ?? .max) <= on)
      #expect(try #require(b.tOffset) > t)
    }
  }

  /// Without P waves (as in atrial fibrillation) P is reported absent, not invented.
  @Test func absentPWaveIsNotInvented() throws {
    let fs = 500.0
    var (x, peaks) = syntheticECG(fs: fs, seconds: 10, rr: { $0 % 2 == 0 ? 0.7 : 0.95 })
    // Remove the P waves: subtract the same Gaussians.
    for r in peaks {
      let c = Double(r) - 0.16 * fs, w = 0.025 * fs
      for i in max(0, Int(c - 5 * w))...min(x.count - 1, Int(c + 5 * w)) { x[i] -= 0.15 * exp(-0.5 * pow((Double(i) - c) / w, 2)) }
    }
    let beats = try delineate(lead: x, samplingRate: fs, rPeaks: peaks)
    #expect(beats.dropFirst().allSatisfy { $0.pPeak == nil })
  }

  @Test func refusesRatesOutsideTheRange() {
    #expect(throws: DelineationError.self) { try delineate(lead: [0, 1, 2], samplingRate: 50, rPeaks: [1]) }
  }

  /// A bundle-branch-block-like complex: the S wave stays on a plateau for 40 ms before it
  /// returns to the baseline in 25 ms. Its offset is after the return, not on the plateau where the
  /// slope first dips (what `qrsResumeSlopeFraction` prevents), at every rate.
  @Test(arguments: [250.0, 500, 1000])
  func slurredTerminalWaveIsPartOfTheQRS(fs: Double) throws {
    let n = Int(6 * fs)
    var x = [Double](repeating: 0, count: n)
    var peaks: [Int] = []
    func level(_ t: Double) -> Double {  // seconds from the R peak
      if t < -0.02 || t > 0.085 { return 0 }
      if t < 0.01 { return exp(-0.5 * pow(t / 0.008, 2)) }  // R
      if t < 0.02 { return exp(-0.5 * pow(0.01 / 0.008, 2)) * (0.02 - t) / 0.01 - 0.35 * (t - 0.01) / 0.01 }
      if t < 0.06 { return -0.35 + 0.5 * (t - 0.02) }  // plateau, drifting 0.02 mV
      return -0.33 * (0.085 - t) / 0.025  // back to the baseline 85 ms after the R peak
    }
    for beat in 0..<6 {
      let r = Int((0.6 + 0.9 * Double(beat)) * fs)
      peaks.append(r)
      for i in max(0, r - Int(0.03 * fs))..<min(n, r + Int(0.11 * fs)) { x[i] = level(Double(i - r) / fs) }
      for i in (r + Int(0.2 * fs))..<(r + Int(0.45 * fs)) { x[i] += 0.25 * sin(Double.pi * Double(i - r - Int(0.2 * fs)) / (0.25 * fs)) }  // T
    }
    var early = DelineationParameters()
    early.qrsResumeSlopeFraction = 0
    let plain = try delineate(lead: x, samplingRate: fs, rPeaks: peaks, parameters: early)
    let beats = try delineate(lead: x, samplingRate: fs, rPeaks: peaks)
    for (b, p) in zip(beats, plain).dropFirst() {
      let end = try #require(b.qrsOffset) - b.rPeak, stopped = try #require(p.qrsOffset) - p.rPeak
      #expect(abs(Double(end) / fs - 0.085) <= 0.012, "offset \(Double(end) / fs) s after R")
      #expect(Double(stopped) / fs < 0.07)  // on the plateau without the rule
    }
  }

  /// Delineating the 12 leads of a record together (filtered four at a time) gives exactly what
  /// delineating each alone gives (bundled LUDB record 1, with its beats).
  @Test func leadsTogetherEqualEachAlone() throws {
    let record = try readRecord(at: TestPaths.samples + "/ludb/1")
    let leads = record.digital.indices.map { record.physical($0) }
    let fs = record.samplingFrequency
    let peaks = try detectBeats(inLeads: leads, samplingRate: fs)
    let together = try delineate(leads: leads, samplingRate: fs, rPeaks: peaks)
    let alone = try leads.map { try delineate(lead: $0, samplingRate: fs, rPeaks: peaks) }
    #expect(together == alone)
    #expect(together.joined().contains { $0.pPeak != nil && $0.tOffset != nil })
    #expect(try delineate(leads: [leads[0], []], samplingRate: fs, rPeaks: peaks) == [alone[0], []])
  }
}
