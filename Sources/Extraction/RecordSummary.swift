import Core
import Delineation
import Foundation
import Signals

/// A few lines describing a record and its beats: format, leads, rate, duration, demographics,
/// read warnings, the beats detected on one lead with heart rate and RR, and, when the reference
/// annotation file exists (WFDB), the detection scored against it (150 ms window; a corrupt
/// reference file is an error, not silence). Any format `Signals.readRecording(at:)` reads.
public func summarizeRecord(_ path: String, lead: String? = nil, annotator: String = "atr") throws -> String {
  let ecg = try readRecording(at: path)
  let names = ecg.leads.map(\.name)
  let index = try leadIndex(lead, names: names, path: path)
  let fs = ecg.samplingRate
  let peaks = try detectBeats(in: ecg.leads[index].samples, samplingRate: fs)
  let windows = signalQuality(ecg.leads[index].samples, beats: peaks, samplingRate: fs)
  var lines: [String] = []
  lines.append(
    "record \(ecg.name) (\(ecg.format.rawValue)): \(names.count) signals "
      + "(\(names.joined(separator: ", "))), "
      + "\(fixed(fs, 0)) Hz, \(fixed(ecg.duration, 1)) s")
  let d = ecg.demographics
  if d.ageYears != nil || d.sexMale != nil {
    lines.append("  age \(d.ageYears.map { fixed($0, 0) } ?? "unknown"), sex \(d.sexMale.map { $0 == 1 ? "male" : "female" } ?? "unknown")")
  }
  for w in ecg.warnings { lines.append("  warning: \(w)") }
  let rr = zip(peaks.dropFirst(), peaks).map { Double($0 - $1) / fs * 1000 }
  let meanRR = mean(rr)
  lines.append(
    "  lead \(names[index]): \(peaks.count) beats, "
      + "heart rate \(fixed(60_000 / meanRR, 1)) bpm, RR \(fixed(meanRR, 0)) +/- \(fixed(standardDeviation(rr), 0)) ms")
  let unreadable = windows.filter { !$0.readable }
  let unreadableBeats = zip(peaks, qualityOfBeats(peaks, windows: windows)).filter { $0.1?.readable == false }.count
  lines.append(
    "  signal quality: \(fixed(100 * readableFraction(windows), 1)) % readable (10 s windows); "
      + (unreadable.isEmpty
        ? "no unreadable window"
        : "\(unreadable.count) unreadable windows (\(fixed(Double(unreadable.reduce(0) { $0 + $1.range.count }) / fs, 0)) s, "
          + "mostly \(dominantReason(windows)!.rawValue)) holding \(unreadableBeats) of the beats, reported as unreadable"))
  if ecg.format == .wfdb && FileManager.default.fileExists(atPath: path + "." + annotator) {
    let reference = try readAnnotations(record: path, annotator: annotator, sampleCount: ecg.sampleCount)
    let m = matchBeats(reference: reference.beatSamples, detected: peaks, window: SamplingRate(hertz: fs).samples(0.15))
    lines.append(
      "  vs \(annotator) (\(reference.beatSamples.count) beats, 150 ms window): "
        + "Se \(fixed(100 * m.sensitivity, 2)) %, +P \(fixed(100 * m.positivePredictivity, 2)) %, "
        + "missed \(m.falseNegatives), extra \(m.falsePositives)")
  }
  return lines.joined(separator: "\n")
}
