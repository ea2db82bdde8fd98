import Core
import Delineation
import Signals

/// CPU seconds of R-peak detection over a database.
public struct RPeakBenchmark: Sendable, Codable {
  public var records: Int
  /// Hours of single-lead signal detected.
  public var hours: Double
  public var beats: Int
  /// Process CPU seconds of the fastest repetition.
  public var cpuSeconds: Double
  public var cpuSecondsPerHour: Double { cpuSeconds / hours }
}

/// Reads every record of a database folder first, then times R-peak detection alone (filtering,
/// decisions, R-peak placement) on one lead with the process CPU clock, best of `repetitions`.
/// Records that cannot be read are returned with their errors and left out.
public func benchmarkRPeaks(
  database: String, lead: String?, repetitions: Int
) throws
  -> (result: RPeakBenchmark, failures: [(path: String, error: String)])
{
  var signals: [([Double], Double)] = []
  var failures: [(path: String, error: String)] = []
  for path in try databaseRecords(database) {
    do {
      let record = try readRecord(at: path)
      let index = try leadIndex(lead, in: record, path: path)
      signals.append((record.physical(index), record.samplingFrequency(ofSignal: index)))
    } catch {
      failures.append((path, "\(error)"))
    }
  }
  let hours = signals.reduce(0) { $0 + Double($1.0.count) / $1.1 } / 3600
  var best = Double.infinity
  var beats = 0
  for _ in 0..<max(1, repetitions) {
    let start = processCPUTime()
    beats = 0
    for (x, fs) in signals { beats += try detectBeats(in: x, samplingRate: fs).count }
    best = min(best, processCPUTime() - start)
  }
  return (RPeakBenchmark(records: signals.count, hours: hours, beats: beats, cpuSeconds: best), failures)
}
