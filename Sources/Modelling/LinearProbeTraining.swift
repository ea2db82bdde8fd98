import Cohorts
import Statistics

/// The inverse regularisation strengths C the linear probe tries, strongest penalty first: a
/// log-spaced sweep chosen on the validation rows, as linear-probe evaluations of representations do
/// (e.g. Radford et al., CLIP, 2021, sweep C on a validation split).
public let linearProbeGrid: [Double] = [1e-4, 1e-3, 1e-2, 1e-1, 1, 10]

/// The rows and features a (target, variant) job has settled before fitting.
struct PreparedJob {
  let target: String
  let variant: FeatureVariant
  let restriction: SexRestriction?
  let counts: [Partition: ClassCounts]
  let rows: [Partition: [Int]]
  let labels: [Double]
  let candidates: [String]
  let usable: [String]
  let hasTest: Bool
}

/// Fits the linear probe for one job: one `LinearProbe` per C of `linearProbeGrid` on the train rows,
/// the one with the best validation AUROC kept (ties: the stronger penalty); no feature elimination.
/// The test rows are only predicted and scored. Gain is |βⱼ| (log-odds per training SD); mean |SHAP|
/// is over the test rows (validation without a test partition).
func trainLinearProbe(_ job: PreparedJob, data: StudyData) throws(ModellingError) -> TargetOutcome {
  func columns(_ p: Partition) -> [[Double]] { job.usable.map { f in job.rows[p]!.map { data.features[f]![$0] } } }
  func rowsOf(_ p: Partition) -> [[Double]] { job.rows[p]!.map { r in job.usable.map { data.features[$0]![r] } } }
  let trainLabels = job.rows[.train]!.map { job.labels[$0] == 1 }
  let validationTruth = job.rows[.validation]!.map { job.labels[$0] == 1 }
  let trainColumns = columns(.train)
  let validationRows = rowsOf(.validation)
  var best: (probe: LinearProbe, auroc: Double, index: Int)? = nil
  for (index, c) in linearProbeGrid.enumerated() {
    guard
      let probe = LinearProbe.fit(features: job.usable, columns: trainColumns, labels: trainLabels, inverseRegularisation: c)
    else { continue }
    let a = auroc(scores: validationRows.map(probe.probability), labels: validationTruth) ?? .nan
    if best == nil || a > best!.auroc { best = (probe, a, index) }
  }
  guard let best else {
    throw .boosting(target: job.target, variant: job.variant.rawValue, message: "the linear probe could not be fitted for any C")
  }
  let probe = best.probe
  let testRows = job.hasTest ? rowsOf(.test) : []
  let pValidation = validationRows.map { Float(probe.probability($0)) }
  let pTest = testRows.map { Float(probe.probability($0)) }
  let testAUROC = auroc(scores: pTest.map(Double.init), labels: job.rows[.test]!.map { job.labels[$0] == 1 })
  let explained = job.hasTest ? testRows : validationRows
  var meanAbs = [Double](repeating: 0, count: job.usable.count)
  for row in explained { for (j, phi) in probe.contributions(row).enumerated() { meanAbs[j] += abs(phi) } }
  meanAbs = meanAbs.map { $0 / Double(max(1, explained.count)) }
  let bytes: [UInt8]
  do { bytes = try probe.serialized() } catch {
    throw .boosting(target: job.target, variant: job.variant.rawValue, message: "encoding the linear probe: \(error)")
  }
  return .trained(
    TrainedModel(
      target: job.target, variant: job.variant, restriction: job.restriction, counts: job.counts,
      candidateFeatures: job.candidates, features: job.usable, elimination: [], bestIteration: best.index,
      validationAUROC: best.auroc, testAUROC: testAUROC, model: bytes,
      predictionRows: job.rows[.validation]! + job.rows[.test]!, probabilities: pValidation + pTest,
      gain: probe.coefficients.map(abs), meanAbsoluteSHAP: meanAbs))
}
