import Foundation
import Modelling
import Statistics
import Tables

/// One model's internal and external discrimination and covariate shift.
public struct ExternalRow: Codable, Sendable {
  public let target: String, variant: String, externalColumn: String
  public let internalAUROC: AUROCEstimate, internalBootstrap: BootstrapInterval?, internalRows: Int, internalPositives: Int
  public let externalAUROC: AUROCEstimate, externalBootstrap: BootstrapInterval?, externalRows: Int, externalPositives: Int
  public let difference: AUROCComparison
  public let missingFeatures: [String]
  public let shift: [Shift]

  /// Standardised mean difference of one model feature between the study's table and the
  /// external one.
  public struct Shift: Codable, Sendable {
    public let feature: String
    public let smd: Double
    public let internalMean: Double
    public let externalMean: Double
    public let internalMissing: Double
    public let externalMissing: Double
  }
}

/// How `validateExternally` treats features the external table lacks.
public enum MissingFeaturePolicy: String, Sendable, CaseIterable, Codable {
  /// Refuse the table, naming the features.
  case error
  /// Feed them to the trees as missing (XGBoost's default branches), and say so.
  case nan
}

/// What `validateExternally` wrote and found.
public struct ExternalValidation: Sendable {
  public var rows: [ExternalRow] = []
  public var notes: [String] = []
  /// The files' name without extension (`external-NAME`).
  public var name: String

  /// The console lines: each interval named by its method (percentile bootstrap over the unit,
  /// clustered or classic DeLong), and the unpaired test's method.
  public var text: String {
    var out: [String] = []
    for r in rows {
      let unit = r.internalBootstrap.map { "bootstrap over \($0.unit.rawValue)s" } ?? "bootstrap"
      let delong = r.internalAUROC.method.shortName
      out.append(
        String(
          format:
            "%@ (%@): internal %.3f (%@ %.3f-%.3f; %@ %.3f-%.3f; %d pos) -> external %.3f (%@ %.3f-%.3f; %@ %.3f-%.3f; %d pos); "
            + "difference %+.3f, unpaired %@ p %.2g",
          r.target, r.variant, r.internalAUROC.auc, unit, r.internalBootstrap?.percentileLower ?? .nan,
          r.internalBootstrap?.percentileUpper ?? .nan, delong, r.internalAUROC.lower, r.internalAUROC.upper, r.internalPositives,
          r.externalAUROC.auc, unit, r.externalBootstrap?.percentileLower ?? .nan, r.externalBootstrap?.percentileUpper ?? .nan,
          r.externalAUROC.method.shortName, r.externalAUROC.lower, r.externalAUROC.upper, r.externalPositives,
          r.difference.difference, r.difference.method.shortName, r.difference.pValue))
      if !r.shift.isEmpty {
        out.append(
          "  covariate shift (SMD external vs internal): " + r.shift.map { String(format: "%@ %+.2f", $0.feature, $0.smd) }.joined(separator: ", "))
      }
    }
    return out.joined(separator: "\n")
  }

  /// The CSV file.
  public var csv: String {
    func f(_ x: Double?) -> String { x.map(formatCell) ?? "" }
    var csv =
      "target,variant,external_column,internal_rows,internal_positives,internal_auroc,internal_boot_lower,internal_boot_upper,internal_delong_lower,internal_delong_upper,external_rows,external_positives,external_auroc,external_boot_lower,external_boot_upper,external_delong_lower,external_delong_upper,bootstrap_unit,delong_method,difference,difference_p,missing_features,max_abs_smd_feature,max_abs_smd\n"
    for r in rows {
      let worst = r.shift.filter { !$0.smd.isNaN }.max { abs($0.smd) < abs($1.smd) }
      csv += csvLine(
        [
          r.target, r.variant, r.externalColumn, String(r.internalRows), String(r.internalPositives), f(r.internalAUROC.auc),
          f(r.internalBootstrap?.percentileLower), f(r.internalBootstrap?.percentileUpper), f(r.internalAUROC.lower),
          f(r.internalAUROC.upper), String(r.externalRows), String(r.externalPositives), f(r.externalAUROC.auc),
          f(r.externalBootstrap?.percentileLower), f(r.externalBootstrap?.percentileUpper), f(r.externalAUROC.lower),
          f(r.externalAUROC.upper), r.internalBootstrap?.unit.rawValue ?? "", r.difference.method.rawValue,
          f(r.difference.difference), f(r.difference.pValue),
          r.missingFeatures.joined(separator: " "), worst?.feature ?? "", f(worst?.smd),
        ])
    }
    return csv
  }
}

/// The other cohort of `validateExternally`.
public struct ExternalCohort: Sendable {
  /// Feature table in ECGLens's schema, with the study's id column and a patient column.
  public var table: String
  public var labels: [String] = []
  /// Patient column (default: the study's).
  public var patientColumn: String?
  /// Study target -> external label column, where the names differ.
  public var targetColumns: [String: String] = [:]
  public var missingFeatures = MissingFeaturePolicy.error
  /// Name used in the output files (default: the table's file name).
  public var name: String?
  public init(table: String) { self.table = table }
}

