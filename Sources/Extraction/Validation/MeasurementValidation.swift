import Core
import Foundation
import Measurements
import Signals
import Tables

/// Global PR, QRS and QT against the records' reference intervals.
public struct MeasurementValidation: Sendable {
  /// record,interval,reference_ms,measured_ms
  public var perRecordCSV = "record,interval,reference_ms,measured_ms\n"
  public var differences: [String: [Double]] = [:]
  public var onlyReference: [String: Int] = [:], onlyMeasured: [String: Int] = [:]
  public var failures: [(path: String, error: String)] = []
  /// Records measured and compared.
  public var records = 0

  /// The printed table: per interval, records, mean difference, SD, large differences, and the
  /// records where only one side has the interval.
  public var table: String {
    var lines = ["interval  records  mean diff ms  SD ms   |diff|>20ms  reference only  measured only"]
    for name in ["pr", "qrs", "qt"] {
      let d = differences[name] ?? []
      let m = mean(d)
      lines.append(
        String(
          format: "%-8@ %8d  %+12.1f  %6.1f  %11d  %14d  %13d", name, d.count, m, standardDeviation(d), d.filter { abs($0) > 20 }.count,
          onlyReference[name] ?? 0, onlyMeasured[name] ?? 0))
    }
    return lines.joined(separator: "\n")
  }
}

/// Measures every record of an LUDB-style folder (`measureECG`, as `extract` does) and compares
/// its global PR, QRS and QT with the reference of the cardiologists' annotations
/// (`referenceIntervals`: the median over every annotated beat of every lead).
public func validateMeasurements(database: String) throws(ExtractionError) -> MeasurementValidation {
  var v = MeasurementValidation()
  for path in try databaseRecords(database) {
    do {
      let record = try readRecord(at: path)
      let leads = record.digital.indices.map { record.physical($0) }
      let m = try measureECG(leads: leads, descriptions: record.signalNames, samplingRate: record.samplingFrequency)
      let references = try referenceIntervals(record: path, leads: record.signalNames, samplingRate: record.samplingFrequency)
      for (name, measured) in [("pr", m.pr), ("qrs", m.qrs), ("qt", m.qt)] {
        let reference = references[name] ?? .nan
        v.perRecordCSV += csvLine([record.name, name, reference.isNaN ? "" : String(reference), measured.isNaN ? "" : String(measured)])
        switch (reference.isNaN, measured.isNaN) {
        case (false, false): v.differences[name, default: []].append(measured - reference)
        case (false, true): v.onlyReference[name, default: 0] += 1
        case (true, false): v.onlyMeasured[name, default: 0] += 1
        default: break
        }
      }
      v.records += 1
    } catch {
      v.failures.append((path, "\(error)"))
    }
  }
  return v
}
