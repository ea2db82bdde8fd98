import Delineation
import ECGLensTestSupport
import Foundation
import Signals
import Testing

@testable import Measurements

@Suite struct GlobalBeatTests {
  /// Interpolated PVCs every fourth beat make a regular sinus rhythm look irregular by the plain
  /// successive-difference measure, not by the underlying one; scattered RR intervals (as in
  /// atrial fibrillation) stay irregular by both.
  @Test func ectopicBeatsDoNotMakeTheRhythmIrregular() {
    var peaks = [200]
    for k in 1...14 {
      // Sinus 460 samples; every fourth beat a PVC 200 samples after the previous one, the
      // next sinus beat 260 after it (interpolated: the sinus cadence goes on).
      peaks.append(peaks.last! + (k % 4 == 0 ? 200 : (k % 4 == 1 && k > 1 ? 260 : 460)))
    }
    let rr = zip(peaks.dropFirst(), peaks).map { Double($0 - $1) }
    let successive = zip(rr.dropFirst(), rr).map { abs($0 - $1) }
    let plain = successive.sorted()[successive.count / 2] / rr.sorted()[rr.count / 2]
    #expect(plain > 0.06)
    #expect(underlyingIrregularity(rPeaks: peaks) < 0.01)

    let scattered = [300, 410, 380, 520, 290, 450, 330, 600, 350, 470, 310, 540, 400]
    let af = scattered.reduce(into: [100]) { $0.append($0.last! + $1) }
    #expect(underlyingIrregularity(rPeaks: af) > 0.1)
    #expect(underlyingIrregularity(rPeaks: [0, 400]) == 0)
  }

  /// Three leads agree on every beat: the global P waves pass the consistency check, except the
  /// one that starts before the previous beat's T wave ends.
  @Test func pWaveInsideThePreviousTWaveIsDropped() {
    let rPeaks = (0..<8).map { 300 + 450 * $0 }
    func beat(_ r: Int, pOnset: Int) -> BeatFiducials {
      var b = BeatFiducials(rPeak: r)
      b.pOnset = pOnset; b.pPeak = pOnset + 25; b.pOffset = pOnset + 50
      b.qrsOnset = r - 20; b.qrsOffset = r + 30; b.tPeak = r + 150; b.tOffset = r + 200
      return b
    }
    let lead = rPeaks.enumerated().map { k, r in beat(r, pOnset: k == 5 ? rPeaks[4] + 190 : r - 100) }
    let global = globalBeats([lead, lead, lead], samplingRate: 500)
    for (k, b) in global.enumerated() {
      #expect((b.pOnset == nil) == (k == 5), "beat \(k)")
    }
  }
}

/// `guidedLeadBeats` at 500 Hz, where its 8 ms tolerance is 4 samples.
@Suite struct GuidedLeadBeatTests {
  func beat(_ r: Int, p: Int?, t: Int?) -> BeatFiducials {
    var b = BeatFiducials(rPeak: r)
    b.qrsOnset = r - 20; b.qrsOffset = r + 30
    if let p { b.pOnset = p - 25; b.pPeak = p; b.pOffset = p + 25 }
    if let t { b.tPeak = t; b.tOffset = t + 50 }
    return b
  }

