import Foundation
import Modelling

/// A study config (`ecglens study CONFIG.json`): every key, its documentation and its bounds.
/// Relative paths are relative to the config file.
public struct StudyConfig: ConfigSection, Sendable {
  /// The study's name: the report's title.
  public var name: String?
  public var output: String?
  public var source: SourceConfig
  public var labels: LabelsConfig?
  public var idColumn = "ecg_id"
  public var patientColumn = "patient_id"
  /// nil: every label column.
  public var targets: [String]?
  public var features: [String]?
  public var rfe = true
  /// Learners every variant is fitted with (`TrainingRequest.learners`).
  public var learners: [Learner] = [.trees]
  public var ablation = true
  public var minPositives = 10
  public var split = SplitConfig()
  public var bootstrap = BootstrapConfig()
  public var external: [ExternalConfig] = []
  public var explain: [ExplainConfig] = []
  public var fusion: FusionConfig?

  enum Keys: String, CodingKey, CaseIterable {
    case name, output, source, labels, idColumn = "id_column", patientColumn = "patient_column", targets, features, rfe, learners
    case ablation, minPositives = "min_positives", split, bootstrap, external, explain, fusion
  }

  static func documentation(_ key: Keys) -> String {
    switch key {
    case .name: return "the study's name, the report's title (default: the output folder's name)"
    case .output: return "study folder (default: beside the config, named after it); --out overrides"
    case .source: return "where the features come from (keys below)"
    case .labels: return "how targets are made (keys below)"
    case .idColumn: return "column identifying an ECG (default ecg_id)"
    case .patientColumn: return "column identifying the patient (default patient_id); patients never cross partitions"
    case .targets: return "\"all\" (default) or [NAME, ...]"
    case .features: return "[NAME, ...] (default: every numeric column; the feature catalogue for waveforms)"
    case .rfe: return "recursive feature elimination (default true; trees only)"
    case .learners:
      return
        "[\"trees\"] (default), [\"linear\"] or both: the linear probe (L2 logistic regression on standardised features, C chosen on validation) trains every variant again as NAME+linear"
    case .ablation: return "train ecg, demographics and ecg+demographics variants and compare them (default true)"
    case .minPositives: return "minimum positives and negatives per partition, 1 to 1000000 (default 10)"
    case .split: return "how rows are split (keys below)"
    case .bootstrap: return "confidence intervals (keys below)"
    case .external: return "[{...}, ...]: external validation of every model on other cohorts (keys below)"
    case .explain: return "[RECORD | {\"record\": RECORD, \"age\": YEARS, \"sex\": \"male\"|\"female\"}, ...]: ECGs explained by every model"
    case .fusion: return "feature groups (ECG, demographics, risk factors) trained alone, together and late-fused, compared (keys below)"
    }
  }

  public init(from decoder: Decoder) throws {
    try Self.rejectUnknownKeys(decoder)
    let c = try decoder.container(keyedBy: Keys.self)
    name = try c.decodeIfPresent(String.self, forKey: .name)
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
    learners = try c.decodeIfPresent([Learner].self, forKey: .learners) ?? learners
    guard !learners.isEmpty, Set(learners).count == learners.count else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: c.codingPath + [Keys.learners], debugDescription: "needs \"trees\", \"linear\" or both, each once"))
    }
    ablation = try c.decodeIfPresent(Bool.self, forKey: .ablation) ?? ablation
    minPositives = try c.integer(.minPositives, in: 1...1_000_000) ?? minPositives
    split = try c.decodeIfPresent(SplitConfig.self, forKey: .split) ?? split
    bootstrap = try c.decodeIfPresent(BootstrapConfig.self, forKey: .bootstrap) ?? bootstrap
    external = try c.decodeIfPresent([ExternalConfig].self, forKey: .external) ?? []
    explain = try c.decodeIfPresent([ExplainConfig].self, forKey: .explain) ?? []
    fusion = try c.decodeIfPresent(FusionConfig.self, forKey: .fusion)
    let ablationGiven = try c.decodeIfPresent(Bool.self, forKey: .ablation)
    if fusion != nil && ablationGiven == true {
      throw DecodingError.dataCorrupted(
        .init(codingPath: c.codingPath + [Keys.ablation], debugDescription: "is true, but a fusion study trains its own variants; leave it out"))
    }
    if fusion != nil { ablation = false }
    if fusion != nil && features != nil {
      throw DecodingError.dataCorrupted(
        .init(codingPath: c.codingPath + [Keys.features], debugDescription: "a fusion study takes its features from fusion.groups; leave it out"))
    }
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
    lines.append("fusion:"); lines += FusionConfig.documentationLines()
    lines.append("fusion.groups[]:"); lines += FeatureGroupConfig.documentationLines()
    lines.append("fusion.bmi:"); lines += BMIConfig.documentationLines()
    return lines.joined(separator: "\n")
  }
}

