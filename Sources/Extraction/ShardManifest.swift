import Core
import Foundation
import Tables

/// What a shard of an extraction batch wrote (`extract --shard I/N`), saved beside its outputs as
/// `OUT.manifest.json` once the shard is complete: the batch it was cut from, the shard, and each
/// part file with its row count and SHA-256, so `mergeShards` can refuse an incomplete or mixed
/// set and a part changed or cut short after its shard finished.
public struct ShardManifest: Codable, Equatable, Sendable {
  /// A part file (its name relative to the manifest's folder), its rows without the header, and
  /// the SHA-256 of its bytes.
  public struct Part: Codable, Equatable, Sendable {
    public var file: String
    public var rows: Int
    public var sha256: String
  }

  /// The manifest layout (`shardManifestFormat`).
  public var format: String
  /// This shard's number (1 ... `shards`) and the number of shards.
  public var shard: Int, shards: Int
  /// SHA-256 of the whole batch's inputs: the text a single run records in `OUT.partial.inputs`
  /// (its options line, then every record path in order).
  public var inputsSHA256: String
  /// The options line of those inputs (ECGLens version of the layout, id source, windows).
  public var options: String
  /// Records in the whole batch, and whether its rows carry window columns.
  public var batchRecords: Int
  public var windowed: Bool
  /// The key records are assigned by (`BatchShard`).
  public var assignment: String
  public var features: Part
  public var report: Part
  /// The batch position (0-based) of each of this shard's records, in the order of its report.
  public var records: [Int]

  enum CodingKeys: String, CodingKey {
    case format, shard, shards, options, windowed, assignment, features, report, records
    case inputsSHA256 = "inputs_sha256"
    case batchRecords = "batch_records"
  }

  /// The manifest's JSON (keys sorted, so equal manifests are equal bytes).
  public func json() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    return try encoder.encode(self)
  }

  /// Reads a manifest, naming the file and the problem.
  public static func read(_ path: String) throws(ExtractionError) -> ShardManifest {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .notFound(path: path, reason: "no such shard manifest (extract --shard writes OUT.manifest.json)")
    }
    let manifest: ShardManifest
    do {
      manifest = try JSONDecoder().decode(ShardManifest.self, from: data)
    } catch {
      throw .invalid(file: path, reason: "is not a shard manifest of ecglens extract --shard (\(error))")
    }
    guard manifest.format == shardManifestFormat else {
      throw .invalid(file: path, reason: "manifest layout \(manifest.format), this ecglens reads \(shardManifestFormat)")
    }
    return manifest
  }
}

/// The manifest layout this version writes and reads.
public let shardManifestFormat = "ecglens-extract-shard-1"

/// How records are assigned to shards, in the manifest's words.
let shardAssignmentRule = "FNV-1a 64 of the UTF-8 record key (file name, or path with --id path) mod N, plus 1"

extension FeatureBatchFiles {
  /// `OUT.manifest.json` (OUT without `.csv`), written by a shard when it completes.
  public var manifest: String { (out.hasSuffix(".csv") ? String(out.dropLast(4)) : out) + ".manifest.json" }

  /// Writes the manifest of a completed shard: checksums and row counts of its two files.
  func writeManifest(
    shard: BatchShard, batch: BatchInputs, windowed: Bool, positions: [Int]
  ) throws {
    func part(_ path: String) throws -> ShardManifest.Part {
      guard let data = FileManager.default.contents(atPath: path) else {
        throw ExtractionError.invalid(file: path, reason: "cannot be read back to checksum it")
      }
      let rows = csvRecords(Substring(String(decoding: data, as: UTF8.self))).count - 1
      return .init(file: URL(fileURLWithPath: path).lastPathComponent, rows: rows, sha256: SHA256.hex(data))
    }
    let document = ShardManifest(
      format: shardManifestFormat, shard: shard.index, shards: shard.count, inputsSHA256: SHA256.hex(Data(batch.text.utf8)),
      options: batch.options, batchRecords: batch.records.count, windowed: windowed, assignment: shardAssignmentRule,
      features: try part(out), report: try part(report), records: positions)
    try writeFileAtomically(try document.json(), to: manifest)
  }
}
