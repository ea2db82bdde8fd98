import ArgumentParser
import Foundation
import Modelling
import Statistics
import Tables

/// `ecglens validate-external STUDY_DIR --table OTHER.csv [--labels OTHER_LABELS.csv]`.
struct ValidateExternal: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate-external",
    abstract: "Apply a study's models to another cohort: internal vs external AUROC with intervals, and covariate shift.",
    discussion: """
      The other cohort must be in ECGLens's schema (ecglens ingest), with the study's id column \
      and a patient column. For each trained model: the internal AUROC on the study's test rows \
      and the external AUROC on every labelled external row, each with its DeLong interval and a \
      bootstrap interval (patients resampled within each cohort), and the unpaired DeLong test of \
      the difference. A feature missing from the external table is an error unless \
      --missing-features nan, which feeds it as missing (XGBoost's default branches) and says so. \
      Covariate shift: per model feature, the standardised mean difference between the study's \
      feature table and the external one. Writes external-NAME.csv and .json into the study folder.
      """)

  @Argument(help: "Study folder written by ecglens train.")
  var study: String

  @Option(help: "External feature table (CSV, ECGLens schema).")
  var table: String

  @Option(help: "External label table(s) joined on the id column (repeatable).")
  var labels: [String] = []

  @Option(help: "Patient column of the external table. Default: the study's.")
  var patientColumn: String?

  @Option(help: "Map a study target to an external label column: TARGET=COLUMN (repeatable).")
  var target: [String] = []

  @Option(help: "Missing feature columns: error or nan.")
  var missingFeatures = "error"

  @Option(help: "Name used in the output files. Default: the external table's file name.")
  var name: String?

  @OptionGroup var resampling: BootstrapArguments

  struct Row: Codable {
    let target: String, variant: String, externalColumn: String
    let internalAUROC: AUROCEstimate, internalBootstrap: BootstrapInterval?, internalRows: Int, internalPositives: Int
    let externalAUROC: AUROCEstimate, externalBootstrap: BootstrapInterval?, externalRows: Int, externalPositives: Int
    let difference: AUROCComparison
    let missingFeatures: [String]
    let shift: [Shift]
  }
  struct Shift: Codable { let feature: String; let smd: Double; let internalMean: Double; let externalMean: Double; let internalMissing: Double; let externalMissing: Double }

  func run() throws {
    guard ["error", "nan"].contains(missingFeatures) else { throw CLIError("--missing-features must be error or nan") }
    let summary = try readStudy(at: study)
    let config = summary.configuration
    let patientCol = patientColumn ?? config.patientColumn
    let ext = try readCSV(at: table, options: CSVReadOptions(textColumns: [config.idColumn, patientCol]))
    let ids = try ext.text(config.idColumn)
    guard let pIndex = ext.index(of: patientCol) else { throw CLIError("\(table): no patient column \"\(patientCol)\" (use --patient-column)") }
    let patients: [String]
    switch ext.columns[pIndex] {
    case .text(let v): patients = v
    case .numeric(let v): patients = v.map(formatCell)
    }
    var mapping: [String: String] = [:]
    for m in target {
      let parts = m.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2 else { throw CLIError("--target \(m): expected TARGET=COLUMN") }
      mapping[parts[0]] = parts[1]
    }
    // External labels: label tables first, then the table itself.
    let labelColumns = try ECGLensCLI.labelColumns(
      ids: ids, idColumn: config.idColumn, labelFiles: labels, table: ext, tableFile: table,
      numeric: Set(config.targets.map { mapping[$0] ?? $0 }))
    var features: [String: [Double]] = [:]
    for (n, c) in zip(ext.names, ext.columns) { if case .numeric(let v) = c { features[n] = v } }
    let internalTable = try? readCSV(at: config.table, options: CSVReadOptions(textColumns: [config.idColumn, config.patientColumn]))
    if internalTable == nil { warn("note: the study's table \(config.table) is not readable here: no covariate-shift table") }

    let options = try resampling.options()
    var rows: [Row] = []
    for entry in summary.entries where entry.status == "trained" {
      let column = mapping[entry.target] ?? entry.target
      guard let truth = labelColumns[column] else {
        warn("note: \(entry.target): no external label column \"\(column)\" (map one with --target \(entry.target)=COLUMN)")
        continue
      }
      let booster = try loadModel(study: study, entry: entry)
      var usable = features
      let missing = booster.featureNames.filter { features[$0] == nil }
      if !missing.isEmpty {
        guard missingFeatures == "nan" else {
          throw CLIError("\(table): no column for feature(s) \(missing.joined(separator: ", ")) of \(entry.target) (\(entry.variant.rawValue)); pass --missing-features nan to feed them as missing")
        }
        for f in missing { usable[f] = Array(repeating: .nan, count: ids.count) }
        warn("note: \(entry.target) (\(entry.variant.rawValue)): \(missing.joined(separator: ", ")) absent, fed as missing")
      }
      let (predRows, p) = try predict(entry: entry, booster: booster, features: usable, rowCount: ids.count, sexMale: config.sexColumn.flatMap { features[$0] })
      let labelled = predRows.indices.filter { !truth[predRows[$0]].isNaN }
      let extScores = labelled.map { Double(p[$0]) }, extLabels = labelled.map { truth[predRows[$0]] == 1 }
      let extPatients = labelled.map { patients[predRows[$0]] }
      // Internal: the study's own test predictions.
      let stored = try readPredictions(study: study, entry: entry)
      let ip = stored.probabilities, il = stored.labels, ipat = stored.patients
      let test = stored.rows(.test)
      let intScores = test.map { ip[$0] }, intLabels = test.map { il[$0] == 1 }
      guard let internalD = delongAUROC(scores: intScores, labels: intLabels),
            let externalD = delongAUROC(scores: extScores, labels: extLabels),
            let diff = unpairedAUROCTest(labelsA: intLabels, scoresA: intScores, labelsB: extLabels, scoresB: extScores)
      else {
        warn("note: \(entry.target) (\(entry.variant.rawValue)): too few positives or negatives to compare")
        continue
      }
      var shift: [Shift] = []
      if let internalTable {
        for f in booster.featureNames {
          guard let a = try? internalTable.numeric(f), let b = features[f] else { continue }
          let s = standardizedMeanDifference(a, b)
          shift.append(Shift(feature: f, smd: s.smd, internalMean: s.meanA, externalMean: s.meanB, internalMissing: s.missingA, externalMissing: s.missingB))
        }
      }
      rows.append(Row(
        target: entry.target, variant: entry.variant.rawValue, externalColumn: column,
        internalAUROC: internalD, internalBootstrap: bootstrapAUROC(scores: intScores, labels: intLabels, patients: test.map { ipat[$0] }, options: options),
        internalRows: test.count, internalPositives: intLabels.filter { $0 }.count,
        externalAUROC: externalD, externalBootstrap: bootstrapAUROC(scores: extScores, labels: extLabels, patients: extPatients, options: options),
        externalRows: labelled.count, externalPositives: extLabels.filter { $0 }.count,
        difference: diff, missingFeatures: missing, shift: shift))
    }
    guard !rows.isEmpty else { throw CLIError("\(table): no study target has an external label") }
    let base = "external-" + folderName(name ?? URL(fileURLWithPath: table).deletingPathExtension().lastPathComponent)
    try emit(try jsonText(rows), to: "\(study)/\(base).json")
    func f(_ x: Double?) -> String { x.map(formatCell) ?? "" }
    var csv = "target,variant,external_column,internal_rows,internal_positives,internal_auroc,internal_boot_lower,internal_boot_upper,external_rows,external_positives,external_auroc,external_boot_lower,external_boot_upper,difference,difference_p,missing_features,max_abs_smd_feature,max_abs_smd\n"
    var out: [String] = []
    for r in rows {
      let worst = r.shift.filter { !$0.smd.isNaN }.max { abs($0.smd) < abs($1.smd) }
      csv += [r.target, r.variant, r.externalColumn, String(r.internalRows), String(r.internalPositives), f(r.internalAUROC.auc),
              f(r.internalBootstrap?.percentileLower), f(r.internalBootstrap?.percentileUpper), String(r.externalRows),
              String(r.externalPositives), f(r.externalAUROC.auc), f(r.externalBootstrap?.percentileLower),
              f(r.externalBootstrap?.percentileUpper), f(r.difference.difference), f(r.difference.pValue),
              r.missingFeatures.joined(separator: " "), worst?.feature ?? "", f(worst?.smd)].joined(separator: ",") + "\n"
      out.append(String(
        format: "%@ (%@): internal %.3f (%.3f-%.3f, %d pos) -> external %.3f (%.3f-%.3f, %d pos); difference %+.3f, p %.2g",
        r.target, r.variant, r.internalAUROC.auc, r.internalBootstrap?.percentileLower ?? .nan, r.internalBootstrap?.percentileUpper ?? .nan,
        r.internalPositives, r.externalAUROC.auc, r.externalBootstrap?.percentileLower ?? .nan,
        r.externalBootstrap?.percentileUpper ?? .nan, r.externalPositives, r.difference.difference, r.difference.pValue))
      if !r.shift.isEmpty {
        out.append("  covariate shift (SMD external vs internal): " + r.shift.map { String(format: "%@ %+.2f", $0.feature, $0.smd) }.joined(separator: ", "))
      }
    }
    try emit(csv, to: "\(study)/\(base).csv")
    print(out.joined(separator: "\n"))
  }
}
