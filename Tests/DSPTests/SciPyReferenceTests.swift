import ECGLensTestSupport
import Testing

@testable import DSP

/// Filter design, zero-phase filtering, resampling and the running median agree with SciPy
/// 1.17.1 on 2000 samples of real ECG (MIT-BIH 100, MLII, 10-15.6 s), from
/// Tests/Fixtures/dsp-reference.json (Scripts/make_reference_fixtures.py).
@Suite struct SciPyReferenceTests {
  struct ButterCase: Decodable {
    var order: Int, kind: String, edges: [Double], fs: Double, sos: [[Double]], filtfilt: [Double]
  }
  struct NotchCase: Decodable { var f0: Double, q: Double, fs: Double, b: [Double], a: [Double], filtfilt: [Double] }
  struct ResampleCase: Decodable {
    var from: Double, to: Double, output: [Double]
  }
  struct MedianCase: Decodable { var window: Int, output: [Double] }
  struct Reference: Decodable {
    var input: [Double]
    var butter: [ButterCase]
    var notch: [NotchCase]
    var resample: [ResampleCase]
    var median: [MedianCase]
  }
  static let reference = try! loadJSON(Reference.self, from: TestPaths.fixtures + "/dsp-reference.json")

  private func band(_ c: ButterCase) -> FilterBand {
    switch c.kind {
    case "lowpass": return .lowpass(cutoff: c.edges[0])
    case "highpass": return .highpass(cutoff: c.edges[0])
    case "bandpass": return .bandpass(low: c.edges[0], high: c.edges[1])
    default: return .bandstop(low: c.edges[0], high: c.edges[1])
    }
  }

  @Test func butterworth_coefficientsMatchSciPy() throws {
    for c in Self.reference.butter {
      let filter = try butterworth(order: c.order, band: band(c), samplingRate: c.fs)
      #expect(filter.sections.count == c.sos.count, "\(c.kind) \(c.edges)")
      for (mine, theirs) in zip(filter.sections.map(\.row), c.sos) {
        // Coefficients to 1e-10 absolute (they are O(1); SciPy rounds differently in places).
        #expect(maxAbsDifference(mine, theirs) < 1e-10, "\(c.order) \(c.kind) \(c.edges) @ \(c.fs) Hz")
      }
    }
  }

  @Test func filtfilt_matchesSosfiltfilt() throws {
    for c in Self.reference.butter {
      let y = try butterworth(order: c.order, band: band(c), samplingRate: c.fs).filtfilt(Self.reference.input)
      // Output in mV; 1e-9 mV is far below any ADC step (5 uV in MIT-BIH).
      #expect(maxAbsDifference(y, c.filtfilt) < 1e-9, "\(c.order) \(c.kind) \(c.edges)")
    }
  }

  @Test func notch_matchesIirnotch() throws {
    for c in Self.reference.notch {
      let filter = try notch(frequency: c.f0, quality: c.q, samplingRate: c.fs)
      let s = filter.sections[0]
      #expect(maxAbsDifference([s.b0, s.b1, s.b2], c.b) < 1e-12)
      #expect(maxAbsDifference([1, s.a1, s.a2], c.a) < 1e-12)
      #expect(maxAbsDifference(try filter.filtfilt(Self.reference.input), c.filtfilt) < 1e-9)
    }
  }

  @Test func resample_matchesResamplePoly() throws {
    for c in Self.reference.resample {
      let y = try resample(Self.reference.input, from: c.from, to: c.to)
      #expect(y.count == c.output.count, "\(c.from) -> \(c.to)")
      #expect(maxAbsDifference(y, c.output) < 1e-9, "\(c.from) -> \(c.to) Hz")
    }
  }

  @Test func runningMedian_matchesNdimageMedianFilter() throws {
    for c in Self.reference.median {
      #expect(try runningMedian(Self.reference.input, window: c.window) == c.output, "window \(c.window)")
    }
  }
}
