import ArgumentParser
import Boosting
import Modelling
import Pipeline

/// `ecglens train --table FEATURES.csv --labels LABELS.csv ... --out STUDY_DIR`.
struct Train: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Train one XGBoost model per target (optional RFE and demographics ablation) and write a study folder.",
    discussion: """
      Rows are joined on --id-column; targets are 0/1 columns (empty = unlabelled) of the label \
      tables or of the feature table. Split: 20 patient-grouped folds stratified on the targets, \
      age quartile and sex (0-17 train, 18 validation, 19 test), or a given --fold-column. Each \
      target trains on train with early stopping on validation; RFE scores subsets by validation \
      AUROC; test is only predicted (--validation-table, or --fold-column without --test-folds: no \
      test partition). Without --features, every numeric column but ids, patients, folds, targets, \
      identifiers and acquisition metadata (cart, device, site, times, filters) is a feature, and \
      the columns left out are listed. Targets with fewer than --min-positives positives or \
      negatives in any partition are skipped and reported. The study folder is written whole or \
      not at all: study.json, summary.csv, split.csv, models/TARGET/VARIANT/. With --shard I/N the folder is \
      a part (study-shard.json: targets, checksums) that `ecglens study merge` joins.
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

  @OptionGroup var split: SplitArguments

  @OptionGroup var boosting: BoostingArguments

  @OptionGroup var parallelism: JobsOption

  @Option(name: .customLong("cores"), help: .hidden)
  var legacyCores: Int?

  @Option(help: "Train only shard I of N of the targets (by FNV-1a of the name) into a part for `ecglens study merge`.")
  var shard: ShardOption?

  @Option(name: [.short, .long], help: "Study folder to write (a folder).")
  var out: String

  @Flag(help: "Replace --out if it exists.")
  var force = false

  func validate() throws {
    guard (1...1_000_000).contains(minPositives) else { throw CLIError("--min-positives \(minPositives): must be between 1 and 1000000") }
  }

  func run() throws {
    var r = TrainingRequest(table: table, idColumn: idColumn, patientColumn: patientColumn, output: out, version: ECGLens.version)
    r.labels = labels
    r.targets = targets == "all" ? nil : list(targets)
    r.features = features.map(list)
    r.ageColumn = ageColumn
    r.sexColumn = sexColumn
    for item in sexSpecific.map(list) ?? [] {
      let parts = item.split(separator: ":").map(String.init)
      guard parts.count == 2, let restriction = SexRestriction(rawValue: parts[1]) else {
        throw CLIError("--sex-specific \(item): expected TARGET:male or TARGET:female")
      }
      r.sexSpecific[parts[0]] = restriction
    }
    r.sexSpecificFrom = sexSpecificFrom
    r.rfe = rfe
    r.parsimony = parsimony
    r.minimumECGFeatures = minEcgFeatures
    if ablation {
      r.variants = FeatureVariant.allCases
    } else if let variants {
      r.variants = try list(variants).map { v in
        guard FeatureVariant.allCases.contains(FeatureVariant(v)) else {
          throw CLIError("--variants: unknown variant \(v) (ecg, demographics, ecg+demographics)")
        }
        return FeatureVariant(v)
      }
    }
    r.minimumPositives = minPositives
    try split.apply(to: &r)
    r.parameters = boosting.parameters
    r.jobs = legacyCores ?? parallelism.jobs
    r.force = force
    r.shard = shard?.shard
    let report = try trainStudy(r)
    for note in report.notes { warn(note) }
    Console.out(formatSummary(report.summary))
    for f in report.failed { warn("error: \(f.target) (\(f.variant.rawValue)): \(f.reason ?? "")") }
    warn(String(format: "%d models in %.1f s -> %@", report.trained, report.seconds, out))
    try finishBatch(succeeded: report.trained, skipped: report.failed.count)
  }
}
