import Boosting
import Cohorts

/// The rows of a study: ids, patients, partitions, feature columns and binary targets.
///
/// Feature columns are kept by name as doubles (NaN = not measured); each modelling job copies
/// the rows and columns it needs into a Float matrix.
public struct StudyData: Sendable {
  public let ids: [String]
  public let patients: [String]
  public let partitions: [Partition]
  /// Feature name -> one value per row.
  public let features: [String: [Double]]
  /// Target name -> one label per row: 0, 1, or NaN where the row carries no label.
  public let labels: [String: [Double]]
  /// 1 male, 0 female, NaN unknown; needed for sex-specific targets.
  public let sexMale: [Double]?

  /// Checks lengths, labels (0, 1 or NaN, both classes present) and the patient split.
  public init(
    ids: [String], patients: [String], partitions: [Partition], features: [String: [Double]],
    labels: [String: [Double]], sexMale: [Double]? = nil
  ) throws(ModellingError) {
    let n = ids.count
    guard patients.count == n, partitions.count == n else {
      throw .invalidOption("ids, patients and partitions differ in length")
    }
    for (name, column) in features where column.count != n {
      throw .invalidOption("feature \(name) has \(column.count) values for \(n) rows")
    }
    for (name, column) in labels {
      guard column.count == n else { throw .invalidOption("target \(name) has \(column.count) values for \(n) rows") }
      var seen: Set<Double> = []
      for (row, v) in column.enumerated() where !v.isNaN {
        guard v == 0 || v == 1 else { throw .invalidLabel(target: name, row: row + 1, value: v) }
        seen.insert(v)
      }
      if seen.count == 1 { throw .singleClass(target: name, value: seen.first!) }
    }
    if let sexMale, sexMale.count != n { throw .invalidOption("sex column has \(sexMale.count) values for \(n) rows") }
    do { try verifyNoPatientLeak(patients: patients, partitions: partitions) } catch {
      throw .invalidOption(error.description)
    }
    self.ids = ids
    self.patients = patients
    self.partitions = partitions
    self.features = features
    self.labels = labels
    self.sexMale = sexMale
  }
}

/// Which features a model sees: the ablation the reference studies report (`ecg`, `demographics`,
/// `ecg+demographics`), or a named feature group of a fusion study (`TrainingOptions.variantFeatures`:
/// a risk-factor group alone, all groups in one model). Stored as its name, so study folders read the
/// same whatever the variant.
public struct FeatureVariant: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
  public let rawValue: String
  public init(rawValue: String) { self.rawValue = rawValue }
  public init(_ name: String) { rawValue = name }
  public var description: String { rawValue }

  /// ECG measurements only.
  public static let ecg = FeatureVariant("ecg")
  /// Age and sex only: the baseline any ECG model must beat.
  public static let demographics = FeatureVariant("demographics")
  /// Both (the reference studies' model).
  public static let ecgDemographics = FeatureVariant("ecg+demographics")
  /// The three variants of the demographics ablation.
  public static let allCases: [FeatureVariant] = [.ecg, .demographics, .ecgDemographics]
}

/// Restricts a target to one sex (prostate: male; endometriosis: female). Such targets train on
/// that sex's rows only and without the sex feature.
public enum SexRestriction: String, Sendable, Codable {
  case male, female
}

/// How each target is trained and selected.
public struct TrainingOptions: Sendable, Codable {
  public var parameters = BoostingParameters()
  /// Columns that are ECG measurements.
  public var ecgFeatures: [String] = []
  /// Columns that are demographics (age, sex).
  public var demographicFeatures: [String] = []
  /// Variants trained per target.
  public var variants: [FeatureVariant] = [.ecgDemographics]
  /// Recursive feature elimination (see `selectFeatures`).
  public var rfe = false
  /// RFE never keeps fewer ECG features than this (the reference studies use 4).
  public var minimumECGFeatures = 4
  /// When set, RFE keeps the smallest subset whose validation AUROC is within this distance of
  /// the best subset's, instead of the best subset itself.
  public var parsimonyTolerance: Double? = nil
  /// A target needs at least this many positives and negatives in validation and in test.
  public var minimumPositives = 10
  /// Sex-specific targets.
  public var sexSpecific: [String: SexRestriction] = [:]
  /// Features of named variants (fusion studies: each feature group, and all groups together);
  /// a variant named here uses exactly these columns. Nil in studies without named variants.
  public var variantFeatures: [String: [String]]? = nil

  public init() {}
}