/// Where a cohort's features come from.
public struct SourceConfig: ConfigSection, Sendable {
  public enum Kind: String, Sendable, CaseIterable { case muse, mimic, table, wfdb, cart }
  public var kind: Kind
  public var file: String?
  public var rename: [String: String] = [:]
  public var label: String?
  public var labelColumn: String?
  public var paths: [String] = []
  public var metadata: MetadataConfig?
  /// An `ecglens embed` table (`ecg_id`, `emb_0` ...) joined on the record name (waveform sources).
  public var embeddings: String?

  enum Keys: String, CodingKey, CaseIterable {
    case kind, file, label, labelColumn = "label_column", rename, paths, metadata, embeddings
  }

  static func documentation(_ key: Keys) -> String {
    switch key {
    case .kind:
      return "muse | mimic (machine measurements, ecglens ingest), cart (the carts' own measurements in vendor ECG files, "
        + "ecglens ingest cart), table (a table in ECGLens's schema) or wfdb (waveforms of any format, ecglens extract)"
    case .file: return "the table (muse, mimic, table)"
    case .label: return "muse, mimic: the name of the table's label column (MIMIC-IV-ECG: report_0), checked to be 0, 1 or empty"
    case .labelColumn: return "with label: the column holding it (default: the only report_* column)"
    case .rename: return "{\"OLD\": \"NEW\"}: columns renamed after ingest"
    case .paths: return "[RECORD|FOLDER|LIST, ...] (wfdb, cart)"
    case .metadata: return "a per-record table joined on the record name (wfdb; keys below)"
    case .embeddings:
      return "an ecglens embed CSV (ecg_id, emb_0 ...) joined on the record name (wfdb); records without a row get empty values"
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
    label = try c.decodeIfPresent(String.self, forKey: .label)
    labelColumn = try c.decodeIfPresent(String.self, forKey: .labelColumn)
    if labelColumn != nil && label == nil {
      throw DecodingError.keyNotFound(Keys.label, .init(codingPath: c.codingPath, debugDescription: "label_column needs label"))
    }
    paths = try c.decodeIfPresent([String].self, forKey: .paths) ?? []
    metadata = try c.decodeIfPresent(MetadataConfig.self, forKey: .metadata)
    embeddings = try c.decodeIfPresent(String.self, forKey: .embeddings)
    let path = c.codingPath
    if embeddings != nil && kind != .wfdb {
      throw DecodingError.dataCorrupted(.init(codingPath: path + [Keys.embeddings], debugDescription: "needs kind wfdb"))
    }
    if (kind == .wfdb || kind == .cart) && paths.isEmpty {
      throw DecodingError.keyNotFound(Keys.paths, .init(codingPath: path, debugDescription: "records, folders or record lists"))
    }
    if kind == .cart && label != nil {
      throw DecodingError.dataCorrupted(
        .init(codingPath: path + [Keys.label], debugDescription: "vendor files carry no label column: give labels.file"))
    }
    if kind != .wfdb && kind != .cart && file == nil { throw DecodingError.keyNotFound(Keys.file, .init(codingPath: path, debugDescription: "")) }
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

/// A fusion study (ECG plus clinical risk factors, as ECG-DiaNet asks): named feature groups, each
/// trained alone, all of them in one model (early fusion) and the per-group models combined by a
/// logistic model fitted on the validation partition (late fusion); every model compared with the
/// reference group's on the test partition.
public struct FusionConfig: ConfigSection, Sendable {
  public var groups: [FeatureGroupConfig]
  public var reference: String
  public var early = true
  public var late = true
  public var thresholds: [Double] = []
  public var strata: [Double]?
  public var bmi: BMIConfig?

  enum Keys: String, CodingKey, CaseIterable { case groups, reference, early, late, thresholds, strata, bmi }

  static func documentation(_ key: Keys) -> String {
    switch key {
    case .groups: return "[{\"name\": NAME, \"features\": [COLUMN, ...] | \"measurements\"}, ...]: 2 to 10 feature groups"
    case .reference: return "the group every model is compared with (the risk-factor-only model)"
    case .early: return "train one model on every group's features, variant early-fusion (default true)"
    case .late: return "combine the groups' models by a logistic model fitted on validation, late-fusion (default true)"
    case .thresholds: return "[T, ...]: 1 to 5 clinical risk thresholds (0 to 1, increasing) for the categorical NRI (default none)"
    case .strata: return "[LOW, HIGH]: risk cut points of the low/medium/high strata (0 to 1); default: each model's validation tertiles"
    case .bmi: return "derive bmi_kg_m2 from height and weight columns (keys below)"
    }
  }

  public init(from decoder: Decoder) throws {
    try Self.rejectUnknownKeys(decoder)
    let c = try decoder.container(keyedBy: Keys.self)
    groups = try c.decode([FeatureGroupConfig].self, forKey: .groups)
    let names = groups.map(\.name)
    guard (2...10).contains(groups.count), Set(names).count == names.count else {
      throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [Keys.groups], debugDescription: "needs 2 to 10 groups with distinct names"))
    }
    if let bad = names.first(where: {
      ["early-fusion", "late-fusion", "ecg+demographics"].contains($0) || $0.hasSuffix(FeatureVariant.linearSuffix)
    }) {
      throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [Keys.groups], debugDescription: "\(bad) is a reserved variant name"))
    }
    reference = try c.decode(String.self, forKey: .reference)
    guard names.contains(reference) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: c.codingPath + [Keys.reference], debugDescription: "\"\(reference)\" is not a group (\(names.joined(separator: ", ")))"))
    }
    early = try c.decodeIfPresent(Bool.self, forKey: .early) ?? early
    late = try c.decodeIfPresent(Bool.self, forKey: .late) ?? late
    thresholds = try c.decodeIfPresent([Double].self, forKey: .thresholds) ?? []
    guard thresholds.count <= 5, thresholds.allSatisfy({ $0 > 0 && $0 < 1 }), thresholds == thresholds.sorted(),
      Set(thresholds).count == thresholds.count
    else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: c.codingPath + [Keys.thresholds], debugDescription: "needs at most 5 increasing probabilities strictly between 0 and 1"))
    }
    strata = try c.decodeIfPresent([Double].self, forKey: .strata)
    if let s = strata, !(s.count == 2 && s[0] > 0 && s[0] < s[1] && s[1] < 1) {
      throw DecodingError.dataCorrupted(
        .init(codingPath: c.codingPath + [Keys.strata], debugDescription: "needs two increasing probabilities strictly between 0 and 1"))
    }
    bmi = try c.decodeIfPresent(BMIConfig.self, forKey: .bmi)
  }
}