  /// Wave presence follows the global beat; the lead's own wave is kept, with its ends moved to
  /// within the tolerance, only where it is the global one.
  @Test func presenceFollowsTheGlobalBeatAndEndsStayClose() throws {
    let global = [beat(300, p: 200, t: 450), beat(800, p: nil, t: 950), beat(1300, p: 1200, t: 1450), beat(1800, p: 1700, t: nil)]
    var lead = [beat(300, p: nil, t: 452), beat(800, p: 700, t: nil), beat(1300, p: 1190, t: 1400), beat(1800, p: 1602, t: 1950)]
    lead[0].qrsOnset = 270; lead[0].qrsOffset = 340  // 10 samples early, 10 late
    lead[2].pOnset = 1150; lead[2].pOffset = 1227  // peak inside the global P; onset 25 early, offset 2 late
    let guided = try #require(guidedLeadBeats([lead], global: global, samplingRate: 500).first)
    // Beat 0: no P of its own, so the global P; its own T peak (2 samples off) and T offset.
    #expect(guided[0].pOnset == 175 && guided[0].pPeak == 200 && guided[0].pOffset == 225)
    #expect(guided[0].tPeak == 452 && guided[0].tOffset == 502)
    // QRS onset is the global one; the offset the lead's own moved to within 4 samples.
    #expect(guided[0].qrsOnset == 280 && guided[0].qrsOffset == 334)
    // Beat 1: the lead's P is dropped (no global P); the missing T is the global one.
    #expect(guided[1].pPeak == nil && guided[1].pOnset == nil && guided[1].pOffset == nil)
    #expect(guided[1].tPeak == 950 && guided[1].tOffset == 1000)
    // Beat 2: own P peak, ends within 4 samples of the global ones; own T peak 50 samples
    // early (beyond 20) is another wave: the global T.
    #expect(guided[2].pPeak == 1190 && guided[2].pOnset == 1171 && guided[2].pOffset == 1227)
    #expect(guided[2].tPeak == 1450 && guided[2].tOffset == 1500)
    // Beat 3: own P far outside the global one: the global P; no global T: none.
    #expect(guided[3].pPeak == 1700 && guided[3].pOnset == 1675)
    #expect(guided[3].tPeak == nil && guided[3].tOffset == nil)
  }

  /// A beat the lead could not delineate (here masked for missing samples) gets nothing from the
  /// global beat.
  @Test func undelineatedBeatStaysEmpty() throws {
    let global = [beat(300, p: 200, t: 450), beat(800, p: 700, t: 950)]
    let lead = [beat(300, p: 200, t: 450), BeatFiducials(rPeak: 800)]
    let guided = try #require(guidedLeadBeats([lead], global: global, samplingRate: 500).first)
    #expect(guided[1] == BeatFiducials(rPeak: 800))
    #expect(guided[0] == global[0])
  }
}

@Suite struct TemplateAndScreeningTests {
  /// The median beat equals the sorted-column median, for odd and even beat counts and for
  /// columns whose order changes from sample to sample; 2,000 and 4,001 noisy beats take the
  /// fresh-sort path (a Holter lead's beats), which must give the same medians.
  @Test(arguments: [1, 2, 5, 12, 13, 2_000, 4_001])
  func columnMedianEqualsSortingEachColumn(beats: Int) {
    var rng = SeededGenerator(seed: UInt64(beats))
    let segments = (0..<beats).map { _ in (0..<300).map { i in sin(Double(i) / 20) + Double.random(in: -0.5...0.5, using: &rng) } }
    let expected = (0..<300).map { i -> Double in
      let column = segments.map { $0[i] }.sorted()
      return beats % 2 == 1 ? column[beats / 2] : (column[beats / 2 - 1] + column[beats / 2]) / 2
    }
    #expect(columnMedian(segments) == expected)
    #expect(columnMedian([]) == [])
  }

  /// A lead clipped at its top for long runs is saturated; a single sample at the extremes, or
  /// short touches of them, is not.
  @Test func saturationNeedsLongRunsAtTheExtremes() {
    let fs = 500.0
    let wave = (0..<5000).map { sin(Double($0) / 30) }
    #expect(leadProblem(wave, samplingRate: fs) == nil)
    let clipped = wave.map { min($0, 0.8) }  // flat tops of about 40 samples, 10 % of the lead
    #expect(leadProblem(clipped, samplingRate: fs) == .saturated)
    var touches = wave
    for i in stride(from: 0, to: 5000, by: 400) { touches[i] = 2 }  // 13 one-sample touches
    #expect(leadProblem(touches, samplingRate: fs) == nil)
  }

