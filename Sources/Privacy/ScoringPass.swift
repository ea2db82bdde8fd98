/// One closed-set identification problem in a standardised (or whitened) space: a gallery and probes whose own
/// gallery entry is known. Several jobs can be scored together and pooled (the two halves of the cross-fitted
/// Mahalanobis attack).
struct ScoringJob: Sendable {
  let gallery: GalleryBlocks
  /// Probe features, row-major, `genuineIndex.count` x dimension.
  let probes: [Double]
  /// Index of each probe's own gallery entry.
  let genuineIndex: [Int]
  /// Bootstrap group (probe patient) of each probe, numbered across all jobs; a group's probes are contiguous.
  let probeGroup: [Int]

  var probeCount: Int { genuineIndex.count }
}

/// What one pass over all probe x gallery distances collects besides the ranks.
struct PassRequest: Sendable {
  /// Keep every impostor distance in [lower, upper]; count those below.
  var window: (lower: Double, upper: Double)?
  /// Count impostor distances per group in the bins delimited by these sorted edges (bin = #edges <= distance).
  var histogramEdges: [Double]?
  var groupCount = 0
  var parallel = true
}

/// Per-probe rank statistics and the impostor summaries of one pass, probes in job order.
struct PassResult: Sendable {
  /// Impostors strictly closer than the genuine entry.
  var less: [Int32] = []
  /// Impostors exactly as close as the genuine entry.
  var equal: [Int32] = []
  /// Distance to the genuine entry.
  var genuine: [Double] = []
  /// Gallery size seen by each probe.
  var galleryCount: [Int32] = []
  var impostorTotal = 0
  var impostorsBelow = 0
  var windowImpostors: [Double] = []
  var distanceMax = 0.0
  /// groupCount x (edges + 1) counts, when histogram edges were given.
  var histogram: [Int32] = []
}

/// Chunks of a job's probes, each ending on a group boundary, about `target` probes long.
private func chunkRanges(_ groups: [Int], target: Int) -> [Range<Int>] {
  var ranges: [Range<Int>] = []
  var start = 0
  var i = 0
  while i < groups.count {
    var end = min(i + target, groups.count)
    while end < groups.count, groups[end] == groups[end - 1] { end += 1 }
    ranges.append(start..<end)
    start = end
    i = end
  }
  return ranges
}

