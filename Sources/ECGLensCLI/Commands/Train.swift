import ArgumentParser
import Boosting
import Foundation
import Modelling
import Tables

/// `ecglens train --table FEATURES.csv --labels LABELS.csv ... --out STUDY_DIR`.
struct Train: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Train one XGBoost model per target (optional RFE and demographics ablation) and write a study folder.",
    discussion: """
      Rows are joined on --id-column; targets are 0/1 columns (empty = unlabelled) of the label \
      tables or of the feature table. Split: 20 patient-grouped folds stratified on the targets, \
      age quartile and sex (0-17 train, 18 validation, 19 test), or a given --fold-column. Each \
      target trains on train with early stopping on validation; RFE scores subsets by validation \
      AUROC; test is only predicted. Targets with fewer than --min-positives positives or \
      negatives in any partition are skipped and reported. The study folder is written whole or \
      not at all: study.json, summary.csv, split.csv, models/TARGET/VARIANT/.
      """)

  @Option(help: "Feature table (CSV).")
  var table: String

  @Option(help: "Label table (CSV), joined on the id column (repeatable).")
  var labels: [String] = []

  @Option(help: "Column identifying an ECG, unique in every table.")
  var idColumn: String

  @Option(help: "Column identifying the patient: patients never cross partitions.")
  var patientColumn: String

  @Option(help: "Targets: all (every column of the label tables but the id) or T1,T2,...")
  var targets = "all"

  @Option(help: "Features: F1,F2,... Default: every numeric column of the feature table except id, patient, fold and targets.")
  var features: String?

  @Option(help: "Age column (years), a demographic feature when present.")
  var ageColumn = "age_years"

  @Option(help: "Sex column (1 male, 0 female), a demographic feature when present.")
  var sexColumn = "sex_male"

  @Option(help: "Sex-specific targets: TARGET:male or TARGET:female, comma-separated; trained on that sex without the sex feature.")
  var sexSpecific: String?

  @Option(help: "A LABELS.targets.csv written by ecglens cohort: its target,sex columns declare sex-specific targets.")
  var sexSpecificFrom: String?

  @Flag(help: "Recursive feature elimination per target, subsets scored by validation AUROC.")
  var rfe = false

  @Option(help: "With --rfe: keep the smallest subset within this AUROC of the best.")
  var parsimony: Double?

  @Option(help: "With --rfe: never fewer ECG features than this.")
  var minEcgFeatures = 4

  @Flag(help: "Train three variants per target: ecg, demographics, ecg+demographics.")
  var ablation = false

  @Option(help: "Variants to train (comma-separated: ecg, demographics, ecg+demographics). Default: ecg+demographics.")
  var variants: String?

  @Option(help: "Minimum positives and negatives per partition; fewer skips the target.")
  var minPositives = 10

  @Option(help: "Number of patient-grouped folds (the last two are validation and test).")
  var folds = 20

  @Option(help: "Seed of the split.")
  var seed: UInt64 = 0

  @Option(help: "Use this fold column instead of computing folds (e.g. strat_fold).")
  var foldColumn: String?

  @Option(help: "With --fold-column: validation folds, comma-separated.")
  var validationFolds: String?

  @Option(help: "With --fold-column: test folds, comma-separated.")
  var testFolds: String?

  @Option(help: "XGBoost tree_method: hist or exact.")
  var treeMethod = "hist"

  @Option(help: "Maximum boosting rounds.")
  var maxRounds = 1000

  @Option(help: "Early stopping: rounds without improvement on validation.")
  var earlyStopping = 10

  @Option(help: "Early-stopping metric: logloss or auc.")
  var evalMetric = "logloss"

  @Option(help: "Cores to use. Default: all.")
  var cores: Int?

  @Option(help: "Study folder to write.")
  var out: String

  @Flag(help: "Replace --out if it exists.")
  var force = false

  func run() throws {
    let started = Date()
    guard force || !FileManager.default.fileExists(atPath: out) else {
      throw CLIError("\(out) exists; choose another folder or pass --force to replace it")
    }
    let textColumns: Set<String> = [idColumn, patientColumn]
    let featureTable = try readCSV(at: table, options: CSVReadOptions(textColumns: textColumns))
    let labelTables = try labels.map { ($0, try readCSV(at: $0, options: CSVReadOptions(textColumns: [idColumn]))) }
    var inputs = StudyInputs(idColumn: idColumn, patientColumn: patientColumn)
    inputs.targets = targets == "all" ? nil : list(targets)
    inputs.features = features.map(list)
    inputs.ageColumn = ageColumn
    inputs.sexColumn = sexColumn
    inputs.folds = folds
    inputs.seed = seed
    if let foldColumn {
      inputs.foldColumn = foldColumn
      inputs.validationFolds = Set(try integers(validationFolds, "--validation-folds"))
      inputs.testFolds = Set(try integers(testFolds, "--test-folds"))
    }
    let study = try assembleStudy(table: featureTable, file: table, labelTables: labelTables, inputs: inputs)
    if study.unmatchedLabelRows > 0 {
      warn("note: \(study.unmatchedLabelRows) label rows have no matching id in \(table)")
    }

    var options = TrainingOptions()
    options.parameters.treeMethod = treeMethod
    options.parameters.maxRounds = maxRounds
    options.parameters.earlyStoppingRounds = earlyStopping
    options.parameters.evalMetric = evalMetric
    options.ecgFeatures = study.ecgFeatures
    options.demographicFeatures = study.demographicFeatures
    options.rfe = rfe
    options.parsimonyTolerance = parsimony
    options.minimumECGFeatures = minEcgFeatures
    options.minimumPositives = minPositives
    guard minPositives >= 1 else { throw CLIError("--min-positives must be at least 1") }
    if ablation {
      options.variants = FeatureVariant.allCases
    } else if let variants {
      options.variants = try list(variants).map { v in
        guard let variant = FeatureVariant(rawValue: v) else {
          throw CLIError("--variants: unknown variant \(v) (ecg, demographics, ecg+demographics)")
        }
        return variant
      }
    }
    var declared = sexSpecific.map(list) ?? []
    if let sexSpecificFrom {
      let t = try readCSV(at: sexSpecificFrom, options: CSVReadOptions(textColumns: ["target", "sex"]))
      for (target, sex) in zip(try t.text("target"), try t.text("sex")) where !sex.isEmpty && study.targets.contains(target) {
        declared.append("\(target):\(sex)")
      }
    }
    if !declared.isEmpty {
      guard study.sexColumn != nil else { throw CLIError("--sex-specific needs the sex column \(sexColumn) in \(table)") }
      for item in declared {
        let parts = item.split(separator: ":").map(String.init)
        guard parts.count == 2, let r = SexRestriction(rawValue: parts[1]) else {
          throw CLIError("--sex-specific \(item): expected TARGET:male or TARGET:female")
        }
        guard study.targets.contains(parts[0]) else { throw CLIError("--sex-specific: \(parts[0]) is not a target") }
        options.sexSpecific[parts[0]] = r
      }
    }
    if study.demographicFeatures.isEmpty {
      if !ablation && variants == nil {
        options.variants = [.ecg]
        warn("note: no \(ageColumn) or \(sexColumn) column: training the ecg variant only")
      } else if options.variants.contains(where: { $0 != .ecg }) {
        throw CLIError("\(table): no \(ageColumn) or \(sexColumn) column, so no demographic variant can be trained")
      }
    }
    let configuration = StudyConfiguration(
      ecglensVersion: ECGLens.configuration.version, table: table, labels: labels, idColumn: idColumn,
      patientColumn: patientColumn, sexColumn: study.sexColumn, targets: study.targets, split: study.split,
      options: options)
    let cores = self.cores ?? ProcessInfo.processInfo.activeProcessorCount
    let results = runStudy(data: study.data, targets: study.targets, options: options, sexColumn: study.sexColumn, cores: cores)
    let summary = try writeStudy(configuration: configuration, results: results, data: study.data, to: out, replace: force)

    print(formatSummary(summary))
    let failed = summary.entries.filter { $0.status == "failed" }
    for f in failed { warn("error: \(f.target) (\(f.variant.rawValue)): \(f.reason ?? "")") }
    warn(String(format: "%d models in %.1f s -> %@", summary.entries.filter { $0.status == "trained" }.count,
      Date().timeIntervalSince(started), out))
    if !failed.isEmpty { throw ExitCode(1) }
  }
}

