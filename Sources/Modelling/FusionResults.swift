import Foundation
import Statistics

/// One model of a fusion study on the test partition.
public struct FusionModelResult: Codable, Sendable {
  public init(
    model: String, kind: String, rows: Int, patients: Int, positives: Int, auroc: AUROCEstimate, aurocBootstrap: BootstrapInterval?,
    versusReference: PairedComparison?, strata: [RiskStratum], strataCuts: [Double], strataCutSource: String
  ) {
    self.model = model; self.kind = kind; self.rows = rows; self.patients = patients; self.positives = positives
    self.auroc = auroc; self.aurocBootstrap = aurocBootstrap; self.versusReference = versusReference
    self.strata = strata; self.strataCuts = strataCuts; self.strataCutSource = strataCutSource
  }
  public let model: String
  /// "group", "early fusion" or "late fusion".
  public let kind: String
  public let rows: Int
  public let patients: Int
  public let positives: Int
  /// AUROC with its DeLong interval (clustered by patient unless the unit is ECGs) and bootstrap interval.
  public let auroc: AUROCEstimate
  public let aurocBootstrap: BootstrapInterval?
  /// Against the reference group's model on the same rows (nil for the reference itself): paired
  /// DeLong, continuous and categorical NRI, IDI.
  public let versusReference: PairedComparison?
  /// Low / medium / high at `strataCuts` (stated, or this model's validation tertiles).
  public let strata: [RiskStratum]
  public let strataCuts: [Double]
  public let strataCutSource: String
}

/// One feature group's part of a model's explanation: the sum over the group's features in the model
/// of each feature's mean |SHAP| (log-odds, test rows), and that sum's share of all features' sum.
public struct GroupShare: Codable, Sendable, Equatable {
  public init(group: String, features: Int, meanAbsoluteSHAP: Double, share: Double) {
    self.group = group; self.features = features; self.meanAbsoluteSHAP = meanAbsoluteSHAP; self.share = share
  }
  public let group: String
  /// The group's features among the model's (after any feature elimination).
  public let features: Int
  public let meanAbsoluteSHAP: Double
  /// 0 to 1; the groups' shares sum to 1.
  public let share: Double
}

/// One target of a fusion study, for one learner.
public struct FusionTarget: Codable, Sendable {
  public init(
    target: String, reference: String, models: [FusionModelResult], lateFusion: LogisticModel?, lateInputs: [String],
    learner: Learner? = nil, sharesModel: String? = nil, groupShares: [GroupShare]? = nil
  ) {
    self.target = target; self.reference = reference; self.models = models; self.lateFusion = lateFusion; self.lateInputs = lateInputs
    self.learner = learner; self.sharesModel = sharesModel; self.groupShares = groupShares
  }
  public let target: String
  public let reference: String
  public let models: [FusionModelResult]
  /// The late-fusion combiner: β₀ then one log-odds coefficient per group model's logit, in
  /// `lateInputs` order, fitted on the validation rows.
  public let lateFusion: LogisticModel?
  public let lateInputs: [String]
  /// The learner of every model here (nil in studies from before the linear probe: trees).
  public let learner: Learner?
  /// The early-fusion model explained by `groupShares` (nil without early fusion).
  public let sharesModel: String?
  /// Mean |SHAP| of `sharesModel` by feature group (TreeSHAP for trees; βⱼ·zⱼ for the linear probe).
  public let groupShares: [GroupShare]?
}

/// A fusion study's comparison (`fusion.json`, written by the pipeline's `analyseFusion`).
public struct FusionAnalysis: Codable, Sendable {
  public var targets: [FusionTarget] = []
  public var thresholds: [Double] = []
  public var notes: [String] = []
  public init(thresholds: [Double]) { self.thresholds = thresholds }
}

/// Reads `fusion.json` of a study folder; nil when there is none.
public func readFusion(study: String) throws(ModellingError) -> FusionAnalysis? {
  guard let bytes = FileManager.default.contents(atPath: study + "/fusion.json") else { return nil }
  let decoder = JSONDecoder()
  decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
  do { return try decoder.decode(FusionAnalysis.self, from: bytes) } catch {
    throw .unreadableStudy(path: study, reason: "fusion.json: \(error)")
  }
}
