import Core

/// The shrinkage weight for a metric fitted on `fit` (the half not attacked), with the inner rank-1 of each grid
/// weight when `shrinkage` is `innerValidation` (NaN where a weight left the covariance singular).
func chooseShrinkage(
  _ shrinkage: CovarianceShrinkage, fit: PatientFeatureTable, scatter: WithinPatientScatter, splitSeed: UInt64,
  options: LinkageOptions
) throws(PrivacyError) -> (weight: Double, innerRank1: [Double]?) {
  switch shrinkage {
  case .fixed(let w):
    return (w, nil)
  case .ledoitWolf:
    return (scatter.ledoitWolf, nil)
  case .innerValidation(let grid):
    guard !grid.isEmpty, grid.allSatisfy({ (0...1).contains($0) }) else {
      throw .invalidArgument(table: fit.source, field: "shrinkage grid", problem: "weights \(grid) must be a non-empty list in 0...1")
    }
    guard let rates = innerRates(grid: grid, fit: fit, splitSeed: splitSeed, options: options),
      let best = rates.indices.filter({ !rates[$0].isNaN }).max(by: {
        rates[$0] < rates[$1] || (rates[$0] == rates[$1] && grid[$0] < grid[$1])
      })
    else {
      return (scatter.ledoitWolf, nil)
    }
    return (grid[best], rates)
  }
}

/// Rank-1 of an attack inside the fitting half for each grid weight: its patients are split by bit 1 of
/// `seededHash(id, seed: splitSeed)`; the metric is fitted on part 0 and part 1 is attacked (standardised on its own
/// gallery, as in the outer attack). Nil when either part cannot play its role.
private func innerRates(
  grid: [Double], fit: PatientFeatureTable, splitSeed: UInt64, options: LinkageOptions
) -> [Double]? {
  var parts: [[Int]] = [[], []]
  for (row, id) in fit.patientIDs.enumerated() {
    parts[Int((seededHash(id, seed: splitSeed) >> 1) & 1)].append(row)
  }
  let metricPart = fit.selectingRows(parts[0])
  let attackPart = fit.selectingRows(parts[1])
  var choice = options.gallery
  if case .explicit = choice { choice = .automatic(seed: splitSeed) }
  guard
    let design = try? LinkageDesign(
      table: attackPart, choice: choice, includeDistractors: options.includeDistractors),
    let (job, standardizer) = try? makeJob(table: attackPart, design: design),
    let scatter = try? WithinPatientScatter(
      rows: standardizer.transform(table: metricPart, rows: Array(0..<metricPart.rowCount)),
      dimension: standardizer.dimension, groups: metricPart.rowsByPatient().rows, source: fit.source)
  else { return nil }
  let gallery = standardizer.transform(table: attackPart, rows: design.galleryRows)
  return grid.map { w in
    guard let whitening = try? scatter.whitening(weight: w, source: fit.source) else { return .nan }
    let metricJob = ScoringJob(
      gallery: GalleryBlocks(
        rows: whitening.whiten(gallery), count: design.galleryRows.count,
        dimension: standardizer.dimension),
      probes: whitening.whiten(job.probes), genuineIndex: job.genuineIndex, probeGroup: job.probeGroup)
    return rankOneRate([metricJob], parallel: options.parallel)
  }
}
