import Core
import Delineation
import Foundation
import Signals

/// How `runNoiseStress` builds and scores the stress set.
public struct NoiseStressOptions: Sendable {
  /// Noise records of the noise folder (`em`, `ma`, `bw`).
  public var types = ["em", "ma", "bw"]
  /// Requested SNRs (dB, NSTDB definition: `noiseGain`).
  public var snrs: [Double] = [24, 18, 12, 6, 0, -6]
  /// Records left out (MIT-BIH 118 and 119, the NSTDB's own, are held out of development).
  public var exclude: Set<String> = ["118", "119"]
  /// When set, only these records.
  public var only: Set<String>?
  /// Signal index scored (detections are made and scored on it alone).
  public var lead = 0
  public var annotator = "atr"
  /// Match window (ms).
  public var windowMs = 150.0
  /// Noise-free learning period (s): not scored, as AAMI EC57 and `bxb` leave it out.
  public var learningSeconds = 300.0
  /// Also write every noisy record here as WFDB (format 16, all signals, annotations copied).
  public var writeRecords: String?
  /// Score these detections (noisy record name -> samples) instead of running ECGLens.
  public var detections: [String: [Int]]?
  /// Detector constants for ECGLens.
  public var detector = QRSDetectorParameters()
  public init() {}
}

/// One noisy record's score: after the learning period, and in its noisy segments alone.
public struct NoiseStressRow: Sendable {
  public var record: String, noise: String, snr: Double
  /// The noisy record's name (`noisyRecordName`).
  public var name: String
  /// The noise gain applied to the scored lead.
  public var gain: Double
  /// From the end of the learning period to the end of the record.
  public var scored: BeatMatch
  /// Inside the noisy segments only.
  public var noisy: BeatMatch
}

/// The stress test's rows and the records that could not be used.
public struct NoiseStressResult: Sendable {
  public var rows: [NoiseStressRow] = []
  public var failures: [(path: String, error: String)] = []

  /// Gross scores per noise type and SNR (in the order run): Se and +P after the learning period
  /// and in the noisy segments.
  public var table: String {
    var lines = ["noise   SNR dB  records   beats      FN      FP    Se %    +P %  | noisy: beats    FN    FP    Se %    +P %"]
    for (noise, snr) in groups {
      let rows = self.rows.filter { $0.noise == noise && $0.snr == snr }
      let all = BeatMatch.gross(rows.map(\.scored)), noisy = BeatMatch.gross(rows.map(\.noisy))
      func pad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
      lines.append(
        pad(noise, 5) + pad(fixed(snr, 0), 9) + pad(String(rows.count), 9)
          + pad(String(all.truePositives + all.falseNegatives), 8) + pad(String(all.falseNegatives), 8)
          + pad(String(all.falsePositives), 8) + pad(fixed(100 * all.sensitivity, 2), 8)
          + pad(fixed(100 * all.positivePredictivity, 2), 8) + "  |" + pad(String(noisy.truePositives + noisy.falseNegatives), 13)
          + pad(String(noisy.falseNegatives), 6) + pad(String(noisy.falsePositives), 6)
          + pad(fixed(100 * noisy.sensitivity, 2), 8) + pad(fixed(100 * noisy.positivePredictivity, 2), 8))
    }
    return lines.joined(separator: "\n")
  }

  /// The (noise, SNR) pairs in the order they first appear.
  public var groups: [(String, Double)] {
    var seen: [(String, Double)] = []
    for r in rows where !seen.contains(where: { $0.0 == r.noise && $0.1 == r.snr }) { seen.append((r.noise, r.snr)) }
    return seen
  }

  /// One line per noisy record.
  public var csv: String {
    var csv = "record,noise,snr_db,name,gain,beats,tp,fn,fp,noisy_beats,noisy_tp,noisy_fn,noisy_fp\n"
    for r in rows {
      let a = r.scored, b = r.noisy
      csv +=
        "\(r.record),\(r.noise),\(fixed(r.snr, 1)),\(r.name),\(fixed(r.gain, 5)),\(a.truePositives + a.falseNegatives),"
        + "\(a.truePositives),\(a.falseNegatives),\(a.falsePositives),\(b.truePositives + b.falseNegatives),"
        + "\(b.truePositives),\(b.falseNegatives),\(b.falsePositives)\n"
    }
    return csv
  }
}

/// The name `nst` users give a noisy record: the clean record, the noise type's initial and the
/// SNR in two digits, `_6` for -6 dB (NSTDB: 118e24, 118e06, 118e_6); a fractional SNR keeps its
/// decimals with `p` for the point.
public func noisyRecordName(record: String, noise: String, snr: Double) -> String {
  let magnitude = abs(snr) == abs(snr).rounded() ? String(format: "%02d", Int(abs(snr))) : String(abs(snr)).replacingOccurrences(of: ".", with: "p")
  return record + String(noise.prefix(1)) + (snr < 0 ? "_" + String(magnitude.drop { $0 == "0" && magnitude.count > 1 }) : magnitude)
}

/// Counts of `match` restricted to `ranges`: reference beats (true positives and misses) by the
/// reference's sample, false positives by the detection's sample.
func restrict(_ match: BeatMatch, reference: [Int], to ranges: [Range<Int>]) -> BeatMatch {
  func inside(_ s: Int) -> Bool { ranges.contains { $0.contains(s) } }
  let beats = reference.filter(inside).count, missed = match.missed.filter(inside).count
  let extra = match.extra.filter(inside).count
  return BeatMatch(truePositives: beats - missed, falseNegatives: missed, falsePositives: extra, offsets: [], missed: [], extra: [])
}

