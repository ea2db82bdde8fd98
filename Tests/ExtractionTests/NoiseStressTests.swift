import Delineation
import ECGLensTestSupport
import Foundation
import Signals
import Testing

@testable import Extraction

/// A train of triangular QRS complexes (peak-to-peak `amplitude`) every `rr` seconds.
private func spikeTrain(fs: Double, seconds: Double, rr: Double, amplitude: Double) -> (signal: [Double], beats: [Int]) {
  let n = Int(seconds * fs)
  var x = [Double](repeating: 0, count: n), beats: [Int] = []
  var t = 0.5
  while t < seconds - 0.5 {
    let c = Int(t * fs)
    for k in -7...7 { x[c + k] = amplitude * (1 - Double(abs(k)) / 7) }
    beats.append(c)
    t += rr
  }
  return (x, beats)
}

private func gaussianNoise(count: Int, seed: UInt64) -> [Double] {
  var rng = SeededGenerator(seed: seed)
  return (0..<count).map { _ in
    let u = Double.random(in: Double.ulpOfOne..<1, using: &rng), v = Double.random(in: 0..<1, using: &rng)
    return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
  }
}

@Suite struct NoiseStressTests {
  @Test func trimmedMeanDropsFivePercentEachSide() {
    // 40 values: 2 dropped at each end.
    let v = (1...40).map(Double.init)
    #expect(sigampTrimmedMean(v) == (3...38).map(Double.init).reduce(0, +) / 36)
    // 20 values: one dropped per side, exactly the two outliers.
    #expect(sigampTrimmedMean([5, 1000, -1000] + [Double](repeating: 5, count: 17)) == 5)
    #expect(sigampTrimmedMean([]).isNaN)
  }

  @Test func amplitudesAreThoseSigampMeasures() {
    let fs = 360.0
    let (x, beats) = spikeTrain(fs: fs, seconds: 60, rr: 0.8, amplitude: 1.5)
    #expect(abs(qrsPeakToPeakAmplitude(x, normalBeats: beats, samplingRate: fs) - 1.5) < 1e-12)
    // A sine of RMS 1/sqrt(2) over whole periods in each 1 s window, with an offset removed per window.
    let sine = (0..<Int(60 * fs)).map { 3 + sin(2 * Double.pi * 5 * Double($0) / fs) }
    #expect(abs(noiseRMSAmplitude(sine, samplingRate: fs) - 0.5.squareRoot()) < 1e-9)
  }

  @Test func standardProtocolAlternatesTwoMinutesAfterFive() {
    let segments = standardNoiseSegments(samples: 650_000, samplingRate: 360)
    #expect(segments.first == 108_000..<151_200)
    #expect(segments[1] == 194_400..<237_600)
    #expect(segments.count == 7)
    #expect(segments.last == 626_400..<650_000)
  }

  @Test func mixedSignalHasTheRequestedSNR() {
    let fs = 360.0
    let (clean, beats) = spikeTrain(fs: fs, seconds: 1800, rr: 0.8, amplitude: 2.0)
    let noise = gaussianNoise(count: 20_000, seed: 42).map { 0.3 * $0 + 0.7 }  // shorter: rewound
    let segments = standardNoiseSegments(samples: clean.count, samplingRate: fs)
    for snr in [24.0, 12, 6, 0, -6] {
      let gain = noiseGain(
        snr: snr, signalAmplitude: qrsPeakToPeakAmplitude(clean, normalBeats: beats, samplingRate: fs),
        noiseAmplitude: noiseRMSAmplitude(noise, samplingRate: fs))
      let mixed = addNoise(to: clean, noise: noise, gain: gain, segments: segments)
      // The added noise inside the segments, measured as sigamp measures noise.
      let added = segments.flatMap { s in s.map { mixed[$0] - clean[$0] } }
      let measured = nstdbSNR(signalPeakToPeak: 2.0, noiseRMS: noiseRMSAmplitude(added, samplingRate: fs, maximumWindows: 10_000))
      #expect(abs(measured - snr) < 0.1, "requested \(snr) dB, measured \(measured) dB")
      // Outside the segments the output is the clean signal plus a constant.
      let gap = segments[0].upperBound..<segments[1].lowerBound
      let offsets = gap.map { mixed[$0] - clean[$0] }
      #expect(offsets.max()! - offsets.min()! < 1e-9)
    }
  }