/// Applies a study's models to another cohort: per model, internal AUROC (the study's test
/// rows) and external AUROC (every labelled external row), each with its DeLong and bootstrap
/// interval (patients resampled within each cohort; the DeLong variance clustered by each cohort's
/// patients, Obuchowski 1997, unless `options.unit` is `.ecg`), the unpaired DeLong test of the
/// difference, and per feature the standardised mean difference between the cohorts. Writes
/// `external-NAME.csv` and `.json` into the study folder.
public func validateExternally(study: String, cohort: ExternalCohort, options: BootstrapOptions) throws -> ExternalValidation {
  let summary = try readStudy(at: study)
  let config = summary.configuration
  let table = cohort.table
  let patientCol = cohort.patientColumn ?? config.patientColumn
  let ext = try readCSV(at: table, options: CSVReadOptions(textColumns: [config.idColumn, patientCol]))
  let ids = try ext.text(config.idColumn)
  guard ext.index(of: patientCol) != nil else {
    throw PipelineError.invalid(file: table, reason: "no patient column \"\(patientCol)\" (use --patient-column)")
  }
  let patients = try ext.text(patientCol)
  let mapping = cohort.targetColumns
  // External labels: label tables first, then the table itself.
  let labelColumns = try Pipeline.labelColumns(
    ids: ids, idColumn: config.idColumn, labelFiles: cohort.labels, table: ext, tableFile: table,
    numeric: Set(config.targets.map { mapping[$0] ?? $0 }))
  var features: [String: [Double]] = [:]
  for (n, c) in zip(ext.names, ext.columns) { if case .numeric(let v) = c { features[n] = v } }
  var result = ExternalValidation(
    name: "external-" + folderName(cohort.name ?? URL(fileURLWithPath: table).deletingPathExtension().lastPathComponent))
  let internalTable = try? readCSV(at: config.table, options: CSVReadOptions(textColumns: [config.idColumn, config.patientColumn]))
  if internalTable == nil { result.notes.append("note: the study's table \(config.table) is not readable here: no covariate-shift table") }

  for entry in summary.entries where entry.status == "trained" {
    guard entry.variant.learner == .trees else {
      result.notes.append("note: \(entry.target) (\(entry.variant.rawValue)): a linear probe, not validated externally")
      continue
    }
    let column = mapping[entry.target] ?? entry.target
    guard let truth = labelColumns[column] else {
      result.notes.append("note: \(entry.target): no external label column \"\(column)\" (map one with --target \(entry.target)=COLUMN)")
      continue
    }
    let booster = try loadModel(study: study, entry: entry)
    var usable = features
    let missing = booster.featureNames.filter { features[$0] == nil }
    if !missing.isEmpty {
      guard cohort.missingFeatures == .nan else {
        throw PipelineError.invalid(
          file: table,
          reason:
            "no column for feature(s) \(missing.joined(separator: ", ")) of \(entry.target) (\(entry.variant.rawValue)); pass --missing-features nan to feed them as missing"
        )
      }
      for f in missing { usable[f] = Array(repeating: .nan, count: ids.count) }
      result.notes.append("note: \(entry.target) (\(entry.variant.rawValue)): \(missing.joined(separator: ", ")) absent, fed as missing")
    }
    let (predRows, p) = try predict(
      entry: entry, booster: booster, features: usable, rowCount: ids.count, sexMale: config.sexColumn.flatMap { features[$0] })
    let labelled = predRows.indices.filter { !truth[predRows[$0]].isNaN }
    let extScores = labelled.map { Double(p[$0]) }, extLabels = labelled.map { truth[predRows[$0]] == 1 }
    let extPatients = labelled.map { patients[predRows[$0]] }
    // Internal: the study's own test predictions.
    let stored = try readPredictions(study: study, entry: entry)
    let test = stored.rows(.test)
    let intScores = test.map { stored.probabilities[$0] }, intLabels = test.map { stored.labels[$0] == 1 }
    // DeLong variances clustered by each cohort's own patients, unless the unit is ECGs.
    let clustered = options.unit == .patient
    let intPatients = test.map { stored.patients[$0] }
    guard
      let internalD = delongAUROC(scores: intScores, labels: intLabels, clusters: clustered ? intPatients : nil),
      let externalD = delongAUROC(scores: extScores, labels: extLabels, clusters: clustered ? extPatients : nil),
      let diff = unpairedAUROCTest(
        labelsA: intLabels, scoresA: intScores, clustersA: clustered ? intPatients : nil, labelsB: extLabels, scoresB: extScores,
        clustersB: clustered ? extPatients : nil)
    else {
      result.notes.append("note: \(entry.target) (\(entry.variant.rawValue)): too few positives or negatives to compare")
      continue
    }
    var shift: [ExternalRow.Shift] = []
    if let internalTable {
      for f in booster.featureNames {
        guard let a = try? internalTable.numeric(f), let b = features[f] else { continue }
        let s = standardizedMeanDifference(a, b)
        shift.append(
          .init(feature: f, smd: s.smd, internalMean: s.meanA, externalMean: s.meanB, internalMissing: s.missingA, externalMissing: s.missingB))
      }
    }
    result.rows.append(
      ExternalRow(
        target: entry.target, variant: entry.variant.rawValue, externalColumn: column,
        internalAUROC: internalD,
        internalBootstrap: bootstrapAUROC(scores: intScores, labels: intLabels, patients: test.map { stored.patients[$0] }, options: options),
        internalRows: test.count, internalPositives: intLabels.filter { $0 }.count,
        externalAUROC: externalD, externalBootstrap: bootstrapAUROC(scores: extScores, labels: extLabels, patients: extPatients, options: options),
        externalRows: labelled.count, externalPositives: extLabels.filter { $0 }.count,
        difference: diff, missingFeatures: missing, shift: shift))
  }
  guard !result.rows.isEmpty else { throw PipelineError.nothingToDo(reason: "\(table): no study target has an external label") }
  try writeText(try jsonText(result.rows), to: "\(study)/\(result.name).json")
  try writeText(result.csv, to: "\(study)/\(result.name).csv")
  return result
}
