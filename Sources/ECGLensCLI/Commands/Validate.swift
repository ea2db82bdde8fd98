import ArgumentParser
import Delineation
import Foundation
import Signals

/// `ecglens validate ...`: score algorithms against expert reference annotations.
struct Validate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Score ECGLens against reference databases.",
    subcommands: [ValidateRPeaks.self, ValidateDelineation.self, ValidateMeasurements.self])
}

/// `ecglens validate rpeaks --db PATH`: AAMI EC57 beat-by-beat comparison on a database.
struct ValidateRPeaks: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rpeaks",
    abstract: "R-peak detection vs the reference beat annotations (AAMI EC57 style).",
    discussion: """
      Every record of the database (its RECORDS file, else every .hea) is read whole; \
      detections are matched one-to-one to beat-type annotations (WFDB isqrs codes) within \
      the window; the table gives per-record and gross Se, +P and F1, and the timing error.
      """)

  @Option(help: "Database folder (e.g. ../shared/data/mitdb).")
  var db: String

  @Option(help: "Lead name or 0-based index (default: the first signal, MLII in MIT-BIH).")
  var lead: String?

  @Option(help: "Reference annotator (file extension).")
  var annotator = "atr"

  @Option(help: "Match window in ms.")
  var windowMs = 150.0

  @Flag(help: "Score only detections inside the annotated span (first to last reference beat, +/- the window), for databases such as LUDB that leave the edge beats unannotated.")
  var annotatedSpan = false

  @Option(help: "Score these detections (CSV `record,sample`, as `ecglens beats` writes) instead of running the ECGLens detector, so other tools are scored by the same rules.")
  var detections: String?

  @Option(help: "Also write the per-record table as CSV (atomically).")
  var out: String?

  func run() throws {
    let paths = try databaseRecords(db)
    let external = try detections.map(readDetections)
    var rows: [(String, BeatMatch, Double)] = []
    var csv = "record,reference_beats,tp,fn,fp,se_pct,ppv_pct,f1_pct,mean_error_ms,sd_error_ms\n"
    print("record  beats     TP    FN    FP    Se %    +P %    F1 %   error ms")
    for path in paths {
      do {
        let record = try readRecord(at: path)
        let index = try leadIndex(lead, in: record, path: path)
        let fs = record.samplingFrequency(ofSignal: index)
        let reference = try readAnnotations(record: path, annotator: annotator).beatSamples
        var peaks =
          try external.map { $0[record.name] ?? [] }
          ?? detectBeats(in: record.physical(index), samplingRate: fs)
        let window = Int(windowMs / 1000 * fs)
        if annotatedSpan, let lo = reference.min(), let hi = reference.max() {
          peaks = peaks.filter { $0 >= lo - window && $0 <= hi + window }
        }
        let m = matchBeats(reference: reference, detected: peaks, window: window)
        rows.append((record.name, m, fs))
        let (mean, sd) = meanSD(m.offsets.map { Double($0) / fs * 1000 })
        print(line(record.name, m, mean, sd))
        csv += "\(record.name),\(reference.count),\(m.truePositives),\(m.falseNegatives),"
          + "\(m.falsePositives),\(fmt(100 * m.sensitivity, 3)),\(fmt(100 * m.positivePredictivity, 3)),"
          + "\(fmt(100 * m.f1, 3)),\(fmt(mean, 2)),\(fmt(sd, 2))\n"
      } catch {
        warn("error: \(path): skipped: \(error)")
      }
    }
    let gross = BeatMatch.gross(rows.map(\.1))
    let errors = rows.flatMap { row in row.1.offsets.map { Double($0) / row.2 * 1000 } }
    let (mean, sd) = meanSD(errors)
    print(String(repeating: "-", count: 76))
    print(line("gross", gross, mean, sd))
    print("\(rows.count) records, \(gross.truePositives + gross.falseNegatives) reference beats, "
      + "window \(fmt(windowMs, 0)) ms")
    if let out { try emit(csv, to: out) }
  }

  private func line(_ name: String, _ m: BeatMatch, _ mean: Double, _ sd: Double) -> String {
    func pad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
    return pad(name, 6) + pad(String(m.truePositives + m.falseNegatives), 7)
      + pad(String(m.truePositives), 7) + pad(String(m.falseNegatives), 6)
      + pad(String(m.falsePositives), 6) + pad(fmt(100 * m.sensitivity, 2), 8)
      + pad(fmt(100 * m.positivePredictivity, 2), 8) + pad(fmt(100 * m.f1, 2), 8)
      + pad(fmt(mean, 1) + " ± " + fmt(sd, 1), 14)
  }
}

func meanSD(_ x: [Double]) -> (Double, Double) {
  guard !x.isEmpty else { return (.nan, .nan) }
  let mean = x.reduce(0, +) / Double(x.count)
  guard x.count > 1 else { return (mean, .nan) }
  let variance = x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(x.count - 1)
  return (mean, variance.squareRoot())
}


/// Reads a `record,sample` CSV into sample lists per record name.
func readDetections(_ path: String) throws -> [String: [Int]] {
  guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
    throw CLIError("\(path): cannot read the detections file")
  }
  var result: [String: [Int]] = [:]
  for (number, line) in text.split(whereSeparator: \.isNewline).enumerated() {
    let fields = line.split(separator: ",", omittingEmptySubsequences: false)
    if number == 0 && fields.first == "record" { continue }
    guard fields.count == 2, let sample = Int(fields[1].trimmingCharacters(in: .whitespaces)) else {
      throw CLIError("\(path):\(number + 1): expected record,sample, found \"\(line)\"")
    }
    result[String(fields[0]), default: []].append(sample)
  }
  return result
}
