import Statistics

/// What one mitigation leaves of identification and costs in utility.
public struct MitigationResult: Sendable, Equatable {
  public let mitigation: Mitigation
  /// The Euclidean attack on the mitigated table (same design as the audit's, no bootstrap).
  public let euclidean: IdentificationSummary
  /// Rank-1 of the cross-fitted learned metric on the mitigated table (nil when not run).
  public let learnedRank1: Double?
  /// k-anonymity of the mitigated table (at this coarsening's steps, else the release steps).
  public let kAnonymity: KAnonymityReport
  /// Out-of-fold AUROC of the study target trained and tested on the mitigated table (nil without
  /// a target); the same patient-grouped folds for every mitigation, so the differences are paired.
  public let targetAUROC: Double?
  /// Features the mitigation left unchanged (coarsening: features whose unit is `other`).
  public let unchangedFeatures: [String]
}

/// Scores `mitigation` on `data`: the Euclidean linkage attack (and the learned metric when
/// `learnedMetric`), k-anonymity over `quasiIdentifiers`, and the target's out-of-fold AUROC.
func scoreMitigation(
  _ mitigation: Mitigation, data: AuditData, options: AuditOptions, quasiIdentifiers: [String]
) throws(PrivacyError) -> MitigationResult {
  let table = data.table
  let values = try mitigation.apply(to: table)
  let mitigated = PatientFeatureTable(
    unchecked: values, patientIDs: table.patientIDs, times: table.times, featureNames: table.featureNames,
    source: table.source, patientColumn: table.patientColumn)
  var linkage = options.linkage
  linkage.bootstrap = nil
  let euclidean = try linkageAttack(mitigated, options: linkage).summary
  var learned: Double? = nil
  if options.learnedMetric {
    linkage.computeEER = false
    learned = try crossFittedMahalanobisAttack(mitigated, options: linkage, shrinkage: options.shrinkage).mahalanobis.rank1
  }
  let k = try kAnonymityAudit(data, values: values, quasiIdentifiers: quasiIdentifiers, steps: mitigation.releaseSteps)
  var auc: Double? = nil
  if let target = data.target {
    let rows = target.indices.filter { !target[$0].isNaN }
    let columns = (0..<table.columnCount).map { c in values.map { $0[c] } }
    let (p, _) = try outOfFoldPredictions(
      columns: columns, rows: rows, outcome: target, patients: table.patientIDs, strata: classStrata(target),
      task: .binary, settings: options.crossValidation, threads: options.threads, table: table.source,
      field: data.targetName ?? "target")
    let scored = rows.indices.filter { !p[$0].isNaN }
    auc = auroc(scores: scored.map { p[$0] }, labels: scored.map { target[rows[$0]] == 1 })
  }
  var unchanged: [String] = []
  if case .coarsening(let steps) = mitigation {
    unchanged = table.featureNames.filter { steps.step(forFeature: $0) == nil }
  }
  return MitigationResult(
    mitigation: mitigation, euclidean: euclidean, learnedRank1: learned, kAnonymity: k.report, targetAUROC: auc,
    unchangedFeatures: unchanged)
}
