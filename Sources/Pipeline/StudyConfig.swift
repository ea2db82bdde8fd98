import Foundation

/// A study config (`ecglens study CONFIG.json`): every key, its documentation and its bounds.
/// Relative paths are relative to the config file.
public struct StudyConfig: ConfigSection, Sendable {
  public var output: String?
  public var source: SourceConfig
  public var labels: LabelsConfig?
  public var idColumn = "ecg_id"
  public var patientColumn = "patient_id"
  /// nil: every label column.
  public var targets: [String]?
  public var features: [String]?
  public var rfe = true
  public var ablation = true
  public var minPositives = 10
  public var split = SplitConfig()
  public var bootstrap = BootstrapConfig()
  public var external: [ExternalConfig] = []
  public var explain: [ExplainConfig] = []

  enum Keys: String, CodingKey, CaseIterable {
    case output, source, labels, idColumn = "id_column", patientColumn = "patient_column", targets, features, rfe, ablation
    case minPositives = "min_positives", split, bootstrap, external, explain
  }

  static func documentation(_ key: Keys) -> String {
    switch key {
    case .output: return "study folder (default: beside the config, named after it); --out overrides"
    case .source: return "where the features come from (keys below)"
    case .labels: return "how targets are made (keys below)"
    case .idColumn: return "column identifying an ECG (default ecg_id)"
    case .patientColumn: return "column identifying the patient (default patient_id); patients never cross partitions"
    case .targets: return "\"all\" (default) or [NAME, ...]"
    case .features: return "[NAME, ...] (default: every numeric column; the feature catalogue for waveforms)"
    case .rfe: return "recursive feature elimination (default true)"
    case .ablation: return "train ecg, demographics and ecg+demographics variants and compare them (default true)"
    case .minPositives: return "minimum positives and negatives per partition, 1 to 1000000 (default 10)"
    case .split: return "how rows are split (keys below)"
    case .bootstrap: return "confidence intervals (keys below)"
    case .external: return "[{...}, ...]: external validation of every model on other cohorts (keys below)"
    case .explain: return "[RECORD | {\"record\": RECORD, \"age\": YEARS, \"sex\": \"male\"|\"female\"}, ...]: ECGs explained by every model"
    }
  }

  public init(from decoder: Decoder) throws {
    try Self.rejectUnknownKeys(decoder)
    let c = try decoder.container(keyedBy: Keys.self)
    output = try c.decodeIfPresent(String.self, forKey: .output)
    source = try c.decode(SourceConfig.self, forKey: .source)
    labels = try c.decodeIfPresent(LabelsConfig.self, forKey: .labels)
    idColumn = try c.decodeIfPresent(String.self, forKey: .idColumn) ?? idColumn
    patientColumn = try c.decodeIfPresent(String.self, forKey: .patientColumn) ?? patientColumn
    if let all = try? c.decode(String.self, forKey: .targets) {
      guard all == "all" else {
        throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [Keys.targets], debugDescription: "must be \"all\" or a list of names"))
      }
    } else {
      targets = try c.decodeIfPresent([String].self, forKey: .targets)
      if targets?.isEmpty == true {
        throw DecodingError.dataCorrupted(
          .init(codingPath: c.codingPath + [Keys.targets], debugDescription: "is empty: name at least one target, or \"all\""))
      }
    }
    features = try c.decodeIfPresent([String].self, forKey: .features)
    if features?.isEmpty == true {
      throw DecodingError.dataCorrupted(
        .init(codingPath: c.codingPath + [Keys.features], debugDescription: "is empty: name at least one feature, or leave the key out"))
    }
    rfe = try c.decodeIfPresent(Bool.self, forKey: .rfe) ?? rfe
    ablation = try c.decodeIfPresent(Bool.self, forKey: .ablation) ?? ablation
    minPositives = try c.integer(.minPositives, in: 1...1_000_000) ?? minPositives
    split = try c.decodeIfPresent(SplitConfig.self, forKey: .split) ?? split
    bootstrap = try c.decodeIfPresent(BootstrapConfig.self, forKey: .bootstrap) ?? bootstrap
    external = try c.decodeIfPresent([ExternalConfig].self, forKey: .external) ?? []
    explain = try c.decodeIfPresent([ExplainConfig].self, forKey: .explain) ?? []
  }

  /// The documented key list of every section, as `ecglens study --help` prints it.
  public static var documentationText: String {
    var lines = ["Config keys (relative paths are relative to the config file; unknown keys are errors):"]
    lines += documentationLines()
    lines.append("source:"); lines += SourceConfig.documentationLines()
    lines.append("source.metadata (waveform sources):"); lines += MetadataConfig.documentationLines()
    lines.append("labels:"); lines += LabelsConfig.documentationLines()
    lines.append("split:"); lines += SplitConfig.documentationLines()
    lines.append("bootstrap:"); lines += BootstrapConfig.documentationLines()
    lines.append("external[]:"); lines += ExternalConfig.documentationLines()
    lines.append("explain[] (as an object):"); lines += ExplainConfig.documentationLines()
    return lines.joined(separator: "\n")
  }
}

