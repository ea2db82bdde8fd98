import ECGLensTestSupport
import Foundation
import Signals
import Testing

@testable import Delineation

@Suite struct PacingSpikeTests {
  /// A stimulus before every QRS in four leads is found (at 500 and 1000 Hz); the QRS itself,
  /// and a flat R apex with a steep downstroke, are not stimuli; one lead alone is not enough.
  @Test(arguments: [500.0, 1000.0])
  func findsStimuliNotQRSComplexes(fs: Double) {
    let (base, peaks) = syntheticECG(fs: fs, seconds: 6, rr: { _ in 0.8 })
    var leads = (0..<4).map { k in base.map { $0 * (1 + 0.2 * Double(k)) } }
    #expect(pacingSpikes(inLeads: leads, samplingRate: fs).isEmpty)
    // Biphasic 2 ms stimulus 40 ms before each R peak.
    let width = max(1, Int(0.001 * fs))
    for r in peaks {
      let s = r - Int(0.04 * fs)
      for k in leads.indices {
        for j in 0..<width { leads[k][s + j] += 0.6; leads[k][s + width + j] -= 0.5 }
      }
    }
    let found = pacingSpikes(inLeads: leads, samplingRate: fs)
    #expect(found.count == peaks.count)
    for (f, r) in zip(found, peaks) { #expect(abs(f - (r - Int(0.04 * fs))) <= Int(0.004 * fs)) }
    // A single-lead record needs only that lead; in four leads, one lead's spike is not a stimulus.
    #expect(pacingSpikes(inLeads: [leads[0]], samplingRate: fs).count == peaks.count)
    #expect(pacingSpikes(inLeads: [leads[0]] + (1..<4).map { k in base.map { $0 * (1 + 0.2 * Double(k)) } }, samplingRate: fs).isEmpty)
    // A smooth R upstroke to a clipped apex (flat at 0.7 mV) dropping 0.6 mV in one sample and
    // then decaying: the drop starts far from rest, the rise is not abrupt.
    var clipped = (0..<4).map { _ in [Double](repeating: 0, count: Int(2 * fs)) }
    let rise = Int(0.03 * fs), apex = Int(0.01 * fs), start = Int(0.8 * fs)
    for k in clipped.indices {
      for i in 0..<rise { clipped[k][start + i] = 0.7 * Double(i) / Double(rise) }
      for i in 0..<apex { clipped[k][start + rise + i] = 0.7 }
      for i in 0..<rise { clipped[k][start + rise + apex + i] = 0.1 * (1 - Double(i) / Double(rise)) }
    }
    #expect(pacingSpikes(inLeads: clipped, samplingRate: fs).isEmpty)
  }

  /// A QRS onset the filters spread back before the stimulus is moved to just after it.
  @Test func pacedOnsetIsNotBeforeTheStimulus() throws {
    let fs = 500.0
    var (x, peaks) = syntheticECG(fs: fs, seconds: 6, rr: { _ in 0.8 })
    var spikes: [Int] = []
    for r in peaks { let s = r - 30; x[s] += 2.0; x[s + 1] -= 1.8; spikes.append(s) }
    let plain = try delineate(lead: x, samplingRate: fs, rPeaks: peaks)
    let paced = try delineate(lead: x, samplingRate: fs, rPeaks: peaks, pacingSpikes: spikes)
    for (k, b) in paced.enumerated().dropFirst().dropLast() {
      #expect(try #require(b.qrsOnset) > spikes[k])
      #expect(try #require(plain[k].qrsOnset) <= spikes[k])  // what the rule corrects
    }
  }

  /// Whatever stimuli are claimed (here: random ones, at every rate), every delineated QRS has
  /// its onset before its offset and nothing traps (a 1000 Hz LUDB run once did).
  @Test(arguments: [250.0, 360, 500, 1000])
  func arbitraryStimuliNeverBreakTheQRS(fs: Double) throws {
    var rng = SeededGenerator(seed: UInt64(fs))
    let (x, peaks) = syntheticECG(fs: fs, seconds: 8, rr: { _ in 0.7 }, noise: 0.02)
    let spikes = peaks.flatMap { r in (0..<3).map { _ in r + Int.random(in: -Int(0.16 * fs)...Int(0.02 * fs), using: &rng) } }.sorted()
    let beats = try delineate(lead: x, samplingRate: fs, rPeaks: peaks, pacingSpikes: spikes)
    for b in beats { if let on = b.qrsOnset, let off = b.qrsOffset { #expect(on < off) } }
  }
}

@Suite struct PacingArtefactTests {
  /// A QRS that starts with an abrupt step out of a quiet baseline and then goes on rising in
  /// every lead is not a stimulus; the same step decaying back is.
  @Test func aSteepOnsetThatGoesOnIsNotAStimulus() {
    let fs = 500.0
    func lead(decays: Bool) -> [Double] {
      var x = [Double](repeating: 0, count: 1000)
      x[500] = 0.12
      for i in 501..<520 { x[i] = decays ? 0.12 * exp(-Double(i - 500) / 3) : 0.12 + 0.08 * Double(i - 500) }
      for i in 520..<1000 { x[i] = decays ? 0 : x[519] }
      return x
    }
    #expect(pacingSpikes(inLeads: Array(repeating: lead(decays: false), count: 4), samplingRate: fs).isEmpty)
    #expect(pacingSpikes(inLeads: Array(repeating: lead(decays: true), count: 4), samplingRate: fs).count == 1)
  }

  /// LUDB 34 (complete AV block, ventricular pacing; the cardiologists marked no P wave): the
  /// low-pass filters spread each stimulus backwards into something the P search takes for a P
  /// wave, unless the stimulus is bridged first.
  @Test(.enabled(if: TestPaths.hasSharedData("ludb"), "needs ../shared/data/ludb (or $ECGLENS_DATA)"))
  func aStimulusIsNotTakenForAPWave() throws {
    let record = try readRecord(at: TestPaths.sharedData + "/ludb/data/34")
    let leads = record.digital.indices.map { record.physical($0) }
    let fs = record.samplingFrequency
    let peaks = try detectBeats(inLeads: leads, samplingRate: fs)
    let spikes = pacingSpikes(inLeads: leads, samplingRate: fs)
    #expect(spikes.count == peaks.count)
    var unbridged = DelineationParameters()
    unbridged.stimulusBlank = 0
    // P picks peaking in the 60 ms before a stimulus: where the filters spread it.
    func picksBeforeStimuli(_ q: DelineationParameters) throws -> Int {
      try leads.map { try delineate(lead: $0, samplingRate: fs, rPeaks: peaks, parameters: q, pacingSpikes: spikes) }
        .joined().filter { b in b.pPeak.map { p in spikes.contains { $0 > p && $0 - p <= Int(0.06 * fs) } } ?? false }.count
    }
    let plain = try picksBeforeStimuli(unbridged), bridged = try picksBeforeStimuli(.init())
    print("LUDB 34 P picks in the 60 ms before a stimulus, 12 leads: \(plain) unbridged, \(bridged) bridged")
    #expect(plain >= 20)
    #expect(bridged * 4 <= plain)
  }
}
