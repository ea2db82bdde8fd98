import Core

/// A seeded 64-bit hash of a patient id: FNV-1a (Fowler, Noll and Vo) over its UTF-8 bytes, then
/// mixed with the seed by SplitMix64's finaliser. The cross-fitted attack splits patients into two
/// halves by bit 0 of it and the inner shrinkage validation by bit 1, so the split is reproducible,
/// does not depend on row order and never separates a patient's ECGs.
public func seededHash(_ text: String, seed: UInt64) -> UInt64 {
  var h: UInt64 = 0xCBF2_9CE4_8422_2325
  for byte in text.utf8 {
    h ^= UInt64(byte)
    h = h &* 0x0000_0100_0000_01B3
  }
  return SplitMix64.mix(h ^ SplitMix64.mix(seed))
}
