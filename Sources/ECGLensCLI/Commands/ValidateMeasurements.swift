import ArgumentParser
import DSP
import Delineation
import Foundation
import Measurements
import Signals

/// `ecglens validate measurements --db LUDB`.
struct ValidateMeasurements: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "measurements",
    abstract: "Global PR, QRS and QT vs references from LUDB's manual annotations: mean difference and SD.",
    discussion: """
      The reference of a record is the median, over every annotated beat of every lead, of the \
      interval the cardiologists' fiducials give in that lead: PR = QRS onset - onset of the P \
      wave before it, QRS = QRS offset - onset, QT = offset of the T wave after it - QRS onset \
      (a wave without the needed onset or offset is left out). The measurement is ECGLens's \
      global interval (`ecglens extract`). A record counts for an interval when both have it; \
      records where only one side has a P wave are counted separately.
      """)

  @Option(help: "LUDB folder.")
  var db: String

  @Option(help: "Also write per-record values as CSV (atomically).")
  var out: String?

  func run() throws {
    let paths = try databaseRecords(db)
    var rows = "record,interval,reference_ms,measured_ms\n"
    var diffs: [String: [Double]] = [:]
    var onlyReference: [String: Int] = [:], onlyMeasured: [String: Int] = [:]
    var failures = 0
    for path in paths {
      do {
        let record = try readRecord(at: path)
        let leads = record.digital.indices.map { record.physical($0) }
        let m = try measureECG(leads: leads, descriptions: record.signalNames, samplingRate: record.samplingFrequency)
        let references = try referenceIntervals(record: path, leads: record.signalNames, samplingRate: record.samplingFrequency)
        for (name, measured) in [("pr", m.pr), ("qrs", m.qrs), ("qt", m.qt)] {
          let reference = references[name] ?? .nan
          rows += "\(record.name),\(name),\(reference.isNaN ? "" : String(reference)),\(measured.isNaN ? "" : String(measured))\n"
          switch (reference.isNaN, measured.isNaN) {
          case (false, false): diffs[name, default: []].append(measured - reference)
          case (false, true): onlyReference[name, default: 0] += 1
          case (true, false): onlyMeasured[name, default: 0] += 1
          default: break
          }
        }
      } catch {
        failures += 1
        warn("error: \(path): skipped: \(error)")
      }
    }
    print("interval  records  mean diff ms  SD ms   |diff|>20ms  reference only  measured only")
    for name in ["pr", "qrs", "qt"] {
      let d = diffs[name] ?? []
      let mean = d.reduce(0, +) / Double(max(d.count, 1))
      let sd = d.count < 2 ? .nan : (d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(d.count - 1)).squareRoot()
      print(String(format: "%-8@ %8d  %+12.1f  %6.1f  %11d  %14d  %13d", name, d.count, mean, sd, d.filter { abs($0) > 20 }.count,
        onlyReference[name] ?? 0, onlyMeasured[name] ?? 0))
    }
    if let out { try emit(rows, to: out) }
    if failures > 0 { throw ExitCode(1) }
  }
}

/// Per-beat PR, QRS and QT (ms) from one lead's LUDB annotations (`referenceWaveList`).
func annotatedIntervals(_ set: AnnotationSet, samplingRate fs: Double) -> [String: [Double]] {
  let waves = referenceWaveList(set)
  var out: [String: [Double]] = ["pr": [], "qrs": [], "qt": []]
  func ms(_ d: Int) -> Double { Double(d) * 1000 / fs }
  for (k, w) in waves.enumerated() where w.kind == .qrs {
    guard let on = w.onset else { continue }
    if let off = w.offset { out["qrs"]!.append(ms(off - on)) }
    if k > 0, waves[k - 1].kind == .p, let pOn = waves[k - 1].onset { out["pr"]!.append(ms(on - pOn)) }
    if k + 1 < waves.count, waves[k + 1].kind == .t, let tOff = waves[k + 1].offset { out["qt"]!.append(ms(tOff - on)) }
  }
  return out
}

/// A record's reference intervals (ms): per interval, the median over every annotated beat of
/// every lead (`annotatedIntervals`); NaN where no beat has it.
func referenceIntervals(record path: String, leads: [String], samplingRate fs: Double) throws -> [String: Double] {
  var pooled: [String: [Double]] = ["pr": [], "qrs": [], "qt": []]
  for name in leads {
    for (k, v) in annotatedIntervals(try readAnnotations(record: path, annotator: name.lowercased()), samplingRate: fs) { pooled[k, default: []] += v }
  }
  return pooled.mapValues { median(of: $0) }
}
