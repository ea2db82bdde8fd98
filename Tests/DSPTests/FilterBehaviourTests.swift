import ECGLensTestSupport
import Foundation
import Testing

@testable import DSP

@Suite struct FilterBehaviourTests {
  private func sine(_ f: Double, fs: Double, count: Int) -> [Double] {
    (0..<count).map { sin(2 * Double.pi * f * Double($0) / fs) }
  }
  private func rms(_ x: ArraySlice<Double>) -> Double {
    (x.map { $0 * $0 }.reduce(0, +) / Double(x.count)).squareRoot()
  }

  @Test(arguments: [100.0, 250, 360, 500, 1000])
  func bandpass_passesQRSBand_rejectsWanderAndMains(fs: Double) throws {
    let bp = try butterworth(order: 2, band: .bandpass(low: 0.5, high: 40), samplingRate: fs)
    let n = Int(20 * fs), mid = (n / 4)..<(3 * n / 4)
    #expect(abs(rms(try bp.filtfilt(sine(10, fs: fs, count: n))[mid]) - 1 / 2.squareRoot()) < 0.01)
    #expect(rms(try bp.filtfilt(sine(0.05, fs: fs, count: n))[mid]) < 0.01)
    // Order 2 per edge, applied twice: 100 Hz (2.5 x the cut-off) is down by about 30 dB.
    if fs >= 250 { #expect(rms(try bp.filtfilt(sine(100, fs: fs, count: n))[mid]) < 0.05) }
  }

  @Test func notch_removesMains_keepsNeighbours() throws {
    let fs = 500.0
    let filter = try notch(frequency: 50, quality: 30, samplingRate: fs)
    let n = 5000, mid = 1000..<4000
    #expect(rms(try filter.filtfilt(sine(50, fs: fs, count: n))[mid]) < 0.01)
    #expect(rms(try filter.filtfilt(sine(40, fs: fs, count: n))[mid]) > 0.69)
  }

  @Test func resample_roundTripPreservesABandLimitedSignal() throws {
    let x = sine(5, fs: 360, count: 3600)
    let y = try resample(try resample(x, from: 360, to: 500), from: 500, to: 360)
    #expect(y.count == x.count)
    #expect(maxAbsDifference(Array(y[200..<3400]), Array(x[200..<3400])) < 1e-3)
    #expect(try resample(x, from: 360, to: 360) == x)
  }

  @Test(arguments: [1 as UInt64, 2, 3])
  func runningMedian_equalsSortingTheWindow(seed: UInt64) throws {
    var rng = SeededGenerator(seed: seed)
    let n = Int.random(in: 1...400, using: &rng)
    // Many ties (integers 0...9) stress the heap bookkeeping.
    let x = (0..<n).map { _ in Double(Int.random(in: 0...9, using: &rng)) }
    let w = Int.random(in: 1...60, using: &rng)
    let y = try runningMedian(x, window: w)
    for i in 0..<n {
      let window = ((i - w / 2)...(i + (w - 1) / 2)).map { j -> Double in
        var k = j % (2 * n)
        if k < 0 { k += 2 * n }
        return k < n ? x[k] : x[2 * n - 1 - k]
      }.sorted()
      #expect(y[i] == window[w / 2], "seed \(seed) n \(n) w \(w) i \(i)")
    }
  }

  @Test func invalidDesigns_throwTypedErrors() {
    #expect(throws: DSPError.cutoffOutOfRange(cutoffHz: 200, samplingRateHz: 360)) {
      try butterworth(order: 2, band: .lowpass(cutoff: 200), samplingRate: 360)
    }
    #expect(throws: DSPError.invalidBand(lowHz: 20, highHz: 5)) {
      try butterworth(order: 2, band: .bandpass(low: 20, high: 5), samplingRate: 360)
    }
    #expect(throws: DSPError.invalidOrder(0)) { try butterworth(order: 0, band: .lowpass(cutoff: 5), samplingRate: 360) }
    #expect(throws: DSPError.signalTooShort(length: 5, needed: 9)) {
      try butterworth(order: 2, band: .lowpass(cutoff: 5), samplingRate: 360).filtfilt([1, 2, 3, 4, 5])
    }
    #expect(throws: DSPError.invalidSamplingRate(360.5)) { try resample([1, 2], from: 360.5, to: 500) }
    #expect(throws: DSPError.self) { try runningMedian([1], window: 0) }
    #expect(throws: DSPError.self) { try notch(frequency: 50, quality: 0, samplingRate: 500) }
  }

  /// Filtering channels four at a time (SIMD lanes) gives bit for bit what filtering each alone
  /// gives, for any channel count (a partial last group too) and every section count.
  @Test(arguments: [1, 3, 4, 5, 12])
  func multiChannelFiltfilt_equalsOneChannelAtATime(channels count: Int) throws {
    var rng = SeededGenerator(seed: UInt64(count))
    let channels = (0..<count).map { _ in (0..<2_000).map { _ in Double.random(in: -1...1, using: &rng) } }
    for filter in [
      try butterworth(order: 2, band: .highpass(cutoff: 0.5), samplingRate: 500),
      try butterworth(order: 3, band: .lowpass(cutoff: 40), samplingRate: 500),
      try butterworth(order: 4, band: .bandpass(low: 5, high: 15), samplingRate: 360),
    ] {
      let together = try filter.filtfilt(channels: channels)
      #expect(together == (try channels.map { try filter.filtfilt($0) }))
    }
    // Unequal lengths fall back to one at a time; too short a channel throws.
    let mixed = [channels[0], Array(channels[0].prefix(500))]
    let f = try butterworth(order: 2, band: .lowpass(cutoff: 40), samplingRate: 500)
    #expect(try f.filtfilt(channels: mixed) == (try mixed.map { try f.filtfilt($0) }))
    #expect(throws: DSPError.self) { try f.filtfilt(channels: [[1, 2, 3], [1, 2, 3]]) }
  }
}
