import Core

/// How much one feature group contributes to re-identification.
public struct GroupImportance: Sendable, Equatable {
  /// Group name.
  public let group: String
  /// Table columns of the group.
  public let columns: [Int]
  /// Rank-1 with the group's columns removed (features re-standardised on the gallery without them).
  public let rank1WithoutGroup: Double
  /// Baseline rank-1 minus `rank1WithoutGroup`.
  public let dropImportance: Double
  /// Mean and sample SD of rank-1 over the permutation repeats.
  public let permutedRank1Mean: Double
  public let permutedRank1SD: Double
  /// Baseline rank-1 minus `permutedRank1Mean`.
  public let permutationImportance: Double
}

/// Drop-group and permutation importance of feature groups on rank-1.
public struct AttributionResult: Sendable, Equatable {
  /// Rank-1 with every feature, and chance (1 / gallery size).
  public let baselineRank1: Double
  public let chanceRank1: Double
  /// One entry per group, sorted by group name.
  public let groups: [GroupImportance]
}

/// Attribution of the Euclidean attack's rank-1 to feature groups (same design as `linkageAttack` with `options`).
///
/// - Drop-group: the attack is re-run without the group's columns (standardisation refitted); a group that holds
///   every column leaves no information and scores chance (all distances tie).
/// - Permutation (Breiman, "Random forests", Mach. Learn. 45:5-32, 2001, section 10, applied to a group): the
///   group's standardised columns are permuted jointly among the probes (one permutation per repeat, keeping the
///   within-group correlation; repeat r of group i uses `SplitMix64(seed: seed, stream: r * groups + i)`), the
///   gallery is unchanged, and rank-1 is averaged over `repeats`. Columns dropped by the standardisation are ignored.
public func featureGroupAttribution(
  _ table: PatientFeatureTable, groups: [String: [Int]], options: LinkageOptions = LinkageOptions(), repeats: Int = 5,
  seed: UInt64 = 11
) throws(PrivacyError) -> AttributionResult {
  guard repeats >= 1 else {
    throw .invalidArgument(table: table.source, field: "repeats", problem: "\(repeats) repeats; need at least 1")
  }
  for (name, columns) in groups {
    if let bad = columns.first(where: { $0 < 0 || $0 >= table.columnCount }) {
      throw .invalidArgument(table: table.source, field: "group \(name)", problem: "column \(bad) is outside 0..<\(table.columnCount)")
    }
  }
  let design = try LinkageDesign(table: table, choice: options.gallery, includeDistractors: options.includeDistractors)
  let (job, standardizer) = try makeJob(table: table, design: design)
  let baseline = rankOneRate([job], parallel: options.parallel)
  let chance = 1 / Double(design.galleryRows.count)
  let position = Dictionary(uniqueKeysWithValues: standardizer.keptColumns.enumerated().map { ($1, $0) })
  let names = groups.keys.sorted()
  var results: [GroupImportance] = []
  for (i, name) in names.enumerated() {
    let columns = groups[name] ?? []
    let inGroup = Set(columns)
    let remaining = (0..<table.columnCount).filter { !inGroup.contains($0) }
    var without = chance
    if !remaining.isEmpty,
      let (reduced, _) = try? makeJob(table: table, design: design, columns: remaining)
    {
      without = rankOneRate([reduced], parallel: options.parallel)
    }
    let dims = columns.compactMap { position[$0] }
    var rates: [Double] = []
    for r in 0..<repeats {
      guard !dims.isEmpty else { rates.append(baseline); continue }
      var rng = SplitMix64(seed: seed, stream: UInt64(r * names.count + i))
      let order = rng.permuted(Array(0..<job.probeCount))
      var probes = job.probes
      let dim = standardizer.dimension
      for (target, source) in order.enumerated() {
        for f in dims { probes[target * dim + f] = job.probes[source * dim + f] }
      }
      let permuted = ScoringJob(
        gallery: job.gallery, probes: probes, genuineIndex: job.genuineIndex, probeGroup: job.probeGroup)
      rates.append(rankOneRate([permuted], parallel: options.parallel))
    }
    let (meanRate, sd) = (mean(rates), spread(rates))
    results.append(
      GroupImportance(
        group: name, columns: columns, rank1WithoutGroup: without, dropImportance: baseline - without,
        permutedRank1Mean: meanRate, permutedRank1SD: sd, permutationImportance: baseline - meanRate))
  }
  return AttributionResult(baselineRank1: baseline, chanceRank1: chance, groups: results)
}
