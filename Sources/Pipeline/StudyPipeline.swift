import Extraction
import Foundation
import Measurements
import Modelling
import Reports
import Statistics
import Tables

/// What a study run reports while it runs.
public enum StudyEvent: Sendable {
  /// A table or result meant for standard output.
  case output(String)
  /// Progress and notes, meant for standard error.
  case note(String)
}

/// Where a study run left its results.
public struct StudyRun: Sendable {
  public var folder: String
  public var studyFolder: String
  public var report: String
  /// Models that failed to train, records that could not be measured.
  public var skipped: Int
}

/// How `runStudyPipeline` runs.
public struct StudyRunOptions: Sendable {
  /// The study folder, overriding the config's `output`.
  public var output: String?
  /// Recompute every step.
  public var force = false
  /// Parallel jobs for extraction and training.
  public var jobs = ProcessInfo.processInfo.activeProcessorCount
  /// Train only this shard's targets (`shardTargets`) and stop after training: the output folder
  /// is a part for `mergeStudyShards`, with its manifest (`study-shard.json`).
  public var shard: BatchShard?
  /// Parts to merge in place of training (set by `mergeStudyShards`).
  var merge: [StudyPart]?
  /// The ecglens version (recorded in study.json and in the step cache).
  public var version: String
  public init(version: String) { self.version = version }
}

