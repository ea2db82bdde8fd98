/// Options of the linkage (re-identification) attack.
public struct LinkageOptions: Sendable {
  /// Which ECG of each patient is enrolled (default: earliest when times are given, else seeded random).
  public var gallery: GalleryChoice = .automatic(seed: 20_240_601)
  /// Enrol single-ECG patients as distractors (default on; see `LinkageDesign`).
  public var includeDistractors = true
  /// Compute the exact equal error rate (default on).
  public var computeEER = true
  /// Patient-bootstrap percentile intervals (nil: none).
  public var bootstrap: BootstrapSettings? = BootstrapSettings()
  /// Spread the probes over threads with `DispatchQueue.concurrentPerform` (results do not depend on it).
  public var parallel = true
  /// Seed of the pilot sample that locates the EER window (results do not depend on it, only the run time).
  public var pilotSeed: UInt64 = 0x5EED
  /// Probes in that pilot sample (results do not depend on it, only the run time and memory).
  public var pilotProbeCount = 400
  /// The defaults above.
  public init() {}
}

/// Identification figures of one attack (or of pooled attacks).
public struct IdentificationSummary: Sendable, Equatable {
  /// Fraction of probes whose own patient is the nearest gallery entry (ties shared, see `hitProbability`).
  public let rank1: Double
  /// Fraction of probes whose own patient is among the 10 nearest.
  public let rank10: Double
  /// Cumulative match characteristic, element k - 1 = rate at rank <= k.
  public let cmc: [Double]
  /// Equal error rate of the same-person decision, exact over all probe x gallery pairs (nil if not computed).
  public let equalErrorRate: EqualErrorRate?
  /// Rank-1 of a random guess: the mean over probes of 1 / gallery size.
  public let chanceRank1: Double
  /// Number of probes.
  public let probeCount: Int
}

/// The result of `linkageAttack`.
public struct LinkageResult: Sendable {
  /// Gallery and probes used.
  public let design: LinkageDesign
  /// Features used (kept after the gallery standardisation) and dropped (constant or nearly absent in the gallery).
  public let featuresUsed: [String]
  public let featuresDropped: [String]
  /// Rank-1, rank-10, CMC, EER and chance.
  public let summary: IdentificationSummary
  /// Gallery-to-probe time gaps (table time unit), when the table has times.
  public let timeGaps: MedianIQR?
  /// Patient-bootstrap intervals, when asked for.
  public let intervals: LinkageIntervals?
  /// Scoring passes after the pilot (1 when the pilot's EER window held the crossing; more means it was widened).
  public let scoringPasses: Int
}

/// Linkage attack with Euclidean distances on gallery-standardised features (see `LinkageDesign`, `Standardizer`,
/// `EqualErrorRate`, `hitProbability` for the definitions). O(probes x gallery x features) time; memory O(gallery
/// x features) plus the impostor distances inside the EER window.
public func linkageAttack(
  _ table: PatientFeatureTable, options: LinkageOptions = LinkageOptions()
) throws(PrivacyError) -> LinkageResult {
  let design = try LinkageDesign(table: table, choice: options.gallery, includeDistractors: options.includeDistractors)
  let (job, standardizer) = try makeJob(table: table, design: design)
  let settings = EvaluationSettings(
    collectEER: options.computeEER, histogram: options.bootstrap != nil && options.computeEER,
    groupCount: design.probePatientCount, parallel: options.parallel,
    pilotProbes: options.pilotProbeCount, seed: options.pilotSeed)
  let scores = evaluate([job], settings)
  let intervals = options.bootstrap.map {
    bootstrapIntervals(
      scores, groups: job.probeGroup, groupCount: design.probePatientCount, settings: $0,
      parallel: options.parallel)
  }
  return LinkageResult(
    design: design,
    featuresUsed: standardizer.keptColumns.map { table.featureNames[$0] },
    featuresDropped: standardizer.droppedColumns.map { table.featureNames[$0] },
    summary: summarize(scores),
    timeGaps: design.timeGaps(in: table).map { MedianIQR($0) },
    intervals: intervals, scoringPasses: scores.passes)
}

/// Standardises on the design's gallery (over `columns`, default all) and builds the scoring job.
func makeJob(
  table: PatientFeatureTable, design: LinkageDesign, columns: [Int]? = nil
) throws(PrivacyError) -> (ScoringJob, Standardizer) {
  let standardizer = Standardizer(table: table, rows: design.galleryRows, columns: columns)
  guard standardizer.dimension > 0 else {
    throw .insufficientData(table: table.source, field: "features", problem: "every feature is constant or missing in the gallery")
  }
  let gallery = standardizer.transform(table: table, rows: design.galleryRows)
  let probes = standardizer.transform(table: table, rows: design.probeRows)
  let job = ScoringJob(
    gallery: GalleryBlocks(rows: gallery, count: design.galleryRows.count, dimension: standardizer.dimension),
    probes: probes, genuineIndex: design.probeGalleryIndex, probeGroup: design.probeGalleryIndex)
  return (job, standardizer)
}

/// Rank-1, rank-10, CMC, EER and chance from evaluated scores.
func summarize(_ scores: EvaluatedScores) -> IdentificationSummary {
  let pass = scores.pass
  let sizes = Set(pass.galleryCount)
  let chance =
    sizes.count == 1
    ? 1 / Double(sizes.first!)
    : pass.galleryCount.reduce(0.0) { $0 + 1 / Double($1) } / Double(max(pass.galleryCount.count, 1))
  return IdentificationSummary(
    rank1: identificationRate(less: pass.less, equal: pass.equal, rank: 1),
    rank10: identificationRate(less: pass.less, equal: pass.equal, rank: 10),
    cmc: cumulativeMatchCurve(less: pass.less, equal: pass.equal, galleryCount: pass.galleryCount),
    equalErrorRate: scores.eer, chanceRank1: chance, probeCount: pass.less.count)
}

/// Rank-1 only (no EER), for the repeated attacks of gallery growth, attribution and controls.
func rankOneRate(_ jobs: [ScoringJob], parallel: Bool) -> Double {
  let pass = runScoringPass(jobs, PassRequest(parallel: parallel))
  return identificationRate(less: pass.less, equal: pass.equal, rank: 1)
}