/// Where a cohort's features come from.
public struct SourceConfig: ConfigSection, Sendable {
  public enum Kind: String, Sendable, CaseIterable { case muse, mimic, table, wfdb }
  public var kind: Kind
  public var file: String?
  public var rename: [String: String] = [:]
  public var paths: [String] = []
  public var metadata: MetadataConfig?

  enum Keys: String, CodingKey, CaseIterable { case kind, file, rename, paths, metadata }

  static func documentation(_ key: Keys) -> String {
    switch key {
    case .kind: return "muse | mimic (machine measurements, ecglens ingest), table (a table in ECGLens's schema) or wfdb (waveforms, ecglens extract)"
    case .file: return "the table (muse, mimic, table)"
    case .rename: return "{\"OLD\": \"NEW\"}: columns renamed after ingest"
    case .paths: return "[RECORD|FOLDER|LIST, ...] (wfdb)"
    case .metadata: return "a per-record table joined on the record name (wfdb; keys below)"
    }
  }

  public init(from decoder: Decoder) throws {
    try Self.rejectUnknownKeys(decoder)
    let c = try decoder.container(keyedBy: Keys.self)
    guard let k = try c.choice(.kind, Kind.allCases.map(\.rawValue)) else {
      throw DecodingError.keyNotFound(Keys.kind, .init(codingPath: c.codingPath, debugDescription: ""))
    }
    kind = Kind(rawValue: k)!
    file = try c.decodeIfPresent(String.self, forKey: .file)
    rename = try c.decodeIfPresent([String: String].self, forKey: .rename) ?? [:]
    paths = try c.decodeIfPresent([String].self, forKey: .paths) ?? []
    metadata = try c.decodeIfPresent(MetadataConfig.self, forKey: .metadata)
    let path = c.codingPath
    if kind == .wfdb && paths.isEmpty {
      throw DecodingError.keyNotFound(Keys.paths, .init(codingPath: path, debugDescription: "records, folders or record lists"))
    }
    if kind != .wfdb && file == nil { throw DecodingError.keyNotFound(Keys.file, .init(codingPath: path, debugDescription: "")) }
  }
}

/// A per-record metadata table joined to extracted features (`MetadataJoin`).
public struct MetadataConfig: ConfigSection, Sendable {
  public var file: String
  public var recordColumn: String
  public var ageColumn: String?
  public var sexColumn: String?
  public var maleValue: String?
  public var columns: [String] = []

  enum Keys: String, CodingKey, CaseIterable {
    case file, recordColumn = "record_column", ageColumn = "age_column", sexColumn = "sex_column", maleValue = "male_value", columns
  }

  static func documentation(_ key: Keys) -> String {
    switch key {
    case .file: return "CSV with one row per record"
    case .recordColumn: return "its column naming the record (a name, or a path whose last part is the name)"
    case .ageColumn: return "age in years, copied to age_years"
    case .sexColumn: return "sex, copied to sex_male (1 where it equals male_value)"
    case .maleValue: return "the sex column's value for male (default \"male\")"
    case .columns: return "[C, ...]: other columns carried over (patient ids, label sources, folds)"
    }
  }

