/// Why the parts of a sharded study could not be merged (`mergeStudyShards`). Each case names
/// the file at fault and the problem; nothing is written when one is thrown.
public enum StudyShardError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A part's manifest is missing, unreadable or of another layout.
  case manifest(file: String, reason: String)
  /// The set lacks shards: the shards it has, of how many.
  case missingShards(file: String, have: [Int], of: Int)
  /// A shard appears twice: the second part, its shard, and the first part holding it.
  case repeatedShard(file: String, shard: Int, also: String)
  /// A part was cut from other inputs, options, split or shard count than the first part.
  case mismatch(file: String, what: String, first: String)
  /// A part's file differs from the SHA-256 its manifest recorded (changed after its shard).
  case tampered(file: String, manifest: String, expected: String, actual: String)
  /// A part's files or targets do not match its manifest or the study's targets.
  case inconsistent(file: String, reason: String)

  public var description: String {
    switch self {
    case .manifest(let file, let reason): return "\(file): \(reason)"
    case .missingShards(let file, let have, let of):
      let missing = (1...max(of, 1)).filter { !have.contains($0) }.map(String.init).joined(separator: ", ")
      return "\(file): the set has shards \(have.map(String.init).joined(separator: ", ")) of \(of): shard \(missing) missing"
    case .repeatedShard(let file, let shard, let also): return "\(file): is shard \(shard) again (also \(also))"
    case .mismatch(let file, let what, let first):
      return "\(file): \(what) differ from \(first)'s: parts of different studies"
    case .tampered(let file, let manifest, let expected, let actual):
      return "\(file): SHA-256 \(actual) differs from \(expected) in \(manifest): the file was changed after its shard finished"
    case .inconsistent(let file, let reason): return "\(file): \(reason)"
    }
  }
}
