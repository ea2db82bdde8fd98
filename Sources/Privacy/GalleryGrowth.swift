import Core

/// Rank-1 among N enrolled patients, averaged over random draws of the N patients.
public struct GalleryGrowthPoint: Sendable, Equatable {
  /// Patients enrolled (N, capped at the number of patients with two or more ECGs).
  public let enrolled: Int
  /// Draws averaged (1 when all patients are enrolled).
  public let draws: Int
  /// Mean and sample standard deviation of rank-1 over the draws.
  public let meanRank1: Double
  public let sdRank1: Double
  /// Chance rank-1, 1 / N.
  public let chanceRank1: Double
  /// Mean number of probes per draw.
  public let meanProbeCount: Double
}

/// Closed-set identification as the gallery grows: for each size N, draw N of the patients with two or more ECGs
/// (seeded; draw d of size N uses `SplitMix64(seed: seed ^ N, stream: d)`), enrol their gallery ECGs (chosen
/// by `options.gallery` as in the full attack, no distractors), standardise on that gallery, and attack with the
/// probes of those patients only. Rank-1 is averaged over `draws` draws. `Int.max` in `sizes` means "all"; sizes
/// above the number of patients with repeats are scored once, as "all".
public func galleryGrowth(
  _ table: PatientFeatureTable, sizes: [Int] = [100, 1_000, Int.max], draws: Int = 5, seed: UInt64 = 77,
  options: LinkageOptions = LinkageOptions()
) throws(PrivacyError) -> [GalleryGrowthPoint] {
  guard draws >= 1 else {
    throw .invalidArgument(table: table.source, field: "draws", problem: "\(draws) draws; need at least 1")
  }
  let full = try LinkageDesign(table: table, choice: options.gallery, includeDistractors: false)
  let available = full.probePatientCount
  var points: [GalleryGrowthPoint] = []
  for size in sizes {
    guard size >= 2 else {
      throw .invalidArgument(table: table.source, field: "sizes", problem: "gallery size \(size) is below 2")
    }
    let n = min(size, available)
    // Sizes above the number of patients with repeats all mean "every one of them": score it once.
    guard !points.contains(where: { $0.enrolled == n }) else { continue }
    let drawCount = n == available ? 1 : draws
    var rates: [Double] = []
    var probes = 0.0
    for d in 0..<drawCount {
      var rng = SplitMix64(seed: seed ^ UInt64(n), stream: UInt64(d))
      let patients = n == available ? Array(0..<available) : rng.sample(n, from: available).sorted()
      let design = try LinkageDesign(
        table: table, choice: .explicit(rows: patients.map { full.galleryRows[$0] }), includeDistractors: false)
      let (job, _) = try makeJob(table: table, design: design)
      rates.append(rankOneRate([job], parallel: options.parallel))
      probes += Double(design.probeRows.count)
    }
    let (meanRate, sd) = (mean(rates), spread(rates))
    points.append(
      GalleryGrowthPoint(
        enrolled: n, draws: drawCount, meanRank1: meanRate, sdRank1: sd, chanceRank1: 1 / Double(n),
        meanProbeCount: probes / Double(drawCount)))
  }
  return points
}
