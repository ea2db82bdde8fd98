/// Blocked Euclidean distances from one probe to every gallery ECG.
///
/// The gallery is stored transposed in blocks of eight ECGs (`SIMD8<Double>` per feature), so one pass over the
/// features computes eight distances at once. Each lane accumulates (gallery - probe)^2 feature after feature,
/// starting from 0, and takes the square root at the end: the same operations in the same order as a plain scalar
/// loop, so the distances are bit-identical to it (and to scikit-learn's KD-tree distances, which the fixture
/// test checks). Cost: O(gallery x features) per probe; memory: the gallery plus one distance row per thread.
struct GalleryBlocks: Sendable {
  let count: Int
  let dimension: Int
  let blockCount: Int
  /// blocks[b * dimension + f] holds feature f of gallery ECGs 8b ..< 8b + 8 (zero padding past `count`).
  let blocks: [SIMD8<Double>]

  /// `rows` is row-major, `count` x `dimension`.
  init(rows: [Double], count: Int, dimension: Int) {
    self.count = count
    self.dimension = dimension
    blockCount = (count + 7) / 8
    var blocks = [SIMD8<Double>](repeating: .zero, count: blockCount * dimension)
    for j in 0..<count {
      for f in 0..<dimension {
        blocks[(j / 8) * dimension + f][j % 8] = rows[j * dimension + f]
      }
    }
    self.blocks = blocks
  }

  /// Writes the distances from `probe` (dimension values) to the gallery ECGs of blocks `blocks` into `out`
  /// (out[0] for the first block of the range; entries past `count` are padding).
  func distances(
    probe: UnsafeBufferPointer<Double>, blocks range: Range<Int>, into out: UnsafeMutableBufferPointer<SIMD8<Double>>
  ) {
    blocks.withUnsafeBufferPointer { g in
      let dim = dimension
      for b in range {
        var acc = SIMD8<Double>.zero
        let base = b * dim
        for f in 0..<dim {
          let diff = g[base + f] - SIMD8<Double>(repeating: probe[f])
          acc = acc + diff * diff
        }
        out[b - range.lowerBound] = acc.squareRoot()
      }
    }
  }

  /// Blocks per tile so that a tile of the gallery (tile x dimension x 64 bytes) stays within about 24 KiB of L1.
  var tileBlocks: Int { max(1, 24_576 / (64 * max(dimension, 1))) }
}

/// Scalar reference for one distance, in the same operation order as the blocked kernel.
func euclideanDistance(_ a: ArraySlice<Double>, _ b: ArraySlice<Double>) -> Double {
  var acc = 0.0
  for (x, y) in zip(a, b) {
    let diff = y - x
    acc = acc + diff * diff
  }
  return acc.squareRoot()
}

extension GalleryBlocks {
  /// Distance from `probe` to gallery entry `entry`, in the kernel's operation order (bit-identical to it).
  func scalarDistance(to probe: ArraySlice<Double>, entry j: Int) -> Double {
    var acc = 0.0
    let base = (j / 8) * dimension
    for (f, x) in probe.enumerated() {
      let diff = blocks[base + f][j % 8] - x
      acc = acc + diff * diff
    }
    return acc.squareRoot()
  }
}