  public init(from decoder: Decoder) throws {
    try Self.rejectUnknownKeys(decoder)
    let c = try decoder.container(keyedBy: Keys.self)
    file = try c.decode(String.self, forKey: .file)
    recordColumn = try c.decode(String.self, forKey: .recordColumn)
    ageColumn = try c.decodeIfPresent(String.self, forKey: .ageColumn)
    sexColumn = try c.decodeIfPresent(String.self, forKey: .sexColumn)
    maleValue = try c.decodeIfPresent(String.self, forKey: .maleValue)
    columns = try c.decodeIfPresent([String].self, forKey: .columns) ?? []
  }
}

/// How targets are made: a label table, or categories and statements of the feature table.
public struct LabelsConfig: ConfigSection, Sendable {
  public var file: String?
  public var spec = LabelSpec()

  enum Keys: String, CodingKey, CaseIterable {
    case file, categorical, multiValued = "multi_valued", separator, ignore, minCount = "min_count"
    case scpCodes = "scp_codes", scpStatements = "scp_statements", minLikelihood = "min_likelihood"
  }

  static func documentation(_ key: Keys) -> String {
    switch key {
    case .file: return "a label table (0/1 columns) joined on the id column, instead of the keys below"
    case .categorical: return "[COL, ...]: one target per frequent category"
    case .multiValued: return "[COL, ...]: several categories per cell"
    case .separator: return "separator of multi-valued cells: one character or \"newline\" (default \" \")"
    case .ignore: return "[CATEGORY, ...] that are not targets"
    case .minCount: return "minimum rows per category, 1 to 10000000 (default 100)"
    case .scpCodes: return "PTB-XL: the column of SCP codes with likelihoods"
    case .scpStatements: return "PTB-XL: scp_statements.csv"
    case .minLikelihood: return "PTB-XL: minimum likelihood, 0 to 100 (default 0)"
    }
  }

  public init(from decoder: Decoder) throws {
    try Self.rejectUnknownKeys(decoder)
    let c = try decoder.container(keyedBy: Keys.self)
    file = try c.decodeIfPresent(String.self, forKey: .file)
    spec.categorical = try c.decodeIfPresent([String].self, forKey: .categorical) ?? []
    spec.multiValued = try c.decodeIfPresent([String].self, forKey: .multiValued) ?? []
    if let s = try c.decodeIfPresent(String.self, forKey: .separator) {
      guard s == "newline" || s.count == 1 else {
        throw DecodingError.dataCorrupted(
          .init(codingPath: c.codingPath + [Keys.separator], debugDescription: "must be one character or \"newline\""))
      }
      spec.separator = s == "newline" ? "\n" : s.first!
    }
    spec.ignore = try c.decodeIfPresent([String].self, forKey: .ignore) ?? []
    spec.minCount = try c.integer(.minCount, in: 1...10_000_000) ?? spec.minCount
    spec.scpCodes = try c.decodeIfPresent(String.self, forKey: .scpCodes)
    spec.scpStatements = try c.decodeIfPresent(String.self, forKey: .scpStatements)
    spec.minLikelihood = try c.number(.minLikelihood, in: 0...100) ?? spec.minLikelihood
    if spec.scpCodes != nil && spec.scpStatements == nil {
      throw DecodingError.keyNotFound(Keys.scpStatements, .init(codingPath: c.codingPath, debugDescription: ""))
    }
  }
}

/// How rows are split into train, validation and test.
public struct SplitConfig: ConfigSection, Sendable {
  public var folds = 20
  public var seed: UInt64 = 0
  public var foldColumn: String?
  public var validationFolds: [Int] = []
  public var testFolds: [Int] = []

  enum Keys: String, CodingKey, CaseIterable {
    case folds, seed, foldColumn = "fold_column", validationFolds = "validation_folds", testFolds = "test_folds"
  }

  static func documentation(_ key: Keys) -> String {
    switch key {
    case .folds: return "patient-grouped stratified folds, 3 to 1000 (default 20: the last two are validation and test)"
    case .seed: return "seed of the split, 0 to 2^53 (default 0)"
    case .foldColumn: return "a given fold column (PTB-XL strat_fold) instead of computed folds"
    case .validationFolds: return "with fold_column: [FOLD, ...] for validation"
    case .testFolds: return "with fold_column: [FOLD, ...] for test"
    }
  }

  init() {}

