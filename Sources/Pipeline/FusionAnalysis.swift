import Core
import Foundation
import Modelling
import Statistics
import Tables

/// The fusion settings `analyseFusion` needs (from `FusionConfig`).
public struct FusionSpec: Sendable {
  public var groups: [String]
  public var reference: String
  public var early: Bool
  public var late: Bool
  public var thresholds: [Double]
  public var strata: [Double]?
  /// The learners the study fitted every variant with; each gets its own comparison, its models
  /// compared with its own reference group's model (`FeatureVariant.with(_:)` names them).
  public var learners: [Learner] = [.trees]
  /// Each group's columns, in `groups` order: for the mean |SHAP| of the early-fusion model by group.
  public var members: [[String]] = []
  public init(groups: [String], reference: String, early: Bool, late: Bool, thresholds: [Double], strata: [Double]?) {
    self.groups = groups; self.reference = reference; self.early = early; self.late = late
    self.thresholds = thresholds; self.strata = strata
  }
}

/// The name of the early-fusion variant (every group's features in one model) and of late fusion.
public let earlyFusionVariant = FeatureVariant("early-fusion")
public let lateFusionName = "late-fusion"

/// Compares a fusion study's models per target on the test rows that every model scored.
///
/// Late fusion: for each row, the groups' models' probabilities as logits, combined by a logistic model
/// (`fitLogistic`) fitted on the validation rows only; the test rows are only scored. Its predictions go
/// to `fusion/TARGET/late-fusion.csv` (`late-fusion+linear.csv` for the linear probes). Each model (every group, early fusion, late fusion) gets its AUROC
/// with DeLong (clustered by patient unless `options.unit` is `.ecg`) and bootstrap intervals; every model
/// but the reference is compared with the reference group's model (`comparePaired`: paired DeLong,
/// continuous NRI, categorical NRI at `spec.thresholds`, IDI, with cluster-robust or Pencina standard
/// errors); low / medium / high strata at `spec.strata` or at the model's own validation tertiles, with
/// n, events, PPV and NPV and their Wilson intervals (clustered by patient); the early-fusion model's
/// mean |SHAP| by group (`groupShares`). Each learner of `spec.learners` is compared on its own, with
/// its own reference group's model. Writes `fusion.json`, `fusion.csv`, `fusion-strata.csv` and
/// `fusion-shap-groups.csv` into the study folder.
public func analyseFusion(study: String, spec: FusionSpec, options: BootstrapOptions) throws -> FusionAnalysis {
  let summary = try readStudy(at: study)
  var result = FusionAnalysis(thresholds: spec.thresholds)
  let clustered = options.unit == .patient
  for learner in spec.learners {
    let reference = FeatureVariant(spec.reference).with(learner).rawValue
    let groups = spec.groups.map { FeatureVariant($0).with(learner).rawValue }
    let early = earlyFusionVariant.with(learner).rawValue
    let lateName = learner == .trees ? lateFusionName : lateFusionName + FeatureVariant.linearSuffix
    for target in summary.configuration.targets {
      func stored(_ name: String) throws -> [String: (patient: String, part: String, label: Bool, p: Double)]? {
        guard let e = summary.entries.first(where: { $0.target == target && $0.variant.rawValue == name && $0.status == "trained" }) else {
          return nil
        }
        let s = try readPredictions(study: study, entry: e)
        var out: [String: (String, String, Bool, Double)] = [:]
        for i in s.ids.indices { out[s.ids[i]] = (s.patients[i], s.partitions[i], s.labels[i] == 1, s.probabilities[i]) }
        return out
      }
      var models: [(name: String, kind: String, rows: [String: (patient: String, part: String, label: Bool, p: Double)])] = []
      for g in groups { if let r = try stored(g) { models.append((g, "group", r)) } }
      guard models.contains(where: { $0.name == reference }) else {
        result.notes.append("note: \(target): the reference group \(reference) has no trained model; no fusion comparison")
        continue
      }
      if spec.early, let r = try stored(early) { models.append((early, "early fusion", r)) }
      var late: LogisticModel? = nil
      let groupModels = models.filter { $0.kind == "group" }
      if spec.late && groupModels.count == groups.count {
        let shared = groupModels.dropFirst().reduce(Set(groupModels[0].rows.keys)) { $0.intersection($1.rows.keys) }.sorted()
        let validation = shared.filter { groupModels[0].rows[$0]!.part == "validation" }
        late = fitLogistic(
          columns: groupModels.map { m in validation.map { logit(m.rows[$0]!.p) } }, labels: validation.map { groupModels[0].rows[$0]!.label })
        if let late {
          var rows: [String: (patient: String, part: String, label: Bool, p: Double)] = [:]
          var csv = "id,patient,partition,label,probability\n"
          for id in shared {
            let first = groupModels[0].rows[id]!
            let p = late.probability(groupModels.map { logit($0.rows[id]!.p) })
            rows[id] = (first.patient, first.part, first.label, p)
            csv += csvLine([id, first.patient, first.part, first.label ? "1" : "0", formatCell(p)])
          }
          let folder = "\(study)/fusion/\(folderName(target))"
          try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
          try writeText(csv, to: folder + "/\(folderName(lateName)).csv")
          models.append((lateName, "late fusion", rows))
        } else {
          result.notes.append("note: \(target): late fusion could not be fitted on the validation rows")
        }
      } else if spec.late {
        result.notes.append("note: \(target): not every group has a trained model; no late fusion")
      }
      // The test rows every model scored.
      let test = models.dropFirst().reduce(Set(models[0].rows.keys.filter { models[0].rows[$0]!.part == "test" })) {
        $0.intersection($1.rows.keys)
      }.sorted()
      let referenceModel = models.first { $0.name == reference }!
      let labels = test.map { referenceModel.rows[$0]!.label }, patients = test.map { referenceModel.rows[$0]!.patient }
      let referenceScores = test.map { referenceModel.rows[$0]!.p }
      var results: [FusionModelResult] = []
      for m in models {
        let scores = test.map { m.rows[$0]!.p }
        guard let d = delongAUROC(scores: scores, labels: labels, clusters: clustered ? patients : nil, confidence: options.confidence) else {
          result.notes.append("note: \(target) (\(m.name)): too few positive or negative patients in test")
          continue
        }
        let versus =
          m.name == reference
          ? nil
          : comparePaired(
            labels: labels, base: referenceScores, new: scores, patients: patients, thresholds: spec.thresholds, options: options)
        let validationScores = m.rows.values.filter { $0.part == "validation" }.map(\.p)
        let cuts = spec.strata ?? (validationScores.isEmpty ? [] : [quantile(validationScores, 1.0 / 3), quantile(validationScores, 2.0 / 3)])
        let strata =
          cuts.count == 2 ? riskStrata(probabilities: scores, labels: labels, cuts: (cuts[0], cuts[1]), clusters: clustered ? patients : nil) : []
        results.append(
          FusionModelResult(
            model: m.name, kind: m.kind, rows: test.count, patients: Set(patients).count, positives: labels.filter { $0 }.count,
            auroc: d, aurocBootstrap: bootstrapAUROC(scores: scores, labels: labels, patients: patients, options: options),
            versusReference: versus, strata: strata, strataCuts: cuts, strataCutSource: spec.strata == nil ? "validation tertiles" : "stated"))
      }
      var shares: [GroupShare]? = nil
      if spec.early, spec.members.count == spec.groups.count,
        let entry = summary.entries.first(where: { $0.target == target && $0.variant.rawValue == early && $0.status == "trained" })
      {
        shares = try groupShares(importance: try readImportance(study: study, entry: entry), groups: spec.groups, members: spec.members)
      }
      result.targets.append(
        FusionTarget(
          target: target, reference: reference, models: results, lateFusion: late,
          lateInputs: late == nil ? [] : groupModels.map(\.name), learner: learner, sharesModel: shares == nil ? nil : early,
          groupShares: shares))
    }
  }
  guard !result.targets.isEmpty else { throw PipelineError.nothingToDo(reason: "\(study): no target has the fusion reference model") }
  try writeText(try jsonText(result), to: study + "/fusion.json")
  try writeText(result.csv, to: study + "/fusion.csv")
  try writeText(result.strataCSV, to: study + "/fusion-strata.csv")
  try writeText(result.groupSharesCSV, to: study + "/fusion-shap-groups.csv")
  return result
}
