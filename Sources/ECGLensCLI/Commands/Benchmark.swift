import ArgumentParser
import Core
import Extraction
import Foundation
import Statistics
import Tables

/// `ecglens benchmark ...`: throughput measurements (CPU time), kept out of the test suite.
struct Benchmark: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Measure throughput on real records.",
    subcommands: [BenchmarkRPeaks.self, BenchmarkNoiseStress.self, BenchmarkCSV.self, BenchmarkBootstrap.self])
}

/// Text or JSON on standard output.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

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

  @Option(help: "text or json.")
  var format = OutputFormat.text

  @Flag(name: .customLong("json"), help: .hidden)
  var legacyJSON = false

  func run() throws {
    let (b, failures) = try benchmarkRPeaks(database: db, lead: lead, repetitions: `repeat`)
    for f in failures { warn("error: \(f.path): skipped: \(f.error)") }
    if format == .json || legacyJSON {
      Console.out(
        "{\"tool\":\"ecglens\",\"records\":\(b.records),\"hours\":\(fixed(b.hours, 4)),"
          + "\"beats\":\(b.beats),\"cpu_seconds\":\(fixed(b.cpuSeconds, 4)),"
          + "\"cpu_seconds_per_hour\":\(fixed(b.cpuSecondsPerHour, 4))}")
    } else {
      Console.out(
        "ecglens: \(b.records) records, \(fixed(b.hours, 2)) h of signal, \(b.beats) beats, "
          + "\(fixed(b.cpuSeconds, 3)) s CPU = \(fixed(b.cpuSecondsPerHour, 4)) s CPU per hour of signal")
    }
    try finishBatch(succeeded: b.records, skipped: failures.count)
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
    Console.out(
      String(
        format: "%@: %.1f MB, %d rows x %d columns: %.2f s (%.0f MB/s), peak resident %.0f MB",
        file, Double(size) / 1e6, rows, columns, best, Double(size) / 1e6 / best, peakResidentMemoryMB()))
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
    let (seconds, width) = Statistics.benchmarkBootstrap(targets: targets, rows: rows, resamples: resamples)
    Console.out(
      String(
        format: "%d targets x %d rows, %d patient resamples each: %.2f s (mean CI width %.4f)",
        targets, rows, resamples, seconds, width))
  }
}
