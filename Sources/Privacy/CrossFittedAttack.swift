import Core

/// One half of the cross-fitted attack: attack on this half's patients with a metric fitted on the other half's.
public struct CrossFitHalf: Sendable, Equatable {
  /// Patients and ECGs of the attacked half.
  public let patientCount: Int
  public let galleryCount: Int
  public let probeCount: Int
  /// Fitting side: ECGs and patients (with two or more ECGs) of the other half, and the shrinkage weight used.
  public let fitECGCount: Int
  public let fitPatientCount: Int
  public let shrinkage: Double
  /// With `innerValidation`: the inner rank-1 of each grid weight (in grid order; NaN if singular).
  public let innerValidationRank1: [Double]?
  /// Rank-1 of this half with the learned metric and with plain Euclidean distances.
  public let mahalanobisRank1: Double
  public let euclideanRank1: Double
}

/// Result of `crossFittedMahalanobisAttack`: pooled figures of both halves for the learned metric and, on exactly
/// the same halves and galleries, for Euclidean distances (galleries are about half the size of the full attack's,
/// so compare the learned metric with `euclidean`, not with the full-table attack).
public struct CrossFittedResult: Sendable {
  /// Pooled figures with the learned metric and with Euclidean distances on the same halves.
  public let mahalanobis: IdentificationSummary
  public let euclidean: IdentificationSummary
  /// The two halves (half 0 attacked with the metric fitted on half 1, and the reverse).
  public let halves: [CrossFitHalf]
  /// Patient-bootstrap intervals of the pooled learned-metric figures, when asked for.
  public let mahalanobisIntervals: LinkageIntervals?
}

/// Linkage attack with a learned Mahalanobis metric fitted on disjoint patients.
///
/// Patients are split in two halves by bit 0 of `seededHash(patientID, seed: splitSeed)`. For each half: the
/// gallery and probes come from this half only (`LinkageDesign` with `options`), features are standardised on its
/// gallery, and the metric (`WithinPatientWhitening`: inverse shrunk within-patient covariance) is fitted on the
/// other half's patients with two or more ECGs, standardised with the same gallery parameters (missing -> 0); the
/// shrinkage is chosen on that other half only (`CovarianceShrinkage.innerValidation`, the default). The
/// two halves are pooled: rank figures over all probes, the EER over the union of both halves' genuine and impostor
/// distances (the whitened scales are comparable since each metric whitens the within-patient spread).
public func crossFittedMahalanobisAttack(
  _ table: PatientFeatureTable, options: LinkageOptions = LinkageOptions(), splitSeed: UInt64 = 0xC0FFEE,
  shrinkage: CovarianceShrinkage = .innerValidation(grid: CovarianceShrinkage.defaultGrid)
) throws(PrivacyError) -> CrossFittedResult {
  var halfRows: [[Int]] = [[], []]
  for (row, id) in table.patientIDs.enumerated() {
    halfRows[Int(seededHash(id, seed: splitSeed) & 1)].append(row)
  }
  var metricJobs: [ScoringJob] = []
  var euclideanJobs: [ScoringJob] = []
  var halves: [CrossFitHalf] = []
  var groupOffset = 0
  for h in 0..<2 {
    let attack = table.selectingRows(halfRows[h])
    let fit = table.selectingRows(halfRows[1 - h])
    var choice = options.gallery
    if case .explicit(let rows) = options.gallery {
      let local = Dictionary(uniqueKeysWithValues: halfRows[h].enumerated().map { ($1, $0) })
      choice = .explicit(rows: rows.compactMap { local[$0] })
    }
    let design = try LinkageDesign(table: attack, choice: choice, includeDistractors: options.includeDistractors)
    let (job, standardizer) = try makeJob(table: attack, design: design)
    let (_, fitGroups) = fit.rowsByPatient()
    let scatter = try WithinPatientScatter(
      rows: standardizer.transform(table: fit, rows: Array(0..<fit.rowCount)), dimension: standardizer.dimension,
      groups: fitGroups, source: table.source)
    let (weight, inner) = try chooseShrinkage(
      shrinkage, fit: fit, scatter: scatter, splitSeed: splitSeed, options: options)
    let whitening = try scatter.whitening(weight: weight, source: table.source)
    let gallery = whitening.whiten(standardizer.transform(table: attack, rows: design.galleryRows))
    let groups = job.probeGroup.map { $0 + groupOffset }
    let metricJob = ScoringJob(
      gallery: GalleryBlocks(rows: gallery, count: design.galleryRows.count, dimension: standardizer.dimension),
      probes: whitening.whiten(job.probes), genuineIndex: job.genuineIndex, probeGroup: groups)
    let euclideanJob = ScoringJob(
      gallery: job.gallery, probes: job.probes, genuineIndex: job.genuineIndex, probeGroup: groups)
    metricJobs.append(metricJob)
    euclideanJobs.append(euclideanJob)
    groupOffset += design.probePatientCount
    halves.append(
      CrossFitHalf(
        patientCount: Set(attack.patientIDs).count, galleryCount: design.galleryRows.count,
        probeCount: design.probeRows.count, fitECGCount: scatter.ecgCount, fitPatientCount: scatter.patientCount,
        shrinkage: weight, innerValidationRank1: inner, mahalanobisRank1: .nan, euclideanRank1: .nan))
  }
  let settings = EvaluationSettings(
    collectEER: options.computeEER, histogram: options.bootstrap != nil && options.computeEER,
    groupCount: groupOffset, parallel: options.parallel,
    pilotProbes: options.pilotProbeCount, seed: options.pilotSeed)
  let metricScores = evaluate(metricJobs, settings)
  var euclideanSettings = settings
  euclideanSettings.histogram = false
  let euclideanScores = evaluate(euclideanJobs, euclideanSettings)
  let intervals = options.bootstrap.map {
    bootstrapIntervals(
      metricScores, groups: metricJobs.flatMap(\.probeGroup), groupCount: groupOffset, settings: $0,
      parallel: options.parallel)
  }
  var start = 0
  for h in 0..<2 {
    let range = start..<(start + metricJobs[h].probeCount)
    start = range.upperBound
    func rate(_ pass: PassResult) -> Double {
      identificationRate(less: Array(pass.less[range]), equal: Array(pass.equal[range]), rank: 1)
    }
    let half = halves[h]
    halves[h] = CrossFitHalf(
      patientCount: half.patientCount, galleryCount: half.galleryCount, probeCount: half.probeCount,
      fitECGCount: half.fitECGCount, fitPatientCount: half.fitPatientCount, shrinkage: half.shrinkage,
      innerValidationRank1: half.innerValidationRank1,
      mahalanobisRank1: rate(metricScores.pass), euclideanRank1: rate(euclideanScores.pass))
  }
  return CrossFittedResult(
    mahalanobis: summarize(metricScores), euclidean: summarize(euclideanScores), halves: halves,
    mahalanobisIntervals: intervals)
}
