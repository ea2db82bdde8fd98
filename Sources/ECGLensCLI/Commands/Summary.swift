import ArgumentParser
import Delineation
import Foundation
import Signals

/// `ecglens summary RECORD...`: what is in a record and its beats, at a glance.
struct Summary: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Read records, detect beats and print a summary (scored against .atr when present).")

  @Argument(help: "WFDB record paths without extension.")
  var records: [String]

  @Option(help: "Lead to use: a signal name or a 0-based index. Default: the first.")
  var lead: String?

  @Option(help: "Reference annotator to score against when its file exists.")
  var annotator = "atr"

  func run() throws {
    var failures = 0
    for path in records {
      do {
        print(try summarize(path))
      } catch {
        failures += 1
        warn("error: \(path): skipped: \(error)")
      }
    }
    if failures > 0 { throw ExitCode(1) }
  }

  private func summarize(_ path: String) throws -> String {
    let record = try readRecord(at: path)
    let index = try leadIndex(lead, in: record, path: path)
    let fs = record.samplingFrequency(ofSignal: index)
    let peaks = try detectBeats(in: record.physical(index), samplingRate: fs)
    var lines: [String] = []
    lines.append("record \(record.name): \(record.digital.count) signals "
      + "(\(record.signalNames.joined(separator: ", "))), "
      + "\(fmt(record.samplingFrequency, 0)) Hz, \(fmt(record.duration, 1)) s")
    if !record.header.comments.isEmpty {
      lines.append("  header notes: \(record.header.comments.joined(separator: " | "))")
    }
    for w in record.warnings { lines.append("  warning: \(w)") }
    let rr = zip(peaks.dropFirst(), peaks).map { Double($0 - $1) / fs * 1000 }
    let meanRR = rr.isEmpty ? Double.nan : rr.reduce(0, +) / Double(rr.count)
    let sdRR = rr.count < 2 ? Double.nan
      : (rr.map { ($0 - meanRR) * ($0 - meanRR) }.reduce(0, +) / Double(rr.count - 1)).squareRoot()
    lines.append("  lead \(record.signalNames[index]): \(peaks.count) beats, "
      + "heart rate \(fmt(60_000 / meanRR, 1)) bpm, RR \(fmt(meanRR, 0)) +/- \(fmt(sdRR, 0)) ms")
    // Score only when the reference file exists; a corrupt one is an error, not silence.
    if FileManager.default.fileExists(atPath: path + "." + annotator) {
      let reference = try readAnnotations(record: path, annotator: annotator)
      let m = matchBeats(reference: reference.beatSamples, detected: peaks, window: Int(0.15 * fs))
      lines.append("  vs \(annotator) (\(reference.beatSamples.count) beats, 150 ms window): "
        + "Se \(fmt(100 * m.sensitivity, 2)) %, +P \(fmt(100 * m.positivePredictivity, 2)) %, "
        + "missed \(m.falseNegatives), extra \(m.falsePositives)")
    }
    return lines.joined(separator: "\n")
  }
}

func fmt(_ x: Double, _ digits: Int) -> String {
  x.isFinite ? String(format: "%.\(digits)f", x) : "n/a"
}