/// One feature group of a fusion study.
public struct FeatureGroupConfig: ConfigSection, Sendable {
  public var name: String
  /// nil: "measurements" (the feature catalogue for waveforms; every numeric non-metadata column of a
  /// table that no other group names).
  public var features: [String]?
  /// "embedding": every `emb_N` column (joined by `source.embeddings`).
  public var embedding = false

  enum Keys: String, CodingKey, CaseIterable { case name, features }

  static func documentation(_ key: Keys) -> String {
    switch key {
    case .name: return "the group's name, also its variant's name (letters, digits, -, _, +)"
    case .features:
      return
        "[COLUMN, ...] (1 to 1000), \"measurements\": the ECG measurements (the feature catalogue for waveforms; other numeric, non-metadata columns of a table), or \"embedding\": the emb_N columns of source.embeddings"
    }
  }

  public init(from decoder: Decoder) throws {
    try Self.rejectUnknownKeys(decoder)
    let c = try decoder.container(keyedBy: Keys.self)
    name = try c.decode(String.self, forKey: .name)
    guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_+".contains($0) }) else {
      throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [Keys.name], debugDescription: "must be letters, digits, -, _ or +"))
    }
    let keyword = try? c.decode(String.self, forKey: .features)
    if keyword == "measurements" {
      features = nil
    } else if keyword == "embedding" {
      features = nil
      embedding = true
    } else {
      features = try c.decode([String].self, forKey: .features)
      guard let f = features, (1...1000).contains(f.count) else {
        throw DecodingError.dataCorrupted(
          .init(codingPath: c.codingPath + [Keys.features], debugDescription: "needs 1 to 1000 columns, or \"measurements\""))
      }
    }
  }
}

/// Body-mass index from height and weight columns: bmi_kg_m2 = weight / (height / 100)², empty where
/// either is missing or the height is not positive.
public struct BMIConfig: ConfigSection, Sendable {
  public var height: String
  public var weight: String

  enum Keys: String, CodingKey, CaseIterable { case height, weight }

  static func documentation(_ key: Keys) -> String {
    switch key {
    case .height: return "the height column, in cm"
    case .weight: return "the weight column, in kg"
    }
  }

  public init(from decoder: Decoder) throws {
    try Self.rejectUnknownKeys(decoder)
    let c = try decoder.container(keyedBy: Keys.self)
    height = try c.decode(String.self, forKey: .height)
    weight = try c.decode(String.self, forKey: .weight)
  }
}
