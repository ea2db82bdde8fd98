import Boosting
import Extraction
import Foundation
import Modelling
import Tables

/// Everything `trainStudy` needs: the tables, the columns' roles, the split and the training
/// options. Defaults are `ecglens train`'s.
public struct TrainingRequest: Sendable {
  /// The feature table (CSV) and any label tables joined on `idColumn`.
  public var table: String
  public var labels: [String] = []
  public var idColumn: String
  public var patientColumn: String
  /// Targets (nil: every column of the label tables but the id).
  public var targets: [String]?
  /// Features (nil: every numeric column of the feature table except id, patient, fold, targets).
  public var features: [String]?
  public var ageColumn = "age_years"
  public var sexColumn = "sex_male"
  /// Sex-specific targets, declared directly or by a cohort's `LABELS.targets.csv`.
  public var sexSpecific: [String: SexRestriction] = [:]
  public var sexSpecificFrom: String?
  public var rfe = false
  public var parsimony: Double?
  public var minimumECGFeatures = 4
  /// Variants to train; nil: ecg+demographics (ecg only when the table has no demographics).
  public var variants: [FeatureVariant]?
  /// Named variants' features (fusion studies); `variants` lists them.
  public var variantFeatures: [String: [String]]?
  /// The ECG measurement columns, when they are not "every feature but age and sex" (fusion
  /// studies: RFE keeps at least `minimumECGFeatures` of these and runs only on variants with some).
  public var ecgFeatures: [String]?
  /// Learners each variant is fitted with: trees keep the variant's name, the linear probe trains it
  /// again as `NAME+linear` (`FeatureVariant.with(_:)`).
  public var learners: [Learner] = [.trees]
  public var minimumPositives = 10
  public var folds = 20
  public var seed: UInt64 = 0
  public var foldColumn: String?
  public var validationFolds: [Int] = []
  public var testFolds: [Int] = []
  /// A separate validation table (same columns): every row of `table` trains, every row of this
  /// table validates (early stopping, RFE), and there is no test partition; score other tables with
  /// `predictTable` or `ecglens evaluate --predictions`.
  public var validationTable: String?
  public var parameters = BoostingParameters()
  /// Parallel jobs (targets x variants).
  public var jobs = ProcessInfo.processInfo.activeProcessorCount
  /// Train only this shard's targets (`shardTargets`), with the boosters of the whole study, and
  /// write the study folder as a part for `mergeStudyShards` (with `study-shard.json`).
  public var shard: BatchShard?
  /// Whether a shard writes its manifest (a study pipeline writes its own, over its whole folder).
  var writesShardManifest = true
  /// The study folder to write, replaced when `force`.
  public var output: String
  public var force = false
  /// The ecglens version recorded in `study.json`.
  public var version: String

  public init(table: String, idColumn: String, patientColumn: String, output: String, version: String) {
    self.table = table; self.idColumn = idColumn; self.patientColumn = patientColumn; self.output = output
    self.version = version
  }
}

/// What `trainStudy` did, besides writing the study folder.
public struct TrainingReport: Sendable {
  public var summary: StudySummary
  public var seconds: Double
  /// Notes worth a line on the console (unmatched label rows, a variant left out).
  public var notes: [String]
  public var trained: Int { summary.entries.filter { $0.status == "trained" }.count }
  public var failed: [StudyEntry] { summary.entries.filter { $0.status == "failed" } }
}

