import Foundation
import Statistics
import Tables

/// The columns of a predictions table (any model's outputs: one row per ECG) read for
/// `evaluatePredictionsTable` and `comparePredictionsTable`.
struct PredictionColumns {
  var labels: [Bool]
  var scores: [[Double]]
  var patients: [String]?
}

/// Reads a label column (0 or 1 on every row), score columns (finite numbers) and an optional patient
/// column (non-empty text) from a CSV file.
///
/// - Throws: `PipelineError.invalid` naming the file, the column and the 1-based row (the header
///   being row 1) of the first bad cell; `TablesError` for unreadable files.
func readPredictionColumns(file: String, label: String, scores: [String], patient: String?) throws -> PredictionColumns {
  let table = try readCSV(at: file, options: CSVReadOptions(textColumns: patient.map { [$0] } ?? []))
  for column in [label] + scores + (patient.map { [$0] } ?? []) where table.index(of: column) == nil {
    throw PipelineError.invalid(file: file, reason: "no column \"\(column)\" (columns: \(table.names.joined(separator: ", ")))")
  }
  func numbers(_ column: String) throws -> [Double] {
    guard case .numeric(let v) = try table.column(column) else {
      throw PipelineError.invalid(file: file, reason: "column \"\(column)\" holds text; it must hold numbers")
    }
    return v
  }
  let y = try numbers(label)
  if let row = y.firstIndex(where: { $0 != 0 && $0 != 1 }) {
    throw PipelineError.invalid(file: file, reason: "column \"\(label)\", row \(row + 2): label \(formatCell(y[row])) is not 0 or 1")
  }
  var columns: [[Double]] = []
  for s in scores {
    let v = try numbers(s)
    if let row = v.firstIndex(where: { !$0.isFinite }) {
      throw PipelineError.invalid(file: file, reason: "column \"\(s)\", row \(row + 2): empty or not a finite number")
    }
    columns.append(v)
  }
  var patients: [String]? = nil
  if let patient {
    let p = try table.text(patient)
    if let row = p.firstIndex(where: \.isEmpty) {
      throw PipelineError.invalid(file: file, reason: "column \"\(patient)\", row \(row + 2): empty patient id")
    }
    patients = p
  }
  return PredictionColumns(labels: y.map { $0 == 1 }, scores: columns, patients: patients)
}

/// `ecglens evaluate --predictions`: the AUROC of one score column of any predictions table, with its
/// DeLong interval (clustered by `patient` when given, Obuchowski 1997) and percentile bootstrap interval
/// (`Statistics.evaluatePredictions`).
public func evaluatePredictionsTable(
  file: String, label: String, score: String, patient: String?, interval: PredictionInterval, options: BootstrapOptions
) throws -> PredictionEvaluation {
  let c = try readPredictionColumns(file: file, label: label, scores: [score], patient: patient)
  do {
    return try evaluatePredictions(labels: c.labels, scores: c.scores[0], patients: c.patients, interval: interval, options: options)
  } catch {
    throw PipelineError.invalid(file: file, reason: "label \"\(label)\", score \"\(score)\": \(error.description)")
  }
}

/// `ecglens compare --predictions`: two score columns of any predictions table compared on the same rows
/// (`Statistics.comparePredictions`: paired DeLong, NRI, IDI; clustered by `patient` when given).
public func comparePredictionsTable(
  file: String, label: String, base: String, new: String, patient: String?, thresholds: [Double],
  interval: PredictionInterval, options: BootstrapOptions
) throws -> PredictionComparison {
  let c = try readPredictionColumns(file: file, label: label, scores: [base, new], patient: patient)
  do {
    return try comparePredictions(
      labels: c.labels, base: c.scores[0], new: c.scores[1], patients: c.patients, thresholds: thresholds, interval: interval,
      options: options)
  } catch {
    throw PipelineError.invalid(file: file, reason: "label \"\(label)\", base \"\(base)\", new \"\(new)\": \(error.description)")
  }
}

/// The console lines of `evaluatePredictionsTable`: both intervals, each named by its method.
public func formatPredictionEvaluation(_ e: PredictionEvaluation, file: String) -> String {
  var lines = [
    "\(file): \(e.nRows) rows" + (e.nPatients.map { ", \($0) patients" } ?? " (no patient column: rows independent)"),
    String(format: "AUROC %.4f", e.auroc),
    String(format: "  %@ 95%% CI %.4f-%.4f", e.delong.method.rawValue, e.delong.lower, e.delong.upper),
  ]
  if let b = e.bootstrap {
    lines.append(String(format: "  %@ 95%% CI %.4f-%.4f", bootstrapText(b), b.percentileLower, b.percentileUpper))
  }
  lines.append("auroc_ci (JSON): " + e.method)
  return lines.joined(separator: "\n")
}

/// The console lines of `comparePredictionsTable`.
public func formatPredictionComparison(_ c: PredictionComparison, file: String) -> String {
  var lines = [
    "\(file): \(c.nRows) rows" + (c.nPatients.map { ", \($0) patients" } ?? " (no patient column: rows independent)"),
    String(
      format: "AUROC base %.4f -> new %.4f, difference %+.4f (%@ 95%% CI %+.4f to %+.4f, p %.3g)", c.aurocBase, c.aurocNew,
      c.aurocDifference, c.delong.method.shortName, c.delong.lower, c.delong.upper, c.aurocDifferenceP),
  ]
  if let b = c.differenceBootstrap {
    lines.append(String(format: "  %@ 95%% CI of the difference %+.4f to %+.4f", bootstrapText(b), b.percentileLower, b.percentileUpper))
  }
  let se = c.continuous.method.rawValue
  lines.append(
    String(format: "continuous NRI %+.4f (p %.3g, %@ SE); IDI %+.4f (p %.3g, %@ SE)", c.nriContinuous, c.nriContinuousP, se, c.idi, c.idiP, se))
  if let k = c.categorical {
    lines.append(
      String(
        format: "categorical NRI at %@: %+.4f (p %.3g, %@ SE)", (k.thresholds ?? []).map { "\($0)" }.joined(separator: ", "), k.nri, k.nriPValue, se))
  }
  lines.append("method (JSON): " + c.method)
  return lines.joined(separator: "\n")
}

func bootstrapText(_ b: BootstrapInterval) -> String {
  "percentile bootstrap over \(b.unit == .patient ? "patients" : "rows") (\(b.resamples) resamples)"
}