  public init(from decoder: Decoder) throws {
    try Self.rejectUnknownKeys(decoder)
    let c = try decoder.container(keyedBy: Keys.self)
    folds = try c.integer(.folds, in: 3...1000) ?? folds
    seed = UInt64(try c.integer(.seed, in: 0...(1 << 53)) ?? 0)
    foldColumn = try c.decodeIfPresent(String.self, forKey: .foldColumn)
    validationFolds = try c.decodeIfPresent([Int].self, forKey: .validationFolds) ?? []
    testFolds = try c.decodeIfPresent([Int].self, forKey: .testFolds) ?? []
    if foldColumn != nil {
      if validationFolds.isEmpty { throw DecodingError.keyNotFound(Keys.validationFolds, .init(codingPath: c.codingPath, debugDescription: "")) }
      if testFolds.isEmpty { throw DecodingError.keyNotFound(Keys.testFolds, .init(codingPath: c.codingPath, debugDescription: "")) }
    }
  }
}

/// Confidence intervals.
public struct BootstrapConfig: ConfigSection, Sendable {
  public var resamples = 1000
  public var unit = "patient"
  public var seed: UInt64 = 0

  enum Keys: String, CodingKey, CaseIterable { case resamples, unit, seed }

  static func documentation(_ key: Keys) -> String {
    switch key {
    case .resamples: return "bootstrap resamples, 100 to 100000 (default 1000)"
    case .unit: return "\"patient\" (default: a patient's ECGs stay together) or \"ecg\""
    case .seed: return "seed of the bootstrap, 0 to 2^53 (default 0)"
    }
  }

  init() {}

  public init(from decoder: Decoder) throws {
    try Self.rejectUnknownKeys(decoder)
    let c = try decoder.container(keyedBy: Keys.self)
    resamples = try c.integer(.resamples, in: 100...100_000) ?? resamples
    unit = try c.choice(.unit, ["patient", "ecg"]) ?? unit
    seed = UInt64(try c.integer(.seed, in: 0...(1 << 53)) ?? 0)
  }
}

/// An external cohort every model is validated on.
public struct ExternalConfig: ConfigSection, Sendable {
  public var name: String
  public var source: SourceConfig
  public var labels: LabelsConfig?
  /// Study target -> external label column.
  public var targets: [String: String] = [:]
  public var missingFeatures = MissingFeaturePolicy.error

  enum Keys: String, CodingKey, CaseIterable { case name, source, labels, targets, missingFeatures = "missing_features" }

  static func documentation(_ key: Keys) -> String {
    switch key {
    case .name: return "name of the cohort (output files external-NAME.*)"
    case .source: return "as source"
    case .labels: return "as labels"
    case .targets: return "{\"TARGET\": \"COLUMN\"}: external label columns named differently"
    case .missingFeatures: return "\"error\" (default) or \"nan\": features the cohort lacks fed as missing"
    }
  }

  public init(from decoder: Decoder) throws {
    try Self.rejectUnknownKeys(decoder)
    let c = try decoder.container(keyedBy: Keys.self)
    name = try c.decode(String.self, forKey: .name)
    source = try c.decode(SourceConfig.self, forKey: .source)
    labels = try c.decodeIfPresent(LabelsConfig.self, forKey: .labels)
    targets = try c.decodeIfPresent([String: String].self, forKey: .targets) ?? [:]
    missingFeatures = MissingFeaturePolicy(rawValue: try c.choice(.missingFeatures, ["error", "nan"]) ?? "error")!
  }
}

/// An ECG explained by every model: a record path, or an object with age and sex for records
/// whose header does not state them.
public struct ExplainConfig: ConfigSection, Sendable {
  public var record: String
  public var age: Double?
  public var sexMale: Int?

  enum Keys: String, CodingKey, CaseIterable { case record, age, sex }

  static func documentation(_ key: Keys) -> String {
    switch key {
    case .record: return "the record"
    case .age: return "age in years, 0 to 130, where the header lacks it"
    case .sex: return "\"male\" or \"female\", where the header lacks it"
    }
  }

  public init(from decoder: Decoder) throws {
    if let s = try? decoder.singleValueContainer().decode(String.self) { record = s; return }
    try Self.rejectUnknownKeys(decoder)
    let c = try decoder.container(keyedBy: Keys.self)
    record = try c.decode(String.self, forKey: .record)
    age = try c.number(.age, in: 0...130)
    sexMale = try c.choice(.sex, ["male", "female"]).map { $0 == "male" ? 1 : 0 }
  }
}