/// Reads the tables, assembles and splits the study (`assembleStudy`), trains every target and
/// variant (`runStudy`) and writes the study folder whole (`writeStudy`).
///
/// - Throws: `PipelineError.option` for inconsistent options (a sex-specific target without a
///   sex column, demographic variants without demographics); table and modelling errors.
public func trainStudy(_ r: TrainingRequest) throws -> TrainingReport {
  let started = Date()
  guard r.force || !FileManager.default.fileExists(atPath: r.output) else {
    throw PipelineError.option(name: r.output, reason: "exists; choose another folder or pass --force to replace it")
  }
  guard r.minimumPositives >= 1 else { throw PipelineError.option(name: "--min-positives", reason: "must be at least 1") }
  var notes: [String] = []
  var featureTable = try readCSV(at: r.table, options: CSVReadOptions(textColumns: [r.idColumn, r.patientColumn]))
  let labelTables = try r.labels.map { ($0, try readCSV(at: $0, options: CSVReadOptions(textColumns: [r.idColumn]))) }
  var inputs = StudyInputs(idColumn: r.idColumn, patientColumn: r.patientColumn)
  inputs.targets = r.targets
  inputs.features = r.features
  inputs.ageColumn = r.ageColumn
  inputs.sexColumn = r.sexColumn
  inputs.folds = r.folds
  inputs.seed = r.seed
  if let foldColumn = r.foldColumn {
    inputs.foldColumn = foldColumn
    inputs.validationFolds = Set(r.validationFolds)
    inputs.testFolds = Set(r.testFolds)
  }
  if let validation = r.validationTable {
    guard r.foldColumn == nil else { throw PipelineError.option(name: "--validation-table", reason: "cannot be combined with --fold-column") }
    let v = try readCSV(at: validation, options: CSVReadOptions(textColumns: [r.idColumn, r.patientColumn]))
    featureTable = try stackTrainingAndValidation(featureTable, file: r.table, validation: v, validationFile: validation)
    inputs.foldColumn = partitionColumn
    inputs.validationFolds = [1]
    inputs.testFolds = []
  }
  let study = try assembleStudy(table: featureTable, file: r.table, labelTables: labelTables, inputs: inputs)
  if study.unmatchedLabelRows > 0 { notes.append("note: \(study.unmatchedLabelRows) label rows have no matching id in \(r.table)") }
  if !study.leftOutMetadata.isEmpty {
    notes.append(
      "note: left out of the default features (identifiers and acquisition metadata; name them with --features to use them): "
        + study.leftOutMetadata.map { "\($0.column) (\($0.role))" }.joined(separator: ", "))
  }
  if !study.data.partitions.contains(.test) {
    notes.append(
      "note: no test partition: every model is trained on train and chosen on validation; score other tables with ecglens predict or evaluate")
  }

  var options = TrainingOptions()
  options.parameters = r.parameters
  options.ecgFeatures = r.ecgFeatures ?? study.ecgFeatures
  options.demographicFeatures = study.demographicFeatures
  options.variantFeatures = r.variantFeatures
  options.rfe = r.rfe
  options.parsimonyTolerance = r.parsimony
  options.minimumECGFeatures = r.minimumECGFeatures
  options.minimumPositives = r.minimumPositives
  if let variants = r.variants { options.variants = variants }
  var declared = r.sexSpecific
  if let file = r.sexSpecificFrom {
    let t = try readCSV(at: file, options: CSVReadOptions(textColumns: ["target", "sex"]))
    for (target, sex) in zip(try t.text("target"), try t.text("sex")) where !sex.isEmpty && study.targets.contains(target) {
      guard let restriction = SexRestriction(rawValue: sex) else {
        throw PipelineError.invalid(file: file, reason: "target \(target): sex \"\(sex)\" is not male or female")
      }
      declared[target] = restriction
    }
  }
  if !declared.isEmpty {
    guard study.sexColumn != nil else {
      throw PipelineError.option(name: "--sex-specific", reason: "needs the sex column \(r.sexColumn) in \(r.table)")
    }
    for target in declared.keys where !study.targets.contains(target) {
      throw PipelineError.option(name: "--sex-specific", reason: "\(target) is not a target")
    }
    options.sexSpecific = declared
  }
  if study.demographicFeatures.isEmpty && r.variantFeatures == nil {
    if r.variants == nil {
      options.variants = [.ecg]
      notes.append("note: no \(r.ageColumn) or \(r.sexColumn) column: training the ecg variant only")
    } else if options.variants.contains(where: { $0 != .ecg }) {
      throw PipelineError.invalid(file: r.table, reason: "no \(r.ageColumn) or \(r.sexColumn) column, so no demographic variant can be trained")
    }
  }
  options.variants = r.learners.flatMap { learner in options.variants.map { $0.with(learner) } }
  let configuration = StudyConfiguration(
    ecglensVersion: r.version, table: r.validationTable == nil ? r.table : stackedTablePath(r.output), labels: r.labels, idColumn: r.idColumn,
    patientColumn: r.patientColumn, sexColumn: study.sexColumn, targets: study.targets, split: study.split,
    options: options)
  // Boosters get the threads of the whole study, so a shard trains the models the single run does.
  let threads = boosterThreads(jobs: r.jobs, jobCount: study.targets.count * options.variants.count)
  let targets = r.shard.map { shardTargets(study.targets, shard: $0) } ?? study.targets
  let results = runStudy(
    data: study.data, targets: targets, options: options, sexColumn: study.sexColumn, cores: r.jobs, threadsPerJob: threads)
  let trained = results.filter { if case .success(.trained) = $0.outcome { return true } else { return false } }.count
  guard trained > 0 || r.shard != nil else {
    let reasons = results.map { j -> String in
      switch j.outcome {
      case .success(.skipped(_, _, let reason, _)): return "\(j.target) (\(j.variant.rawValue)): \(reason)"
      case .failure(let e): return "\(j.target) (\(j.variant.rawValue)): \(e.description)"
      case .success(.trained): return ""
      }
    }
    throw PipelineError.nothingToDo(reason: "no model could be trained, so no study was written: " + reasons.joined(separator: "; "))
  }
  let summary = try writeStudy(configuration: configuration, results: results, data: study.data, to: r.output, replace: r.force)
  if r.validationTable != nil {
    // Evaluation, reports and explanations read the study's table by its recorded path.
    try writeCSV(featureTable, to: stackedTablePath(r.output))
  }
  if let shard = r.shard, r.writesShardManifest {
    let inputs = [r.table] + r.labels + (r.validationTable.map { [$0] } ?? []) + (r.sexSpecificFrom.map { [$0] } ?? [])
    try writeStudyShardManifest(part: r.output, study: ".", kind: "train", shard: shard, inputs: inputs, config: nil, threads: threads)
  }
  for e in summary.entries { for n in e.notes ?? [] { notes.append("warning: \(e.target) (\(e.variant.rawValue)): \(n)") } }
  return TrainingReport(summary: summary, seconds: Date().timeIntervalSince(started), notes: notes)
}

