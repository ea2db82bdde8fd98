import Core

/// Settings of the patient bootstrap.
public struct BootstrapSettings: Sendable, Equatable {
  /// Number of resamples (200 to 1000 is usual).
  public var resamples: Int
  /// Seed; resample b uses `SplitMix64(seed: seed, stream: b)`, so results do not depend on threading.
  public var seed: UInt64
  /// Central coverage of the percentile intervals.
  public var level: Double
  /// Defaults: 500 resamples, seed 2024, 95 % intervals.
  public init(resamples: Int = 500, seed: UInt64 = 2_024, level: Double = 0.95) {
    self.resamples = resamples
    self.seed = seed
    self.level = level
  }
}

/// Patient-bootstrap percentile intervals of the attack's figures.
///
/// Each resample draws the probe patients with replacement (as many as there are); a drawn patient brings all its
/// probes, their genuine distances and their impostor distances against the unchanged gallery. Rank-1 and rank-10
/// are exact for every resample. The resample EER uses each patient's impostor distances counted in about 1,000
/// bins (edges at pilot impostor quantiles, 800 of them within FAR +- 0.05 of the EER), the impostor CDF taken as
/// linear inside a bin and the genuine distances exactly; its error is at most the FAR mass of the bin holding the
/// crossing, reported as `eerBinningErrorBound` (the largest over resamples).
public struct LinkageIntervals: Sendable, Equatable {
  /// Intervals of rank-1, rank-10 and the EER (nil when the EER was not computed), and the resample count.
  public let rank1: PercentileInterval
  public let rank10: PercentileInterval
  public let equalErrorRate: PercentileInterval?
  public let resamples: Int
  /// Largest FAR mass of the crossing bin over resamples: a bound on each resample EER's binning error.
  public let eerBinningErrorBound: Double?
}

func bootstrapIntervals(
  _ scores: EvaluatedScores, groups: [Int], groupCount: Int, settings: BootstrapSettings, parallel: Bool
) -> LinkageIntervals {
  let pass = scores.pass
  var hits1 = [Double](repeating: 0, count: groupCount)
  var hits10 = [Double](repeating: 0, count: groupCount)
  var counts = [Int](repeating: 0, count: groupCount)
  var genuine = [[Double]](repeating: [], count: groupCount)
  for (p, g) in groups.enumerated() {
    hits1[g] += hitProbability(less: pass.less[p], equal: pass.equal[p], rank: 1)
    hits10[g] += hitProbability(less: pass.less[p], equal: pass.equal[p], rank: 10)
    counts[g] += 1
    genuine[g].append(pass.genuine[p])
  }
  let (hits1Final, hits10Final, countsFinal, genuineFinal) = (hits1, hits10, counts, genuine)
  let edges = scores.histogramEdges
  let bins = (edges?.count ?? 0) + 1
  let n = settings.resamples
  let r1 = SharedBuffer<Double>(repeating: .nan, count: n)
  let r10 = SharedBuffer<Double>(repeating: .nan, count: n)
  let eers = SharedBuffer<Double>(repeating: .nan, count: n)
  let bounds = SharedBuffer<Double>(repeating: 0, count: n)
  forEachIndex(n, parallel: parallel) { b in
    var rng = SplitMix64(seed: settings.seed, stream: UInt64(b))
    var h1 = 0.0, h10 = 0.0, probes = 0
    var gen: [Double] = []
    var hist = [Int64](repeating: 0, count: edges == nil ? 0 : bins)
    for _ in 0..<groupCount {
      let g = rng.uniformInt(below: groupCount)
      h1 += hits1Final[g]
      h10 += hits10Final[g]
      probes += countsFinal[g]
      gen.append(contentsOf: genuineFinal[g])
      if edges != nil {
        let row = g * bins
        pass.histogram.withUnsafeBufferPointer { h in
          for k in 0..<bins { hist[k] &+= Int64(h[row + k]) }
        }
      }
    }
    r1[b] = h1 / Double(probes)
    r10[b] = h10 / Double(probes)
    if let edges,
      let (eer, bound) = binnedEqualErrorRate(
        sortedGenuine: gen.sorted(), counts: hist, edges: edges, maximum: pass.distanceMax)
    {
      eers[b] = eer
      bounds[b] = bound
    }
  }
  let (r1Values, r10Values, eerValues, boundValues) = (r1.array, r10.array, eers.array, bounds.array)
  return LinkageIntervals(
    rank1: PercentileInterval(replicates: r1Values, level: settings.level),
    rank10: PercentileInterval(replicates: r10Values, level: settings.level),
    equalErrorRate: edges == nil ? nil : PercentileInterval(replicates: eerValues, level: settings.level),
    resamples: n, eerBinningErrorBound: edges == nil ? nil : boundValues.max())
}

/// EER from binned impostor counts (bin k holds distances in [edges[k-1], edges[k]), bin 0 from 0, the last bin up
/// to `maximum`; linear CDF inside a bin) and exact genuine distances, with the crossing rule of `EqualErrorRate`.
/// Returns the EER and the FAR mass of the bin that holds the crossing.
func binnedEqualErrorRate(
  sortedGenuine gen: [Double], counts: [Int64], edges: [Double], maximum: Double
) -> (Double, Double)? {
  let total = Double(counts.reduce(0, +))
  guard !gen.isEmpty, total > 0 else { return nil }
  var cumulative = [Double](repeating: 0, count: counts.count + 1)  // impostors below bin k's lower edge
  for k in 0..<counts.count { cumulative[k + 1] = cumulative[k] + Double(counts[k]) }
  func lowerEdge(_ k: Int) -> Double { k == 0 ? 0 : edges[k - 1] }
  func upperEdge(_ k: Int) -> Double { k < edges.count ? edges[k] : max(maximum, lowerEdge(k)) }
  func far(_ t: Double) -> (Double, Int) {
    let k = upperBound(edges, t)
    let lo = lowerEdge(k), hi = upperEdge(k)
    let inside = hi > lo ? min(max((t - lo) / (hi - lo), 0), 1) : 1
    return ((cumulative[k] + Double(counts[k]) * inside) / total, k)
  }
  let nG = Double(gen.count)
  var thresholds = gen + edges + [maximum]
  thresholds.sort()
  var prev = (far: 0.0, frr: 1.0, bin: 0)
  var last = -Double.infinity
  for t in thresholds where t != last {
    last = t
    let (f, k) = far(t)
    let frr = (nG - Double(upperBound(gen, t))) / nG
    let d = f - frr
    if d >= 0 {
      let dPrev = prev.far - prev.frr
      let a = d == 0 ? 1 : -dPrev / (d - dPrev)
      let mass = Double(counts[k]) / total
      return (prev.far + a * (f - prev.far), max(mass, Double(counts[prev.bin]) / total))
    }
    prev = (f, frr, k)
  }
  return nil
}
