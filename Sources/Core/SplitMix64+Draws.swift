import Foundation

/// Draws from `SplitMix64` coded here rather than taken from the standard library, whose
/// algorithms (`Int.random(in:using:)`, `shuffled(using:)`) may change between Swift versions:
/// every seeded result that uses these (bootstrap resamples, permutations, noise) is the same on
/// every platform and release.
extension SplitMix64 {
  /// A generator for sub-stream `stream` of `seed` (e.g. one per bootstrap resample), so results
  /// do not depend on the order in which sub-streams are used or on threading.
  public init(seed: UInt64, stream: UInt64) {
    self.init(seed: SplitMix64.mix(seed ^ SplitMix64.mix(stream &+ 0x9E37_79B9_7F4A_7C15)))
  }

  /// A uniform integer in 0..<bound (bound > 0), exactly uniform (rejection of the top partial
  /// block of 2^64).
  public mutating func uniformInt(below bound: Int) -> Int {
    precondition(bound > 0, "uniformInt needs a positive bound")
    let b = UInt64(bound)
    let limit = UInt64.max - (UInt64.max % b)
    while true {
      let x = next()
      if x < limit { return Int(x % b) }
    }
  }

  /// A uniform double in [0, 1) with 53 random bits.
  public mutating func uniformUnit() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A standard normal deviate (Box and Muller 1958, the cosine one of the pair; u1 in (0, 1]).
  public mutating func standardNormal() -> Double {
    let u1 = 1.0 - uniformUnit()
    let u2 = uniformUnit()
    return (-2.0 * log(u1)).squareRoot() * cos(2.0 * Double.pi * u2)
  }

  /// `items` in a Fisher-Yates (Durstenfeld 1964) random order: the same permutation for the
  /// same generator state on every platform.
  public mutating func permuted<T>(_ items: [T]) -> [T] {
    var out = items
    var i = out.count - 1
    while i > 0 {
      out.swapAt(i, uniformInt(below: i + 1))
      i -= 1
    }
    return out
  }

  /// `count` distinct indices drawn uniformly from 0..<population, in the order drawn.
  public mutating func sample(_ count: Int, from population: Int) -> [Int] {
    Array(permuted(Array(0..<population)).prefix(count))
  }
}
