import ArgumentParser
import Foundation
import Measurements
import Modelling
import Tables

/// `ecglens study CONFIG.json [--out DIR]`: the whole pipeline from one config file.
struct Study: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a whole study from a JSON config: ingest -> labels -> train -> evaluate -> compare -> report.",
    discussion: """
      Config keys (relative paths are relative to the config file; unknown keys are errors):
        output          study folder (default: beside the config, named after it); --out overrides
        source          {"kind": "muse"|"mimic"|"table", "file": PATH, "rename": {"OLD": "NEW"}}
                        table: a feature table already in ECGLens's schema
                        or {"kind": "wfdb", "paths": [RECORD|FOLDER|LIST, ...], "metadata":
                         {"file": CSV, "record_column": C, "age_column": C, "sex_column": C,
                          "male_value": V, "columns": [C, ...]}}: ecglens extract, joined on the record
                         name with the listed metadata columns (patient ids, label sources,
                         folds); features default to the feature catalogue
        labels          {"file": PATH} or {"categorical": [COL], "multi_valued": [COL],
                         "separator": " ", "ignore": [CATEGORY], "min_count": N,
                         "scp_codes": COL, "scp_statements": CSV, "min_likelihood": L}
        id_column, patient_column   default ecg_id, patient_id
        targets         "all" or [NAME, ...]
        features        [NAME, ...] (default: every numeric column)
        rfe, ablation   booleans (default true, true)
        min_positives   default 10
        split           {"folds": 20, "seed": 0} or {"fold_column": C, "validation_folds": [9],
                         "test_folds": [10]}
        bootstrap       {"resamples": 1000, "unit": "patient"|"ecg", "seed": 0}
        external        [{"name": N, "source": {as source}, "labels": {as labels},
                          "targets": {"TARGET": "COLUMN"}, "missing_features": "error"|"nan"}]
                        external validation of every model on another cohort
        explain         [RECORD | {"record": RECORD, "age": YEARS, "sex": "male"|"female"}, ...]
                        WFDB records explained by every model (ecglens explain); age and sex
                        where the header lacks them; pages in study/explanations/, in the report
      Each step's inputs and the ecglens build that ran it are hashed; a rerun skips steps \
      whose inputs did not change and that this same build ran (.ecglens-cache.json in the \
      output folder). Outputs: features.csv, labels.csv, study/ \
      (with evaluation, comparison and report.html).
      """)

  @Argument(help: "Study config (JSON).")
  var config: String

  @Option(help: "Output folder (overrides the config's).")
  var out: String?

  @Flag(help: "Recompute every step.")
  var force = false

  struct Source: Decodable {
    var kind: String
    var file: String?
    var rename: [String: String]?
    var paths: [String]?
    var metadata: Metadata?
  }
  struct Metadata: Decodable {
    var file: String
    var record_column: String
    var age_column: String?
    var sex_column: String?
    var male_value: String?
    var columns: [String]?
  }
  struct LabelSpec: Decodable {
    var file: String?
    var categorical: [String]?
    var multi_valued: [String]?
    var separator: String?
    var ignore: [String]?
    var min_count: Int?
    var scp_codes: String?
    var scp_statements: String?
    var min_likelihood: Double?
  }
  struct Split: Decodable {
    var folds: Int?
    var seed: UInt64?
    var fold_column: String?
    var validation_folds: [Int]?
    var test_folds: [Int]?
  }
  struct Boot: Decodable { var resamples: Int?; var unit: String?; var seed: UInt64? }
  struct Config: Decodable {
    var output: String?
    var source: Source
    var labels: LabelSpec?
    var id_column: String?
    var patient_column: String?
    var targets: Targets?
    var features: [String]?
    var rfe: Bool?
    var ablation: Bool?
    var min_positives: Int?
    var split: Split?
    var bootstrap: Boot?
    var external: [External]?
    var explain: [ExplainItem]?
  }
  /// A record to explain: its path, or {"record": PATH, "age": YEARS, "sex": "male"|"female"}
  /// for records whose header does not state them.
  struct ExplainItem: Decodable {
    var record: String
    var age: Double?
    var sex: String?
    enum Keys: String, CodingKey { case record, age, sex }
    init(from decoder: Decoder) throws {
      if let s = try? decoder.singleValueContainer().decode(String.self) { record = s; return }
      let c = try decoder.container(keyedBy: Keys.self)
      record = try c.decode(String.self, forKey: .record)
      age = try c.decodeIfPresent(Double.self, forKey: .age)
      sex = try c.decodeIfPresent(String.self, forKey: .sex)
    }
  }
  struct External: Decodable {
    var name: String
    var source: Source
    var labels: LabelSpec?
    var targets: [String: String]?
    var missing_features: String?
  }
  enum Targets: Decodable {
    case all, names([String])
    init(from decoder: Decoder) throws {
      let c = try decoder.singleValueContainer()
      if let s = try? c.decode(String.self), s == "all" { self = .all; return }
      self = .names(try c.decode([String].self))
    }
  }

  static let knownKeys: [String: Set<String>] = [
    "": ["output", "source", "labels", "id_column", "patient_column", "targets", "features", "rfe", "ablation", "min_positives", "split", "bootstrap", "external", "explain"],
    "source": ["kind", "file", "rename", "paths", "metadata"],
    "labels": ["file", "categorical", "multi_valued", "separator", "ignore", "min_count", "scp_codes", "scp_statements", "min_likelihood"],
    "split": ["folds", "seed", "fold_column", "validation_folds", "test_folds"],
    "bootstrap": ["resamples", "unit", "seed"],
  ]

  func run() throws {
    let configURL = URL(fileURLWithPath: config).standardizedFileURL
    guard let bytes = FileManager.default.contents(atPath: configURL.path) else { throw CLIError("\(config): no such file") }
    guard let raw = (try? JSONSerialization.jsonObject(with: bytes)) as? [String: Any] else {
      throw CLIError("\(config): not a JSON object")
    }
    for (section, allowed) in Study.knownKeys {
      let object = section.isEmpty ? raw : raw[section] as? [String: Any]
      for key in (object?.keys).map(Array.init) ?? [] where !allowed.contains(key) {
        throw CLIError("\(config): unknown key \"\(section.isEmpty ? key : section + "." + key)\" (allowed: \(allowed.sorted().joined(separator: ", ")))")
      }
    }
    let metadataKeys: Set<String> = ["file", "record_column", "age_column", "sex_column", "male_value", "columns"]
    let metadataObject = (raw["source"] as? [String: Any])?["metadata"] as? [String: Any] ?? [:]
    for key in metadataObject.keys where !metadataKeys.contains(key) {
      throw CLIError("\(config): unknown key \"source.metadata.\(key)\" (allowed: \(metadataKeys.sorted().joined(separator: ", ")))")
    }
    let externalKeys: Set<String> = ["name", "source", "labels", "targets", "missing_features"]
    for (k, e) in ((raw["external"] as? [[String: Any]]) ?? []).enumerated() {
      for key in e.keys where !externalKeys.contains(key) {
        throw CLIError("\(config): unknown key \"external[\(k)].\(key)\" (allowed: \(externalKeys.sorted().joined(separator: ", ")))")
      }
    }
    let c: Config
    do { c = try JSONDecoder().decode(Config.self, from: bytes) } catch { throw CLIError("\(config): \(error)") }
    let base = configURL.deletingLastPathComponent()
    func resolve(_ p: String) -> String { p.hasPrefix("/") ? p : base.appendingPathComponent(p).standardizedFileURL.path }
    let output = out ?? resolve(c.output ?? configURL.deletingPathExtension().lastPathComponent)
    func check(_ source: Source, _ label: String) throws {
      switch source.kind {
      case "muse", "mimic", "table":
        guard let file = source.file else { throw CLIError("\(config): \(label).file is missing") }
        guard FileManager.default.fileExists(atPath: resolve(file)) else { throw CLIError("\(config): \(label).file \(resolve(file)) does not exist") }
      case "wfdb":
        guard let paths = source.paths, !paths.isEmpty else { throw CLIError("\(config): \(label).paths is missing (records, folders or record lists)") }
        for p in paths where !FileManager.default.fileExists(atPath: resolve(p)) && !FileManager.default.fileExists(atPath: resolve(p) + ".hea") {
          throw CLIError("\(config): \(label).paths: \(resolve(p)) does not exist")
        }
        if let m = source.metadata, !FileManager.default.fileExists(atPath: resolve(m.file)) {
          throw CLIError("\(config): \(label).metadata.file \(resolve(m.file)) does not exist")
        }
      default:
        throw CLIError("\(config): \(label).kind must be muse, mimic, table or wfdb")
      }
    }
    try check(c.source, "source")
    if let f = c.labels?.scp_statements, !FileManager.default.fileExists(atPath: resolve(f)) {
      throw CLIError("\(config): labels.scp_statements \(resolve(f)) does not exist")
    }
    if let f = c.labels?.file, !FileManager.default.fileExists(atPath: resolve(f)) {
      throw CLIError("\(config): labels.file \(resolve(f)) does not exist")
    }
    if let u = c.bootstrap?.unit, !["patient", "ecg"].contains(u) { throw CLIError("\(config): bootstrap.unit must be patient or ecg") }
    for e in c.external ?? [] {
      try check(e.source, "external \(e.name): source")
      if let f = e.labels?.file, !FileManager.default.fileExists(atPath: resolve(f)) {
        throw CLIError("\(config): external \(e.name): labels.file \(resolve(f)) does not exist")
      }
      if let m = e.missing_features, !["error", "nan"].contains(m) { throw CLIError("\(config): external \(e.name): missing_features must be error or nan") }
    }
    let explainItems = (c.explain ?? []).map { item -> ExplainItem in var i = item; i.record = resolve(i.record); return i }
    for item in explainItems {
      guard FileManager.default.fileExists(atPath: item.record + ".hea") else {
        throw CLIError("\(config): explain: no WFDB record \(item.record) (no \(item.record).hea)")
      }
      if let sex = item.sex, !["male", "female"].contains(sex) { throw CLIError("\(config): explain \(item.record): sex must be male or female") }
    }
    try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)

    // Step cache: step name -> hash of its inputs.
    let cachePath = output + "/.ecglens-cache.json"
    var cache = (FileManager.default.contents(atPath: cachePath).flatMap { try? JSONDecoder().decode([String: String].self, from: $0) }) ?? [:]
    let build = programBuild()
    func step(_ name: String, inputs: [String], settings: String, outputs: [String], _ body: () throws -> Void) throws {
      var h = FNV1a()
      h.add(build)
      h.add(settings)
      for file in inputs {
        guard let d = FileManager.default.contents(atPath: file) else { throw CLIError("\(name): cannot read \(file)") }
        h.add(d)
      }
      let key = String(h.value, radix: 16)
      if !force, cache[name] == key, outputs.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) {
        warn("[\(name)] unchanged, kept")
        return
      }
      warn("[\(name)] running")
      try body()
      cache[name] = key
      try emit(String(decoding: try JSONEncoder().encode(cache), as: UTF8.self), to: cachePath)
    }
    func run(_ args: [String]) throws {
      var command = try ECGLens.parseAsRoot(args)
      try command.run()
    }

    let id = c.id_column ?? "ecg_id", patient = c.patient_column ?? "patient_id"
    /// WFDB records -> `ecglens extract` -> joined with the metadata table, plus the harmonised
    /// machine-measurement columns (`machineMeasurementEquivalents`) -> `features`.
    /// Headers are hashed by content, signal files by size and modification time (hashing every
    /// signal byte of a large archive would cost more than extracting it).
    func extractWaveforms(_ stepName: String, source: Source, features: String) throws {
      let records = try discoverRecords((source.paths ?? []).map(resolve))
      let extracted = URL(fileURLWithPath: features).deletingPathExtension().path + "-extracted.csv"
      var stamp = ""
      for r in records {
        let a = try? FileManager.default.attributesOfItem(atPath: r + ".dat")
        stamp += "\(r)|\((a?[.size] as? Int) ?? -1)|\((a?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)\n"
      }
      try step(stepName + "extract", inputs: records.map { $0 + ".hea" }, settings: stamp, outputs: [extracted]) {
        try run(["extract"] + (source.paths ?? []).map(resolve) + ["--out", extracted, "--force"])
      }
      let m = source.metadata
      try step(stepName + "join", inputs: [extracted] + (m.map { [resolve($0.file)] } ?? []),
        settings: "\(m?.record_column ?? "")|\(m?.age_column ?? "")|\(m?.sex_column ?? "")|\(m?.male_value ?? "")|\((m?.columns ?? []).joined(separator: ","))", outputs: [features]) {
        var table = try readCSV(at: extracted, options: CSVReadOptions(textColumns: ["ecg_id"]))
        if let m {
          let (joined, unmatched) = try joinMetadata(features: table, MetadataJoin(file: resolve(m.file), recordColumn: m.record_column,
            ageColumn: m.age_column, sexColumn: m.sex_column, maleValue: m.male_value, columns: m.columns ?? []))
          if unmatched > 0 { warn("[\(stepName)join] \(unmatched) extracted records have no metadata row; left out") }
          guard joined.rowCount > 0 else { throw CLIError("\(resolve(m.file)): no extracted record matches its \(m.record_column) column") }
          table = joined
        }
        // The harmonised machine-measurement columns too, for models trained on ingested tables.
        try addMachineEquivalents(&table)
        try writeCSV(table, to: features)
      }
    }
    /// ingest (or copy) a source into `features`, then build its labels when a spec is given.
    func prepare(_ stepName: String, source: Source, labelSpec: LabelSpec?, features: String, labelsPath: String) throws -> String? {
      if source.kind == "wfdb" {
        try extractWaveforms(stepName, source: source, features: features)
      } else {
        let sourceFile = resolve(source.file!)  // checked by `check` before any work
        let renames = (source.rename ?? [:]).sorted { $0.key < $1.key }
        try step(stepName + "ingest", inputs: [sourceFile], settings: "\(source.kind)|\(renames)", outputs: [features]) {
          if source.kind == "table" {
            try emit(String(decoding: FileManager.default.contents(atPath: sourceFile)!, as: UTF8.self), to: features)
          } else {
            try run(["ingest", source.kind, sourceFile, "--out", features] + renames.flatMap { ["--rename", "\($0.key)=\($0.value)"] })
          }
        }
      }
      guard let spec = labelSpec else { return nil }
      if let file = spec.file { return resolve(file) }
      var args = ["labels", features, "--id-column", id, "--min-count", String(spec.min_count ?? 100), "--out", labelsPath]
      for col in spec.categorical ?? [] { args += ["--categorical", col] }
      for col in spec.multi_valued ?? [] { args += ["--multi-valued", col] }
      if let s = spec.separator { args += ["--separator", s] }
      for i in spec.ignore ?? [] { args += ["--ignore", i] }
      if let c = spec.scp_codes { args += ["--scp-codes", c] }
      if let f = spec.scp_statements { args += ["--scp-statements", resolve(f)] }
      if let l = spec.min_likelihood { args += ["--min-likelihood", String(l)] }
      try step(stepName + "labels", inputs: [features], settings: args.dropFirst(2).joined(separator: "|"), outputs: [labelsPath]) { try run(args) }
      return labelsPath
    }
    let features = output + "/features.csv"
    let labels = try prepare("", source: c.source, labelSpec: c.labels, features: features, labelsPath: output + "/labels.csv")
    let studyDir = output + "/study"
    var train = ["train", "--table", features, "--id-column", id, "--patient-column", patient, "--out", studyDir, "--force"]
    if let labels { train += ["--labels", labels] }
    switch c.targets ?? .all {
    case .all: train += ["--targets", "all"]
    case .names(let n): train += ["--targets", n.joined(separator: ",")]
    }
    if let f = c.features {
      train += ["--features", f.joined(separator: ",")]
    } else if c.source.kind == "wfdb" {
      train += ["--features", featureCatalogue.map(\.name).joined(separator: ",")]
    }
    if c.rfe ?? true { train.append("--rfe") }
    if c.ablation ?? true { train.append("--ablation") }
    train += ["--min-positives", String(c.min_positives ?? 10)]
    if let column = c.split?.fold_column {
      guard let v = c.split?.validation_folds, let t = c.split?.test_folds else {
        throw CLIError("\(config): split.fold_column needs validation_folds and test_folds")
      }
      train += ["--fold-column", column, "--validation-folds", v.map(String.init).joined(separator: ","), "--test-folds", t.map(String.init).joined(separator: ",")]
    } else {
      train += ["--folds", String(c.split?.folds ?? 20), "--seed", String(c.split?.seed ?? 0)]
    }
    // A study folder in an older format is retrained, not reused.
    try step("train", inputs: [features] + (labels.map { [$0] } ?? []),
      settings: train.joined(separator: "|") + "|format \(StudySummary.currentFormatVersion)", outputs: [studyDir + "/study.json"]) {
      try run(train)
    }
    let boot = ["--bootstrap", String(c.bootstrap?.resamples ?? 1000), "--unit", c.bootstrap?.unit ?? "patient", "--seed", String(c.bootstrap?.seed ?? 0)]
    try step("evaluate", inputs: [studyDir + "/study.json"], settings: boot.joined(separator: "|"), outputs: [studyDir + "/evaluation.csv"]) {
      try run(["evaluate", studyDir] + boot)
      if c.ablation ?? true {
        try run(["compare", studyDir, "--base", "demographics", "--new", "ecg+demographics", "--bootstrap", boot[1], "--unit", boot[3], "--seed", boot[5]])
      }
    }
    var reportInputs = [studyDir + "/study.json", studyDir + "/evaluation.csv"]
    for e in c.external ?? [] {
      let folder = output + "/external-" + e.name
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      let extLabels = try prepare("external \(e.name) ", source: e.source, labelSpec: e.labels, features: folder + "/features.csv", labelsPath: folder + "/labels.csv")
      var args = ["validate-external", studyDir, "--table", folder + "/features.csv", "--name", e.name,
        "--missing-features", e.missing_features ?? "error"] + boot
      if let extLabels { args += ["--labels", extLabels] }
      for (t, col) in (e.targets ?? [:]).sorted(by: { $0.key < $1.key }) { args += ["--target", "\(t)=\(col)"] }
      let result = studyDir + "/external-\(e.name).csv"
      try step("external \(e.name)", inputs: [studyDir + "/study.json", folder + "/features.csv"] + (extLabels.map { [$0] } ?? []),
        settings: args.dropFirst(2).joined(separator: "|"), outputs: [result]) { try run(args) }
      reportInputs.append(result)
    }
    if !explainItems.isEmpty {
      let folder = studyDir + "/explanations"
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      for item in explainItems {
        let record = item.record
        var demographics: [String] = []
        if let age = item.age { demographics += ["--age", String(age)] }
        if let sex = item.sex { demographics += ["--sex", sex] }
        let name = URL(fileURLWithPath: record).lastPathComponent
        let page = folder + "/\(name).json"
        let signalFiles = ((try? FileManager.default.contentsOfDirectory(atPath: URL(fileURLWithPath: record).deletingLastPathComponent().path)) ?? [])
          .filter { $0.hasPrefix(name + ".") && $0.hasSuffix(".dat") }.map { URL(fileURLWithPath: record).deletingLastPathComponent().path + "/" + $0 }
        try step("explain \(name)", inputs: [studyDir + "/study.json", record + ".hea"] + signalFiles, settings: ([record] + demographics).joined(separator: "|"), outputs: [page, folder + "/\(name).html"]) {
          try run(["explain", record, "--study", studyDir, "--out", folder + "/\(name).html", "--json", page, "--quiet"] + demographics)
        }
        reportInputs.append(page)
      }
    }
    try step("report", inputs: reportInputs, settings: boot.joined(separator: "|"), outputs: [studyDir + "/report.html"]) {
      try run(["report", studyDir] + boot)
    }
    print("study: \(studyDir)\nreport: \(studyDir)/report.html")
  }
}

/// FNV-1a, 64-bit: a fast content hash for the step cache (not for security).
struct FNV1a {
  var value: UInt64 = 0xcbf2_9ce4_8422_2325
  mutating func add(_ data: Data) { for b in data { value = (value ^ UInt64(b)) &* 0x100_0000_01b3 } }
  mutating func add(_ s: String) { add(Data(s.utf8)); add(Data([0])) }
}

/// The running ecglens build, for the study cache: its version and its executable's path, size
/// and modification time. A step's results depend on the code that made them (a delineation
/// rule, a model default), so a rebuilt ecglens reruns every step instead of keeping results of
/// another build; rebuilding the same code reruns them too, which costs time, not correctness.
func programBuild() -> String {
  let version = ECGLens.configuration.version
  guard let path = Bundle.main.executablePath,
    let a = try? FileManager.default.attributesOfItem(atPath: path)
  else { return version + "|unknown executable" }
  return "\(version)|\(path)|\((a[.size] as? Int) ?? -1)|\((a[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
}
