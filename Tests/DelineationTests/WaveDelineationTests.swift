import Foundation
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
}
