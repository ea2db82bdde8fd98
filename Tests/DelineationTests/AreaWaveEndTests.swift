import Foundation
import Testing

@testable import Delineation

/// `areaWaveEnd` (Zhang et al. 2006) on synthetic waves.
@Suite struct AreaWaveEndTests {
  /// A T wave (half a cosine, 240 ms) followed by a flat line, then a U wave 160 ms later: the end
  /// is found near where the T wave returns to the baseline, not on the U wave, for either
  /// polarity and at any rate.
  @Test(arguments: [250.0, 500, 1000], [1.0, -1.0])
  func endsWhereTheWaveMeetsTheBaseline(fs: Double, sign: Double) throws {
    let n = Int(1.2 * fs)
    var y = [Double](repeating: 0, count: n)
    let start = Int(0.1 * fs), length = Int(0.24 * fs), end = start + length
    for i in start..<end { y[i] = sign * 0.3 * sin(Double.pi * Double(i - start) / Double(length)) }
    let u = end + Int(0.16 * fs), uLength = Int(0.12 * fs)
    for i in u..<(u + uLength) { y[i] = sign * 0.08 * sin(Double.pi * Double(i - u) / Double(uLength)) }
    let peak = start + length / 2
    let found = try #require(
      areaWaveEnd(y, peak: peak, baseline: 0, to: min(n - 1, peak + Int(0.3 * fs)), window: Int(0.11 * fs)))
    let errorMs = Double(found - end) * 1000 / fs
    #expect(abs(errorMs) <= 12, "\(errorMs) ms at \(fs) Hz")
    #expect(found < u)
    #expect(areaWaveEnd(y, peak: peak, baseline: 0, to: peak + 1, window: 10) == nil)
  }

  /// A biphasic T wave (a positive lobe, then a negative one of 80 % of its height): the second
  /// lobe is found, and its end lies at the end of the wave; a lobe of 10 % is not a second lobe.
  @Test func secondLobeOfABiphasicT() throws {
    let fs = 500.0
    var y = [Double](repeating: 0, count: 600)
    for i in 100..<200 { y[i] = 0.3 * sin(Double.pi * Double(i - 100) / 100) }
    for i in 200..<300 { y[i] = -0.24 * sin(Double.pi * Double(i - 200) / 100) }
    var q = DelineationParameters()
    q.tBiphasicFraction = 0.7
    let first = try #require(areaWaveEnd(y, peak: 150, baseline: 0, to: 250, window: 55))
    let second = try #require(secondTLobe(y, end: first, last: 550, peak: 150, baseline: 0, parameters: q, samplingRate: fs))
    #expect(abs(second - 250) <= 5)
    let end = try #require(areaWaveEnd(y, peak: second, baseline: 0, to: 350, window: 55))
    #expect(abs(end - 300) <= 8, "\(end)")
    for i in 200..<300 { y[i] *= 0.125 }
    #expect(secondTLobe(y, end: first, last: 550, peak: 150, baseline: 0, parameters: q, samplingRate: fs) == nil)
  }
}
