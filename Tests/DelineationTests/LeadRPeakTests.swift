import Foundation
import Testing

@testable import Delineation

@Suite struct LeadRPeakTests {
  /// A lead made of Gaussian deflections (centre in samples, amplitude in mV, width in samples)
  /// on a flat baseline.
  func lead(_ waves: [(centre: Double, amplitude: Double, width: Double)], count: Int = 200) -> [Double] {
    (0..<count).map { i in
      waves.reduce(0) { $0 + $1.amplitude * exp(-0.5 * pow((Double(i) - $1.centre) / $1.width, 2)) }
    }
  }

  /// rS (V1): the small initial r is the R peak, not the deep S and not the end of the window.
  @Test func smallInitialRInAnRSComplex() {
    let x = lead([(90, 0.15, 3), (105, -1.2, 5)])
    #expect(leadRPeak(x, qrsOnset: 80, qrsOffset: 120, samplingRate: 500) == 90)
  }

  /// Qr (aVR): the terminal r' is the R peak.
  @Test func terminalRInAQrComplex() {
    let x = lead([(95, -0.9, 5), (112, 0.2, 3)])
    #expect(leadRPeak(x, qrsOnset: 80, qrsOffset: 125, samplingRate: 500) == 112)
  }

  /// qRs: the tall R wins over a notch of the same complex.
  @Test func tallRWinsOverANotch() {
    let x = lead([(92, 1.5, 4), (99, 0.1, 1.5), (104, -0.3, 3)])
    #expect(leadRPeak(x, qrsOnset: 80, qrsOffset: 115, samplingRate: 500) == 92)
  }

  /// QS: no local maximum inside the complex, so its deepest point.
  @Test func deepestPointOfAQSComplex() {
    let x = lead([(100, -1.0, 6)])
    #expect(leadRPeak(x, qrsOnset: 85, qrsOffset: 115, samplingRate: 500) == 100)
  }

  /// A peak outside the QRS boundaries (here a T-like wave in the margin) is not the R peak,
  /// and a flat top is taken at its middle.
  @Test func staysInsideTheBoundariesAndTakesAFlatTopAtItsMiddle() {
    var x = lead([(100, -1.0, 6), (122, 0.5, 2)])
    #expect(leadRPeak(x, qrsOnset: 85, qrsOffset: 115, samplingRate: 500, margin: 0.02) == 100)
    x = [Double](repeating: 0, count: 60)
    for i in 20...24 { x[i] = 1 }
    #expect(leadRPeak(x, qrsOnset: 10, qrsOffset: 40, samplingRate: 500) == 22)
  }

  /// Out-of-order or out-of-range boundaries and missing samples give nil, not a guess.
  @Test func refusesBadBoundariesAndMissingSamples() {
    var x = lead([(90, 1, 3)])
    #expect(leadRPeak(x, qrsOnset: 100, qrsOffset: 80, samplingRate: 500) == nil)
    #expect(leadRPeak(x, qrsOnset: 190, qrsOffset: 210, samplingRate: 500) == nil)
    #expect(leadRPeak(x, qrsOnset: -1, qrsOffset: 20, samplingRate: 500) == nil)
    x[110] = .nan
    #expect(leadRPeak(x, qrsOnset: 80, qrsOffset: 105, samplingRate: 500) == nil)
    #expect(leadRPeak(x, qrsOnset: 80, qrsOffset: 95, samplingRate: 500) == 90)
  }
}