/// XGBoost threads per booster for a study of `jobCount` (target, variant) jobs on `jobs` cores,
/// as `runStudy` shares them out.
func boosterThreads(jobs: Int, jobCount: Int) -> Int { max(1, jobs / max(1, jobCount)) }

/// The threads per booster of a written study (its targets times its variants).
func boosterThreads(jobs: Int, study: StudySummary) -> Int {
  boosterThreads(jobs: jobs, jobCount: study.configuration.targets.count * study.configuration.options.variants.count)
}

/// The study's entries as an aligned text table (what `ecglens train` prints).
public func formatSummary(_ summary: StudySummary) -> String {
  let width = max(6, summary.entries.map(\.target.count).max() ?? 6)
  let variantWidth = max(16, summary.entries.map(\.variant.rawValue.count).max() ?? 16)
  func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
  var lines = [pad("target", width) + "  " + pad("variant", variantWidth) + "  pos(tr/va/te)      feats  val AUROC  test AUROC"]
  for e in summary.entries {
    let pos = ["train", "validation", "test"].map { e.counts[$0].map { String($0.positives) } ?? "-" }.joined(separator: "/")
    let line = pad(e.target, width) + "  " + pad(e.variant.rawValue, variantWidth) + "  " + pad(pos, 18) + " "
    if e.status == "trained" {
      lines.append(
        line + pad(String(e.features?.count ?? 0), 6) + String(format: " %9.4f  ", e.validationAUROC ?? .nan)
          + (e.testAUROC.map { String(format: "%10.4f", $0) } ?? "         -"))
    } else {
      lines.append(line + "\(e.status): \(e.reason ?? "")")
    }
  }
  return lines.joined(separator: "\n")
}