/// Runs a whole study from its config file: ingest or extract -> labels -> train -> evaluate ->
/// compare -> external validation -> explanations -> report, each step a library call. Every
/// input is checked before any work (`loadStudyConfig`). Each step's inputs, settings and the
/// ecglens build that ran it are hashed; a rerun skips steps whose hash is unchanged
/// (`.ecglens-cache.json` in the output folder).
public func runStudyPipeline(
  configFile: String, options: StudyRunOptions, events: @escaping (StudyEvent) -> Void
) throws -> StudyRun {
  let plan = try loadStudyConfig(configFile, outputOverride: options.output)
  let c = plan.config
  let output = plan.output
  try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
  var cache = StepCache(folder: output, build: programBuild(version: options.version), force: options.force)
  let note: (String) -> Void = { events(.note($0)) }
  var skipped = 0
  var boot = BootstrapOptions()
  boot.resamples = c.bootstrap.resamples
  boot.unit = c.bootstrap.unit == "ecg" ? .ecg : .patient
  boot.seed = c.bootstrap.seed
  let bootSettings = "\(boot.resamples)|\(boot.unit.rawValue)|\(boot.seed)"

  /// Waveforms (WFDB records or vendor ECG files) -> extracted features -> joined with the
  /// metadata table, plus the harmonised machine-measurement columns. WFDB headers are hashed by
  /// content; signal files and vendor files by size and modification time (`recordStamps`).
  func extractWaveforms(_ stepName: String, source: SourceConfig, features: String) throws {
    let records = try discoverRecords(source.paths.map(plan.resolve))
    let extracted = URL(fileURLWithPath: features).deletingPathExtension().path + "-extracted.csv"
    let stamps = recordStamps(records)
    try cache.step(stepName + "extract", inputs: stamps.hashed, settings: stamps.stamp, outputs: [extracted], log: note) {
      let s = try extractFeatures(records: records, output: extracted, options: ExtractionOptions(jobs: options.jobs, force: true, window: .whole)) {
        e in
        if case .skipped(let path, let error) = e { note("error: \(path): skipped: \(error)") }
      }
      skipped += s.skipped
      note(String(format: "extract: %d records measured, %d skipped in %.1f s -> %@", s.measured, s.skipped, s.seconds, extracted))
    }
    let m = source.metadata
    let embeddings = source.embeddings.map(plan.resolve)
    let settings =
      "\(m?.recordColumn ?? "")|\(m?.ageColumn ?? "")|\(m?.sexColumn ?? "")|\(m?.maleValue ?? "")|\((m?.columns ?? []).joined(separator: ","))"
      + "|\(embeddings ?? "")"
    try cache.step(
      stepName + "join", inputs: [extracted] + (m.map { [plan.resolve($0.file)] } ?? []) + (embeddings.map { [$0] } ?? []),
      settings: settings,
      outputs: [features], log: note
    ) {
      var table = try readCSV(at: extracted, options: CSVReadOptions(textColumns: ["ecg_id"]))
      if let m {
        let join = MetadataJoin(
          file: plan.resolve(m.file), recordColumn: m.recordColumn, ageColumn: m.ageColumn,
          sexColumn: m.sexColumn, maleValue: m.maleValue, columns: m.columns)
        let (joined, unmatched) = try joinMetadata(features: table, join)
        if unmatched > 0 { note("[\(stepName)join] \(unmatched) extracted records have no metadata row; left out") }
        guard joined.rowCount > 0 else {
          throw PipelineError.invalid(file: join.file, reason: "no extracted record matches its \(m.recordColumn) column")
        }
        table = joined
      }
      if let embeddings {
        let missing = try joinEmbeddings(&table, file: embeddings)
        if missing > 0 { note("[\(stepName)join] \(missing) records have no row in \(embeddings); their embedding is empty") }
      }
      try addMachineEquivalents(&table)
      try writeCSV(table, to: features)
    }
  }

  /// Ingests (or copies, or extracts) a source into `features`, then builds its labels.
  func prepare(_ stepName: String, source: SourceConfig, labels: LabelsConfig?, features: String, labelsPath: String) throws -> String? {
    switch source.kind {
    case .wfdb:
      try extractWaveforms(stepName, source: source, features: features)
    case .cart:
      let records = try discoverRecords(source.paths.map(plan.resolve))
      let stamps = recordStamps(records)
      let renames = source.rename.sorted { $0.key < $1.key }
      try cache.step(stepName + "ingest", inputs: stamps.hashed, settings: "cart|\(renames)|" + stamps.stamp, outputs: [features], log: note) {
        let r = try ingestCartMeasurements(records, renames: renames.map { ($0.key, $0.value) }, output: features)
        skipped += r.skipped.count + r.failed.count
        for line in cartIngestReport(r, output: features) { note(line) }
      }
    case .table, .mimic, .muse:
      let file = plan.resolve(source.file!)
      let renames = source.rename.sorted { $0.key < $1.key }
      let label = source.label.map { IngestLabel(name: $0, column: source.labelColumn) }
      try cache.step(
        stepName + "ingest", inputs: [file], settings: "\(source.kind.rawValue)|\(renames)|\(label.map { "\($0)" } ?? "")", outputs: [features],
        log: note
      ) {
        if source.kind == .table {
          try writeText(String(decoding: FileManager.default.contents(atPath: file)!, as: UTF8.self), to: features)
        } else {
          let h = try ingestMachineMeasurements(
            source.kind == .mimic ? .mimic : .muse, file: file, label: label, renames: renames.map { ($0.key, $0.value) },
            output: features)
          for line in ingestReport(h, file: file, output: features) { note(line) }
        }
      }
    }
    guard let labels else { return nil }
    if let file = labels.file { return plan.resolve(file) }
    var spec = labels.spec
    spec.scpStatements = spec.scpStatements.map(plan.resolve)
    let settings = "\(c.idColumn)|\(spec)"
    try cache.step(stepName + "labels", inputs: [features], settings: settings, outputs: [labelsPath], log: note) {
      let report = try buildLabels(table: features, idColumn: c.idColumn, spec: spec, output: labelsPath)
      for t in report.targets { note("\(t.name): \(t.positives) positives") }
      for u in report.unknownCodes { note("note: SCP code \(u.code) not in \(spec.scpStatements ?? ""): \(u.count) ECGs") }
    }
    return labelsPath
  }

  var features = output + "/features.csv"
  let labels = try prepare("", source: c.source, labels: c.labels, features: features, labelsPath: output + "/labels.csv")
  if let bmi = c.fusion?.bmi {
    let derived = output + "/features-bmi.csv"
    try cache.step("bmi", inputs: [features], settings: "\(bmi.height)|\(bmi.weight)", outputs: [derived], log: note) {
      try addBMI(table: features, height: bmi.height, weight: bmi.weight, textColumns: [c.idColumn, c.patientColumn], output: derived)
    }
    features = derived
  }
  let studyDir = output + "/study"
  var training = TrainingRequest(table: features, idColumn: c.idColumn, patientColumn: c.patientColumn, output: studyDir, version: options.version)
  training.labels = labels.map { [$0] } ?? []
  training.targets = c.targets
  training.features = c.features ?? (c.source.kind == .wfdb ? featureCatalogue.map(\.name) : nil)
  training.rfe = c.rfe
  training.learners = c.learners
  training.variants = c.ablation ? FeatureVariant.allCases : nil
  var fusionSpec: FusionSpec? = nil
  if let fusion = c.fusion {
    let groups = try fusionGroups(fusion, table: features, source: c.source.kind, config: c, labels: labels)
    training.variants = groups.map { FeatureVariant($0.name) } + (fusion.early ? [earlyFusionVariant] : [])
    var named = Dictionary(uniqueKeysWithValues: groups.map { ($0.name, $0.features) })
    let all = groups.flatMap(\.features).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    if fusion.early { named[earlyFusionVariant.rawValue] = all }
    training.variantFeatures = named
    training.features = all
    // The "measurements" group (an "embedding" group also has no column list).
    let measurements = Set(fusion.groups.filter { $0.features == nil && !$0.embedding }.map(\.name))
    training.ecgFeatures = groups.first { measurements.contains($0.name) }?.features ?? []
    fusionSpec = FusionSpec(
      groups: groups.map(\.name), reference: fusion.reference, early: fusion.early, late: fusion.late, thresholds: fusion.thresholds,
      strata: fusion.strata)
    fusionSpec?.learners = c.learners
    fusionSpec?.members = groups.map(\.features)
    for g in groups { note("fusion group \(g.name): \(g.features.count) features") }
  }
  training.minimumPositives = c.minPositives
  if let column = c.split.foldColumn {
    training.foldColumn = column
    training.validationFolds = c.split.validationFolds
    training.testFolds = c.split.testFolds
  } else {
    training.folds = c.split.folds
    training.seed = c.split.seed
  }
  training.jobs = options.jobs
  training.force = true
  // A study folder in an older format is retrained, not reused.
  let trainSettings =
    "\(training.targets ?? [])|\(training.features ?? [])|\(c.rfe)|\(c.learners.map(\.rawValue))|\(c.ablation)|\(c.minPositives)|\(c.split.folds)|\(c.split.seed)|"
    + "\((training.variantFeatures ?? [:]).sorted { $0.key < $1.key })|"
    + "\(c.split.foldColumn ?? "")|\(c.split.validationFolds)|\(c.split.testFolds)|format \(StudySummary.currentFormatVersion)"
  let trainInputs = [features] + (labels.map { [$0] } ?? [])
  if let shard = options.shard {
    skipped += try trainPipelineShard(
      training, shard: shard, cache: &cache, inputs: trainInputs, settings: trainSettings, configFile: configFile, events: events)
    return StudyRun(folder: output, studyFolder: studyDir, report: "", skipped: skipped)
  }
  try cache.step("train", inputs: trainInputs, settings: trainSettings, outputs: [studyDir + "/study.json"], log: note) {
    if let parts = options.merge { return try mergePipelineParts(parts, training: training, events: events) }
    let report = try trainStudy(training)
    for n in report.notes { note(n) }
    events(.output(formatSummary(report.summary)))
    for f in report.failed { note("error: \(f.target) (\(f.variant.rawValue)): \(f.reason ?? "")") }
    skipped += report.failed.count
    note(String(format: "%d models in %.1f s -> %@", report.trained, report.seconds, studyDir))
  }
  try cache.step("evaluate", inputs: [studyDir + "/study.json"], settings: bootSettings, outputs: [studyDir + "/evaluation.csv"], log: note) {
    let e = try evaluateStudy(at: studyDir, options: boot)
    for n in e.notes { note(n) }
    events(.output(e.table))
    note(
      "\(e.rows.count) models evaluated; bootstrap: \(boot.resamples) resamples of \(boot.unit.rawValue)s, seed \(boot.seed) -> \(studyDir)/evaluation.csv"
    )
    if c.ablation {
      let cmp = try compareVariants(at: studyDir, base: .demographics, new: .ecgDemographics, thresholds: [], options: boot)
      for n in cmp.notes { note(n) }
      events(.output(cmp.table))
      note("\(cmp.rows.count) targets compared -> \(studyDir)/\(cmp.name).csv")
    }
  }
  if let spec = fusionSpec {
    let settings =
      "\(spec.groups)|\(spec.learners.map(\.rawValue))|\(spec.reference)|\(spec.early)|\(spec.late)|\(spec.thresholds)|\(spec.strata ?? [])|\(bootSettings)"
    try cache.step("fusion", inputs: [studyDir + "/study.json"], settings: settings, outputs: [studyDir + "/fusion.csv"], log: note) {
      let f = try analyseFusion(study: studyDir, spec: spec, options: boot)
      for n in f.notes { note(n) }
      events(.output(f.table))
      note("\(f.targets.count) targets compared -> \(studyDir)/fusion.csv, fusion-strata.csv")
    }
  }
  var reportInputs = [studyDir + "/study.json", studyDir + "/evaluation.csv"] + (fusionSpec == nil ? [] : [studyDir + "/fusion.csv"])
  for e in c.external {
    let folder = output + "/external-" + e.name
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let extLabels = try prepare(
      "external \(e.name) ", source: e.source, labels: e.labels, features: folder + "/features.csv",
      labelsPath: folder + "/labels.csv")
    var cohort = ExternalCohort(table: folder + "/features.csv")
    cohort.labels = extLabels.map { [$0] } ?? []
    cohort.targetColumns = e.targets
    cohort.missingFeatures = e.missingFeatures
    cohort.name = e.name
    let result = studyDir + "/external-\(folderName(e.name)).csv"
    let settings = "\(e.name)|\(e.missingFeatures.rawValue)|\(e.targets.sorted { $0.key < $1.key })|\(bootSettings)"
    try cache.step(
      "external \(e.name)", inputs: [studyDir + "/study.json", folder + "/features.csv"] + (extLabels.map { [$0] } ?? []),
      settings: settings, outputs: [result], log: note
    ) {
      let v = try validateExternally(study: studyDir, cohort: cohort, options: boot)
      for n in v.notes { note(n) }
      events(.output(v.text))
    }
    reportInputs.append(result)
  }
  if !plan.explain.isEmpty {
    let folder = studyDir + "/explanations"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for item in plan.explain {
      let name = URL(fileURLWithPath: item.record).lastPathComponent
      let page = folder + "/\(name).json", html = folder + "/\(name).html"
      let dir = URL(fileURLWithPath: item.record).deletingLastPathComponent().path
      let signalFiles = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
        .filter { $0.hasPrefix(name + ".") && $0.hasSuffix(".dat") }.map { dir + "/" + $0 }
      let settings = "\(item.record)|\(item.age.map { String($0) } ?? "")|\(item.sexMale.map { String($0) } ?? "")"
      try cache.step(
        "explain \(name)", inputs: [studyDir + "/study.json", item.record + ".hea"] + signalFiles, settings: settings,
        outputs: [page, html], log: note
      ) {
        let x = try explainECG(.record(path: item.record, ageYears: item.age, sexMale: item.sexMale), study: studyDir, variant: nil, top: 5)
        for n in x.notes { note(n) }
        try writeText(x.html, to: html)
        try writeText(try jsonText(x.explanations), to: page)
      }
      reportInputs.append(page)
    }
  }
  let reportPath = studyDir + "/report.html"
  let title = studyTitle(folder: studyDir, name: plan.config.name)
  try cache.step("report", inputs: reportInputs, settings: bootSettings + "|" + title, outputs: [reportPath], log: note) {
    let data = try loadStudyReport(at: studyDir, bootstrap: boot)
    try writeStudyReport(studyReportDocument(data, title: title), to: reportPath)
  }
  return StudyRun(folder: output, studyFolder: studyDir, report: reportPath, skipped: skipped)
}