  /// One clipped run (a start-up transient: 5 % of the lead at its minimum) is found and
  /// masked, but does not make the lead saturated; a run over most of the lead does.
  @Test func oneClippedRunIsMaskedNotSaturated() {
    let fs = 500.0
    var lead = (0..<5000).map { sin(Double($0) / 30) }
    for i in 0..<250 { lead[i] = -1.5 }
    #expect(clippedRuns(lead, samplingRate: fs) == [0..<250])
    #expect(leadProblem(lead, samplingRate: fs) == nil)
    let masked = maskingClippedRuns(lead, runs: clippedRuns(lead, samplingRate: fs))
    #expect(masked[0..<250].allSatisfy(\.isNaN) && !masked[250...].contains(where: \.isNaN))
    // A 30 ms run is not clipping, and neither is the plain sine's single-sample extremes.
    var short = (0..<5000).map { sin(Double($0) / 30) }
    for i in 1000..<1015 { short[i] = 1.2 }
    #expect(clippedRuns(short, samplingRate: fs).isEmpty)
    for i in 0..<3000 { lead[i] = -1.5 }
    #expect(leadProblem(lead, samplingRate: fs) == .saturated)
  }

  /// LUDB 115's lead II sits at its minimum for its first 0.28 s and is annotated like the other
  /// leads: one clipped run, so the lead is kept (the 2 %-of-samples rule it replaced dropped it).
  @Test(.enabled(if: TestPaths.hasSharedData("ludb"), "needs ../shared/data/ludb (or $ECGLENS_DATA)"))
  func ludb115LeadIIIsClippedOnceAndKept() throws {
    let record = try readRecord(at: TestPaths.sharedData + "/ludb/data/115")
    let fs = record.samplingFrequency
    let ii = record.physical(try #require(record.signalNames.firstIndex { $0.lowercased() == "ii" }))
    let runs = clippedRuns(ii, samplingRate: fs)
    #expect(runs.count == 1)
    let run = try #require(runs.first)
    #expect(run.lowerBound < Int(0.05 * fs) && abs(Double(run.count) / fs - 0.28) < 0.01, "\(run)")
    #expect(leadProblem(ii, samplingRate: fs) == nil)
  }
}

@Suite struct LongPRTests {
  /// Three leads of a regular rhythm whose P wave peaks 300 ms before the R peak (first-degree
  /// AV block): beyond the usual 220 ms P window, found by the second look, which is not taken
  /// when it is switched off.
  @Test func firstDegreeAVBlockPWavesAreFoundByTheSecondLook() throws {
    let fs = 500.0, n = 5000
    var lead = [Double](repeating: 0, count: n)
    var peaks: [Int] = []
    func add(_ centre: Int, _ width: Double, _ amplitude: Double) {
      for i in max(0, centre - Int(5 * width))...min(n - 1, centre + Int(5 * width)) {
        lead[i] += amplitude * exp(-0.5 * pow(Double(i - centre) / width, 2))
      }
    }
    for r in stride(from: 400, to: n - 300, by: 500) {  // 60 beats/min
      add(r - 150, 12, 0.15)  // P, 300 ms before R
      add(r, 5, 1.2); add(r - 12, 4, -0.15); add(r + 12, 4, -0.3)
      add(r + 160, 25, 0.3)  // T
      peaks.append(r)
    }
    let leads = [lead, lead.map { $0 * 0.8 }, lead.map { $0 * 1.1 }]
    let found = try delineateWithGlobalBeats(leads, samplingRate: fs, rPeaks: peaks)
    let withP = found.global.filter { $0.pPeak != nil }
    #expect(2 * withP.count >= found.global.count)
    for b in withP { #expect(abs(try #require(b.pPeak) - (b.rPeak - 150)) <= 10) }
    let single = try delineateWithGlobalBeats(leads, samplingRate: fs, rPeaks: peaks, longPSearch: 0.22)
    #expect(single.global.allSatisfy { $0.pPeak == nil })  // what the second look adds
  }
}