/// Runs the MIT-BIH noise stress test (`nst`'s standard protocol: `standardNoiseSegments`,
/// `noiseGain`, `addNoise`) on every record of `database` but `options.exclude`, for every noise
/// type and SNR, and scores the R peaks of `options.lead` AAMI EC57 style (`matchBeats`, 150 ms)
/// against the clean record's beat annotations, after the learning period and in the noisy
/// segments alone. Every noisy signal is rounded to whole ADC units of the clean record, as written
/// with `options.writeRecords`, so other tools read exactly the signals scored here.
public func runNoiseStress(database: String, noiseFolder: String, options: NoiseStressOptions) throws -> NoiseStressResult {
  var result = NoiseStressResult()
  var noises: [String: Record] = [:]
  for type in options.types { noises[type] = try readRecord(at: noiseFolder + "/" + type) }
  for path in try databaseRecords(database) {
    let name = URL(fileURLWithPath: path).lastPathComponent
    if options.exclude.contains(name) || !(options.only?.contains(name) ?? true) { continue }
    do {
      let rows = try stressRecord(path: path, noises: noises, options: options)
      result.rows += rows
    } catch {
      result.failures.append((path, "\(error)"))
    }
  }
  let order = Dictionary(uniqueKeysWithValues: options.types.enumerated().map { ($1, $0) })
  result.rows.sort { (order[$0.noise]!, -$0.snr, $0.record) < (order[$1.noise]!, -$1.snr, $1.record) }
  return result
}

private func stressRecord(path: String, noises: [String: Record], options: NoiseStressOptions) throws -> [NoiseStressRow] {
  let record = try readRecord(at: path)
  guard record.digital.indices.contains(options.lead) else {
    throw ExtractionError.record(path: path, reason: "lead index \(options.lead) out of range")
  }
  let fs = record.samplingFrequency(ofSignal: options.lead), n = record.frameCount
  let annotations = try readAnnotations(record: path, annotator: options.annotator)
  let reference = annotations.beatSamples
  let normal = annotations.annotations.filter { isNormalClassBeat($0.code) }.map(\.sample)
  let segments = standardNoiseSegments(samples: n, samplingRate: fs, learningSeconds: options.learningSeconds)
  let scoredSpan = [SamplingRate(hertz: fs).samples(options.learningSeconds)..<n]
  let window = SamplingRate(hertz: fs).samples(milliseconds: options.windowMs)
  let written = options.writeRecords != nil ? Array(record.digital.indices) : [options.lead]
  let clean = Dictionary(uniqueKeysWithValues: written.map { ($0, record.physical($0)) })
  var rows: [NoiseStressRow] = []
  for type in options.types {
    let noiseRecord = noises[type]!
    guard noiseRecord.samplingFrequency == fs else {
      throw ExtractionError.record(path: path, reason: "noise \(type) is at \(noiseRecord.samplingFrequency) Hz, the record at \(fs) Hz")
    }
    for snr in options.snrs {
      let noisyName = noisyRecordName(record: record.name, noise: type, snr: snr)
      var digital: [Int: [Int32]] = [:], gains: [Int: Double] = [:]
      for i in written {
        let noise = noiseRecord.physical(i % noiseRecord.digital.count)
        let gain = noiseGain(
          snr: snr, signalAmplitude: qrsPeakToPeakAmplitude(clean[i]!, normalBeats: normal, samplingRate: fs),
          noiseAmplitude: noiseRMSAmplitude(noise, samplingRate: fs))
        guard gain.isFinite else { throw ExtractionError.record(path: path, reason: "signal \(i): no QRS or noise amplitude to scale by") }
        let adc = record.header.signals[i].adcGain
        let mixed = addNoise(to: clean[i]!, noise: noise, gain: gain, segments: segments)
        digital[i] = mixed.map { Int32(max(-32767, min(32767, ($0 * adc).rounded()))) }
        gains[i] = gain
      }
      if let dir = options.writeRecords {
        try writeFormat16Record(
          directory: dir, name: noisyName, samplingFrequency: fs,
          signals: written.map { i in
            let s = record.header.signals[i]
            return SignalToWrite(description: s.description, adcGain: s.adcGain, units: s.units, adcResolution: 16, samples: digital[i]!)
          },
          comments: [" \(record.name) + \(fixed(gains[options.lead]!, 5)) x \(type) (\(fixed(snr, 1)) dB), nst standard protocol (ECGLens)"])
        try writeAnnotationFile(annotations, to: dir + "/" + noisyName + "." + options.annotator)
      }
      let peaks: [Int]
      if let detections = options.detections {
        peaks = detections[noisyName] ?? []
      } else {
        let adc = record.header.signals[options.lead].adcGain
        peaks = try detectBeats(in: digital[options.lead]!.map { Double($0) / adc }, samplingRate: fs, parameters: options.detector)
      }
      let match = matchBeats(reference: reference, detected: peaks, window: window)
      rows.append(
        NoiseStressRow(
          record: record.name, noise: type, snr: snr, name: noisyName, gain: gains[options.lead]!,
          scored: restrict(match, reference: reference, to: scoredSpan), noisy: restrict(match, reference: reference, to: segments)))
    }
  }
  return rows
}
