import Core
import Delineation
import Foundation
import Signals

/// A few lines describing a record and its beats: signals, rate, duration, header notes, read
/// warnings, the beats detected on one lead with heart rate and RR, and, when the reference
/// annotation file exists, the detection scored against it (150 ms window; a corrupt reference
/// file is an error, not silence).
public func summarizeRecord(_ path: String, lead: String? = nil, annotator: String = "atr") throws -> String {
  let record = try readRecord(at: path)
  let index = try leadIndex(lead, in: record, path: path)
  let fs = record.samplingFrequency(ofSignal: index)
  let signal = record.physical(index)
  let peaks = try detectBeats(in: signal, samplingRate: fs)
  let windows = signalQuality(signal, beats: peaks, samplingRate: fs)
  var lines: [String] = []
  lines.append(
    "record \(record.name): \(record.digital.count) signals "
      + "(\(record.signalNames.joined(separator: ", "))), "
      + "\(fixed(record.samplingFrequency, 0)) Hz, \(fixed(record.duration, 1)) s")
  if !record.header.comments.isEmpty {
    lines.append("  header notes: \(record.header.comments.joined(separator: " | "))")
  }
  for w in record.warnings { lines.append("  warning: \(w)") }
  let rr = zip(peaks.dropFirst(), peaks).map { Double($0 - $1) / fs * 1000 }
  let meanRR = mean(rr)
  lines.append(
    "  lead \(record.signalNames[index]): \(peaks.count) beats, "
      + "heart rate \(fixed(60_000 / meanRR, 1)) bpm, RR \(fixed(meanRR, 0)) +/- \(fixed(standardDeviation(rr), 0)) ms")
  let unreadable = windows.filter { !$0.readable }
  let unreadableBeats = zip(peaks, qualityOfBeats(peaks, windows: windows)).filter { $0.1?.readable == false }.count
  lines.append(
    "  signal quality: \(fixed(100 * readableFraction(windows), 1)) % readable (10 s windows); "
      + (unreadable.isEmpty
        ? "no unreadable window"
        : "\(unreadable.count) unreadable windows (\(fixed(Double(unreadable.reduce(0) { $0 + $1.range.count }) / fs, 0)) s, "
          + "mostly \(dominantReason(windows)!.rawValue)) holding \(unreadableBeats) of the beats, reported as unreadable"))
  if FileManager.default.fileExists(atPath: path + "." + annotator) {
    let reference = try readAnnotations(record: path, annotator: annotator, sampleCount: record.frameCount)
    let m = matchBeats(reference: reference.beatSamples, detected: peaks, window: SamplingRate(hertz: fs).samples(0.15))
    lines.append(
      "  vs \(annotator) (\(reference.beatSamples.count) beats, 150 ms window): "
        + "Se \(fixed(100 * m.sensitivity, 2)) %, +P \(fixed(100 * m.positivePredictivity, 2)) %, "
        + "missed \(m.falseNegatives), extra \(m.falsePositives)")
  }
  return lines.joined(separator: "\n")
}
