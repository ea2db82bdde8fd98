/// FNV-1a, 64-bit (Fowler, Noll and Vo; the offset basis and prime of IETF draft-eastlake-fnv):
/// a fast, stable, non-cryptographic hash of bytes. Stable across machines, runs and Swift
/// versions (unlike `Hasher`, which is seeded per process), so it can decide which shard a record
/// belongs to or key a cache on disk. Not for security: use `SHA256` where tampering matters.
public struct FNV1a: Sendable, Equatable {
  /// The hash of the bytes added so far (the offset basis before any).
  public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

  public init() {}

  /// Adds `bytes` in order.
  public mutating func add<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
    for b in bytes { value = (value ^ UInt64(b)) &* 0x100_0000_01b3 }
  }

  /// The hash of a string's UTF-8 bytes.
  public static func hash(_ text: String) -> UInt64 {
    var h = FNV1a()
    h.add(text.utf8)
    return h.value
  }
}