  /// The rhythm guard (`QRSDetectorParameters.rhythmGuardSlope`) on real records under
  /// electrode-motion noise at 6 dB (MIT-BIH 100, 105, 203: development records of the stress set):
  /// about a third fewer false beats (release: 458 -> 325) for a handful more missed (55 -> 59).
  @Test func rhythmGuardCutsFalseBeatsUnderNoise() throws {
    guard TestPaths.hasSharedData("nstdb-noise"), TestPaths.hasSharedData("mitdb") else {
      print("skipped: \(TestPaths.sharedData)/mitdb or nstdb-noise absent")
      return
    }
    func totals(guardSlope: Double) throws -> (fn: Int, fp: Int, beats: Int) {
      var options = NoiseStressOptions()
      options.types = ["em"]
      options.snrs = [6]
      options.only = ["100", "105", "203"]
      options.detector.rhythmGuardSlope = guardSlope
      let result = try runNoiseStress(
        database: TestPaths.sharedData + "/mitdb", noiseFolder: TestPaths.sharedData + "/nstdb-noise", options: options)
      #expect(result.rows.count == 3)
      return result.rows.reduce((0, 0, 0)) { t, r in
        (t.0 + r.scored.falseNegatives, t.1 + r.scored.falsePositives, t.2 + r.scored.truePositives + r.scored.falseNegatives)
      }
    }
    let guarded = try totals(guardSlope: QRSDetectorParameters().rhythmGuardSlope)
    let plain = try totals(guardSlope: 0)
    #expect(Double(guarded.fp) <= 0.8 * Double(plain.fp), "false beats \(plain.fp) -> \(guarded.fp)")
    #expect(guarded.fn - plain.fn <= guarded.beats / 500, "missed beats \(plain.fn) -> \(guarded.fn)")
  }

  @Test func noStepWhereTheNoiseSwitchesOrRewinds() {
    let fs = 360.0
    let clean = [Double](repeating: 0, count: 400_000)
    let noise = gaussianNoise(count: 10_800, seed: 3).map { $0 + 5 }  // a large offset would show as a step
    let segments = standardNoiseSegments(samples: clean.count, samplingRate: fs)
    let mixed = addNoise(to: clean, noise: noise, gain: 1, segments: segments)
    let typical = zip(noise.dropFirst(), noise).map { abs($0 - $1) }.max()!
    for s in segments {
      #expect(abs(mixed[s.lowerBound] - mixed[s.lowerBound - 1]) <= typical)
      if s.upperBound < clean.count { #expect(abs(mixed[s.upperBound] - mixed[s.upperBound - 1]) <= typical) }
    }
    #expect(mixed[10_800] == mixed[10_799] || segments.allSatisfy { !$0.contains(10_800) })
    #expect(mixed[118_800] == mixed[118_799])  // a rewind inside the first segment
  }

  @Test func noisyRecordNamesFollowNSTDB() {
    #expect(noisyRecordName(record: "118", noise: "em", snr: 24) == "118e24")
    #expect(noisyRecordName(record: "118", noise: "em", snr: 6) == "118e06")
    #expect(noisyRecordName(record: "118", noise: "em", snr: 0) == "118e00")
    #expect(noisyRecordName(record: "118", noise: "em", snr: -6) == "118e_6")
    #expect(noisyRecordName(record: "100", noise: "ma", snr: -12) == "100m_12")
  }

  @Test func format16RecordReadsBack() throws {
    let dir = try TestPaths.temporaryFolder()
    let a: [Int32] = [0, 1, -1, 32767, -32767, 40_000], b: [Int32] = [5, 4, 3, 2, 1, 0]
    try writeFormat16Record(
      directory: dir, name: "t1", samplingFrequency: 360,
      signals: [SignalToWrite(description: "MLII", adcGain: 200, samples: a), SignalToWrite(description: "V1", adcGain: 200, samples: b)])
    let r = try readRecord(at: dir + "/t1", options: RecordReadOptions(strictChecksums: true))
    #expect(r.digital[0] == [0, 1, -1, 32767, -32767, 32767])
    #expect(r.digital[1] == b)
    #expect(r.signalNames == ["MLII", "V1"])
    #expect(r.physical(1)[0] == 5.0 / 200)
  }
}
