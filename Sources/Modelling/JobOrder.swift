/// The order in which `runStudy`'s workers take up (target, variant) jobs: the most expensive
/// first, so that the cheap ones fill the gaps at the end instead of one long job running alone
/// on one core while the others are idle (longest-processing-time-first scheduling, Graham,
/// SIAM J. Appl. Math. 1969). Only the order of work changes: every job's result is the same
/// and is stored under its own index.
///
/// The cost of a job is estimated before it runs, from what is known then: the labelled rows of
/// its target (rows x features is what each boosting round scans) and its candidate features.
/// With RFE a tree job fits about one model per feature on ever fewer features, so its cost grows
/// as n(n+1)/2 for n candidates; without RFE, or for a variant RFE leaves whole (demographics) or
/// the linear probe (one pass per candidate C, far cheaper than trees), as n. How many rounds
/// early stopping keeps is not known beforehand; targets alike in rows and features cost alike.
///
/// - Returns: indices into `jobs`, the most expensive first; equal estimates keep their order.
func jobOrder(
  _ jobs: [(target: String, variant: FeatureVariant)], data: StudyData, options: TrainingOptions, sexColumn: String?
) -> [Int] {
  var labelledRows: [String: Int] = [:]
  for target in Set(jobs.map(\.target)) {
    labelledRows[target] = data.labels[target]?.reduce(0) { $1.isNaN ? $0 : $0 + 1 } ?? 0
  }
  let cost = jobs.map { job -> Double in
    let n = Double(
      candidateFeatures(
        variant: job.variant.featureVariant, restriction: options.sexSpecific[job.target], options: options,
        sexColumn: sexColumn
      ).count)
    let eliminates = options.rfe && job.variant.learner == .trees && job.variant != .demographics
    let rows = Double(labelledRows[job.target] ?? 0)
    return rows * (eliminates ? n * (n + 1) / 2 : n) * (job.variant.learner == .trees ? 1 : 0.01)
  }
  return jobs.indices.sorted { cost[$0] > cost[$1] || (cost[$0] == cost[$1] && $0 < $1) }
}
