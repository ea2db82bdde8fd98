import Core
import Foundation

/// One shard of an extraction batch (`extract --shard I/N`): shard `index` of `count`, numbered
/// from 1 (so `--shard 1/4` ... `--shard 4/4`, like Slurm array tasks `--array=1-4`).
///
/// A record belongs to shard `FNV1a(key) mod count + 1`, where the key is the record's id as
/// ECGLens names it before reading it (`shardKey`): its file name (`--id name`, the record name
/// of a WFDB header) or its path as found (`--id path`). The assignment depends on the record
/// alone, never on its position in the batch, so adding or removing records moves no other
/// record to another shard, and records sharing a name fall in the same shard.
public struct BatchShard: Sendable, Equatable, CustomStringConvertible {
  /// 1 ... `count`.
  public let index: Int
  /// Shards the batch is cut into (at least 1).
  public let count: Int

  /// Shard `index` of `count`; nil unless 1 <= index <= count.
  public init?(index: Int, count: Int) {
    guard count >= 1, (1...count).contains(index) else { return nil }
    self.index = index
    self.count = count
  }

  /// Parses `I/N` (e.g. `2/8`).
  public init?(text: String) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else { return nil }
    self.init(index: i, count: n)
  }

  /// `I/N`.
  public var description: String { "\(index)/\(count)" }

  /// The key a record is assigned by: its file name, or its path with `--id path`.
  public static func shardKey(ofRecord path: String, idSource: RecordIDSource) -> String {
    idSource == .path ? path : URL(fileURLWithPath: path).lastPathComponent
  }

  /// The shard (1 ... `count`) a record with this key belongs to.
  public static func shardNumber(ofKey key: String, count: Int) -> Int {
    Int(FNV1a.hash(key) % UInt64(count)) + 1
  }

  /// Whether this shard measures the record at `path`.
  public func owns(_ path: String, idSource: RecordIDSource) -> Bool {
    Self.shardNumber(ofKey: Self.shardKey(ofRecord: path, idSource: idSource), count: count) == index
  }
}
