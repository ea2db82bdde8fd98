import ArgumentParser
import Foundation

/// `ecglens study CONFIG.json [--out DIR]`: the whole pipeline from one config file.
struct Study: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a whole study from a JSON config: ingest -> labels -> train -> evaluate -> compare -> report.",
    discussion: """
      Config keys (relative paths are relative to the config file; unknown keys are errors):
        output          study folder (default: beside the config, named after it); --out overrides
        source          {"kind": "muse"|"mimic"|"table", "file": PATH, "rename": {"OLD": "NEW"}}
                        table: a feature table already in ECGLens's schema
        labels          {"file": PATH} or {"categorical": [COL], "multi_valued": [COL],
                         "separator": " ", "ignore": [CATEGORY], "min_count": N}
        id_column, patient_column   default ecg_id, patient_id
        targets         "all" or [NAME, ...]
        features        [NAME, ...] (default: every numeric column)
        rfe, ablation   booleans (default true, true)
        min_positives   default 10
        split           {"folds": 20, "seed": 0}
        bootstrap       {"resamples": 1000, "unit": "patient"|"ecg", "seed": 0}
      Each step's inputs are hashed; a rerun skips steps whose inputs did not change \
      (.ecglens-cache.json in the output folder). Outputs: features.csv, labels.csv, study/ \
      (with evaluation, comparison and report.html).
      """)

  @Argument(help: "Study config (JSON).")
  var config: String

  @Option(help: "Output folder (overrides the config's).")
  var out: String?

  @Flag(help: "Recompute every step.")
  var force = false

  struct Source: Decodable { var kind: String; var file: String; var rename: [String: String]? }
  struct LabelSpec: Decodable {
    var file: String?
    var categorical: [String]?
    var multi_valued: [String]?
    var separator: String?
    var ignore: [String]?
    var min_count: Int?
  }
  struct Split: Decodable { var folds: Int?; var seed: UInt64? }
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
    "": ["output", "source", "labels", "id_column", "patient_column", "targets", "features", "rfe", "ablation", "min_positives", "split", "bootstrap"],
    "source": ["kind", "file", "rename"],
    "labels": ["file", "categorical", "multi_valued", "separator", "ignore", "min_count"],
    "split": ["folds", "seed"],
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
    let c: Config
    do { c = try JSONDecoder().decode(Config.self, from: bytes) } catch { throw CLIError("\(config): \(error)") }
    let base = configURL.deletingLastPathComponent()
    func resolve(_ p: String) -> String { p.hasPrefix("/") ? p : base.appendingPathComponent(p).standardizedFileURL.path }
    let output = out ?? resolve(c.output ?? configURL.deletingPathExtension().lastPathComponent)
    let sourceFile = resolve(c.source.file)
    guard ["muse", "mimic", "table"].contains(c.source.kind) else { throw CLIError("\(config): source.kind must be muse, mimic or table") }
    guard FileManager.default.fileExists(atPath: sourceFile) else { throw CLIError("\(config): source.file \(sourceFile) does not exist") }
    if let f = c.labels?.file, !FileManager.default.fileExists(atPath: resolve(f)) {
      throw CLIError("\(config): labels.file \(resolve(f)) does not exist")
    }
    if let u = c.bootstrap?.unit, !["patient", "ecg"].contains(u) { throw CLIError("\(config): bootstrap.unit must be patient or ecg") }
    try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)

    // Step cache: step name -> hash of its inputs.
    let cachePath = output + "/.ecglens-cache.json"
    var cache = (FileManager.default.contents(atPath: cachePath).flatMap { try? JSONDecoder().decode([String: String].self, from: $0) }) ?? [:]
    func step(_ name: String, inputs: [String], settings: String, outputs: [String], _ body: () throws -> Void) throws {
      var h = FNV1a()
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

    let features = output + "/features.csv"
    try step("ingest", inputs: [sourceFile], settings: "\(c.source.kind)|\((c.source.rename ?? [:]).sorted { $0.key < $1.key })", outputs: [features]) {
      if c.source.kind == "table" {
        try emit(String(decoding: FileManager.default.contents(atPath: sourceFile)!, as: UTF8.self), to: features)
      } else {
        try run(["ingest", c.source.kind, sourceFile, "--out", features] + (c.source.rename ?? [:]).sorted { $0.key < $1.key }.flatMap { ["--rename", "\($0.key)=\($0.value)"] })
      }
    }
    let id = c.id_column ?? "ecg_id", patient = c.patient_column ?? "patient_id"
    var labels: String? = nil
    if let spec = c.labels {
      if let file = spec.file {
        labels = resolve(file)
      } else {
        let path = output + "/labels.csv"
        labels = path
        var args = ["labels", features, "--id-column", id, "--min-count", String(spec.min_count ?? 100), "--out", path]
        for col in spec.categorical ?? [] { args += ["--categorical", col] }
        for col in spec.multi_valued ?? [] { args += ["--multi-valued", col] }
        if let s = spec.separator { args += ["--separator", s] }
        for i in spec.ignore ?? [] { args += ["--ignore", i] }
        try step("labels", inputs: [features], settings: args.dropFirst(2).joined(separator: "|"), outputs: [path]) { try run(args) }
      }
    }
    let studyDir = output + "/study"
    var train = ["train", "--table", features, "--id-column", id, "--patient-column", patient, "--out", studyDir, "--force"]
    if let labels { train += ["--labels", labels] }
    switch c.targets ?? .all {
    case .all: train += ["--targets", "all"]
    case .names(let n): train += ["--targets", n.joined(separator: ",")]
    }
    if let f = c.features { train += ["--features", f.joined(separator: ",")] }
    if c.rfe ?? true { train.append("--rfe") }
    if c.ablation ?? true { train.append("--ablation") }
    train += ["--min-positives", String(c.min_positives ?? 10), "--folds", String(c.split?.folds ?? 20), "--seed", String(c.split?.seed ?? 0)]
    try step("train", inputs: [features] + (labels.map { [$0] } ?? []), settings: train.joined(separator: "|"), outputs: [studyDir + "/study.json"]) {
      try run(train)
    }
    let boot = ["--bootstrap", String(c.bootstrap?.resamples ?? 1000), "--unit", c.bootstrap?.unit ?? "patient", "--seed", String(c.bootstrap?.seed ?? 0)]
    try step("evaluate", inputs: [studyDir + "/study.json"], settings: boot.joined(separator: "|"), outputs: [studyDir + "/evaluation.csv", studyDir + "/report.html"]) {
      try run(["evaluate", studyDir] + boot)
      if c.ablation ?? true {
        try run(["compare", studyDir, "--base", "demographics", "--new", "ecg+demographics", "--bootstrap", boot[1], "--unit", boot[3], "--seed", boot[5]])
      }
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