/// The study's entries as an aligned text table.
func formatSummary(_ summary: StudySummary) -> String {
  let width = max(6, summary.entries.map(\.target.count).max() ?? 6)
  func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
  var lines = [pad("target", width) + "  " + pad("variant", 16) + "  pos(tr/va/te)      feats  val AUROC  test AUROC"]
  for e in summary.entries {
    let pos = ["train", "validation", "test"].map { e.counts[$0].map { String($0.positives) } ?? "-" }.joined(separator: "/")
    let line = pad(e.target, width) + "  " + pad(e.variant.rawValue, 16) + "  " + pad(pos, 18) + " "
    if e.status == "trained" {
      lines.append(line + pad(String(e.features?.count ?? 0), 6) + String(format: " %9.4f  %10.4f", e.validationAUROC ?? .nan, e.testAUROC ?? .nan))
    } else {
      lines.append(line + "\(e.status): \(e.reason ?? "")")
    }
  }
  return lines.joined(separator: "\n")
}

func list(_ text: String) -> [String] {
  text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}

func integers(_ text: String?, _ option: String) throws -> [Int] {
  guard let text else { throw CLIError("\(option) is required with --fold-column") }
  return try list(text).map { s in
    guard let v = Int(s) else { throw CLIError("\(option): \(s) is not a whole number") }
    return v
  }
}