/// Scores every probe against every gallery entry of its job, collecting what `request` asks for.
func runScoringPass(_ jobs: [ScoringJob], _ request: PassRequest) -> PassResult {
  let total = jobs.reduce(0) { $0 + $1.probeCount }
  var result = PassResult()
  result.less = [Int32](repeating: 0, count: total)
  result.equal = [Int32](repeating: 0, count: total)
  result.genuine = [Double](repeating: 0, count: total)
  result.galleryCount = [Int32](repeating: 0, count: total)
  let edges = request.histogramEdges ?? []
  let bins = edges.count + 1
  if request.histogramEdges != nil {
    result.histogram = [Int32](repeating: 0, count: request.groupCount * bins)
  }
  var offset = 0
  for job in jobs {
    let ranges = chunkRanges(job.probeGroup, target: 64)
    let below = SharedBuffer<Int>(repeating: 0, count: ranges.count)
    let stored = SharedBuffer<[Double]>(repeating: [], count: ranges.count)
    let maxima = SharedBuffer<Double>(repeating: 0, count: ranges.count)
    let lessOut = SharedBuffer<Int32>(repeating: 0, count: job.probeCount)
    let equalOut = SharedBuffer<Int32>(repeating: 0, count: job.probeCount)
    let genOut = SharedBuffer<Double>(repeating: 0, count: job.probeCount)
    let histOut = SharedBuffer<Int32>(repeating: 0, count: result.histogram.count)
    let withHistogram = request.histogramEdges != nil
    let binLookup = BinLookup(edges: edges)
    let window = request.window
    forEachIndex(ranges.count, parallel: request.parallel) { c in
      // Tiles of the gallery stay in cache while every probe of the chunk is scored against them.
      let gallery = job.gallery
      let tileBlocks = gallery.tileBlocks
      let scratch = UnsafeMutableBufferPointer<SIMD8<Double>>.allocate(capacity: tileBlocks)
      defer { scratch.deallocate() }
      let d = UnsafeBufferPointer<Double>(
        start: UnsafeRawPointer(scratch.baseAddress!).assumingMemoryBound(to: Double.self), count: tileBlocks * 8)
      let dim = gallery.dimension
      let chunk = ranges[c]
      var tallies = [ProbeTally](repeating: ProbeTally(), count: chunk.count)
      var genuine = [Double](repeating: 0, count: chunk.count)
      var localStored: [Double] = []
      job.probes.withUnsafeBufferPointer { probes in
        for p in chunk {
          genuine[p - chunk.lowerBound] = gallery.scalarDistance(
            to: job.probes[(p * dim)..<((p + 1) * dim)], entry: job.genuineIndex[p])
        }
        for tileStart in stride(from: 0, to: gallery.blockCount, by: tileBlocks) {
          let tile = tileStart..<min(tileStart + tileBlocks, gallery.blockCount)
          let first = tileStart * 8
          let count = min(tile.count * 8, gallery.count - first)
          for p in chunk {
            gallery.distances(
              probe: UnsafeBufferPointer(rebasing: probes[(p * dim)..<((p + 1) * dim)]), blocks: tile, into: scratch)
            let own = job.genuineIndex[p]
            let dg = genuine[p - chunk.lowerBound]
            tallies[p - chunk.lowerBound].add(
              tile: scratch, first: first, count: count, own: own, genuine: dg, window: window, stored: &localStored)
            if withHistogram {
              let row = job.probeGroup[p] * bins
              for j in 0..<count where first + j != own {
                histOut[row + binLookup.bin(of: d[j])] &+= 1
              }
            }
          }
        }
      }
      var localBelow = 0
      var localMax = 0.0
      for (i, t) in tallies.enumerated() {
        let p = chunk.lowerBound + i
        lessOut[p] = Int32(t.less)
        equalOut[p] = Int32(t.equal - 1)
        genOut[p] = genuine[i]
        localBelow += t.below
        localMax = max(localMax, t.maximum)
      }
      below[c] = localBelow
      stored[c] = localStored
      maxima[c] = localMax
    }
    for p in 0..<job.probeCount {
      result.less[offset + p] = lessOut[p]
      result.equal[offset + p] = equalOut[p]
      result.genuine[offset + p] = genOut[p]
    }
    for k in 0..<result.histogram.count { result.histogram[k] &+= histOut[k] }
    for p in 0..<job.probeCount { result.galleryCount[offset + p] = Int32(job.gallery.count) }
    result.impostorTotal += job.probeCount * (job.gallery.count - 1)
    result.impostorsBelow += below.array.reduce(0, +)
    for s in stored.array { result.windowImpostors.append(contentsOf: s) }
    result.distanceMax = max(result.distanceMax, maxima.array.max() ?? 0)
    offset += job.probeCount
  }
  return result
}

/// Exact bin lookup (bin = number of edges <= value) accelerated by a uniform grid over [edges.first, edges.last]:
/// the grid cell gives the bin of its left end, and a short forward scan finishes the search.
struct BinLookup: Sendable {
  let edges: [Double]
  let start: [Int32]
  let origin: Double
  let scale: Double

  init(edges: [Double], cells: Int = 16_384) {
    self.edges = edges
    guard let first = edges.first, let last = edges.last, last > first else {
      start = []
      origin = 0
      scale = 0
      return
    }
    origin = first
    scale = Double(cells) / (last - first)
    start = (0..<cells).map { Int32(upperBound(edges, first + Double($0) / (Double(cells) / (last - first)))) }
  }

  func bin(of value: Double) -> Int {
    guard !start.isEmpty else { return upperBound(edges, value) }
    if value < origin { return 0 }
    let cell = Int((value - origin) * scale)
    if cell >= start.count { return upperBound(edges, value) }
    var k = max(Int(start[cell]) - 1, 0)
    while k > 0, edges[k - 1] > value { k -= 1 }
    while k < edges.count, edges[k] <= value { k += 1 }
    return k
  }
}
