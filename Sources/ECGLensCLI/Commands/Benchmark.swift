import ArgumentParser
import Delineation
import Foundation
import Signals
import Cohorts
import Statistics
import Tables

/// `ecglens benchmark ...`: throughput measurements (CPU time), kept out of the test suite.
struct Benchmark: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Measure throughput on real records.",
    subcommands: [BenchmarkRPeaks.self, BenchmarkCSV.self, BenchmarkBootstrap.self])
}

/// `ecglens benchmark rpeaks --db PATH`: CPU seconds per hour of signal for R-peak detection.
struct BenchmarkRPeaks: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rpeaks",
    abstract: "CPU seconds of R-peak detection per hour of single-lead signal.",
    discussion: """
      Records are read first; only detection (filtering, decisions, R-peak placement) is \
      timed, with the process CPU clock, best of --repeat runs. Build in release mode.
      """)

  @Option(help: "Database folder (e.g. ../shared/data/mitdb).")
  var db: String

  @Option(help: "Lead name or 0-based index (default: the first signal).")
  var lead: String?

  @Option(help: "Timed repetitions (the fastest counts).")
  var `repeat` = 3

  @Flag(help: "Print one JSON object instead of text.")
  var json = false

  func run() throws {
    var signals: [([Double], Double)] = []
    for path in try databaseRecords(db) {
      do {
        let record = try readRecord(at: path)
        let index = try leadIndex(lead, in: record, path: path)
        signals.append((record.physical(index), record.samplingFrequency(ofSignal: index)))
      } catch {
        warn("error: \(path): skipped: \(error)")
      }
    }
    let hours = signals.reduce(0) { $0 + Double($1.0.count) / $1.1 } / 3600
    var best = Double.infinity
    var beats = 0
    for _ in 0..<max(1, `repeat`) {
      let start = processCPUTime()
      beats = 0
      for (x, fs) in signals { beats += try detectBeats(in: x, samplingRate: fs).count }
      best = min(best, processCPUTime() - start)
    }
    if json {
      print(
        "{\"tool\":\"ecglens\",\"records\":\(signals.count),\"hours\":\(fmt(hours, 4)),"
          + "\"beats\":\(beats),\"cpu_seconds\":\(fmt(best, 4)),"
          + "\"cpu_seconds_per_hour\":\(fmt(best / hours, 4))}")
    } else {
      print("ecglens: \(signals.count) records, \(fmt(hours, 2)) h of signal, \(beats) beats, "
        + "\(fmt(best, 3)) s CPU = \(fmt(best / hours, 4)) s CPU per hour of signal")
    }
  }
}

/// `ecglens benchmark csv FILE`: wall-clock and memory of reading a CSV table.
struct BenchmarkCSV: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "csv",
    abstract: "Seconds to read a CSV file into a typed table (best of --repeat), with its size.")

  @Argument(help: "CSV file.")
  var file: String

  @Option(help: "Columns kept as text (comma-separated), e.g. ids.")
  var text: String = ""

  @Option(help: "Timed repetitions (the fastest counts).")
  var `repeat` = 3

  func run() throws {
    let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
    var best = Double.infinity
    var rows = 0, columns = 0
    for _ in 0..<max(1, self.repeat) {
      let start = Date()
      let table = try readCSV(at: file, options: CSVReadOptions(textColumns: Set(list(text))))
      best = min(best, Date().timeIntervalSince(start))
      rows = table.rowCount
      columns = table.names.count
    }
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    print(String(
      format: "%@: %.1f MB, %d rows x %d columns: %.2f s (%.0f MB/s), peak resident %.0f MB",
      file, Double(size) / 1e6, rows, columns, best, Double(size) / 1e6 / best, Double(usage.ru_maxrss) / 1024))
  }
}

/// `ecglens benchmark bootstrap`: patient-bootstrap AUROC intervals for many targets.
struct BenchmarkBootstrap: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bootstrap",
    abstract: "Seconds for patient-clustered bootstrap AUROC intervals (percentile and BCa) of many targets.",
    discussion: """
      Synthetic scores (speed only; correctness is in the tests): --targets targets of --rows \
      test rows from rows/2 patients, --resamples resamples each, all cores. \
      Scripts/benchmark_bootstrap.py times the equivalent numpy + scikit-learn loop.
      """)

  @Option var targets = 50
  @Option var rows = 5000
  @Option var resamples = 1000

  func run() throws {
    var rng = SplitMix64(seed: 1)
    let patients = (0..<rows).map { "p\($0 / 2)" }
    let data: [(scores: [Double], labels: [Bool])] = (0..<targets).map { _ in
      let labels = (0..<rows).map { _ in Double(rng.next() % 1000) < 100 }
      let scores = labels.map { ($0 ? 0.8 : 0) + Double(rng.next() % 10_000) / 10_000 }
      return (scores, labels)
    }
    var options = BootstrapOptions()
    options.resamples = resamples
    let start = Date()
    var width = 0.0
    for t in data {
      if let ci = bootstrapAUROC(scores: t.scores, labels: t.labels, patients: patients, options: options) {
        width += ci.percentileUpper - ci.percentileLower
      }
    }
    let seconds = Date().timeIntervalSince(start)
    print(String(format: "%d targets x %d rows, %d patient resamples each: %.2f s (mean CI width %.4f)",
      targets, rows, resamples, seconds, width / Double(targets)))
  }
}
