import Core
import ECGLensTestSupport
import Foundation
import Testing

@testable import Extraction

/// `extract --shard I/N` and `merge`: the assignment is stable and complete, the merged files
/// equal a single run's byte for byte, and a wrong set of parts is refused, naming the file.
@Suite struct ShardMergeTests {
  /// Runs `records` once whole and once in `shards` shards, merges the parts; returns the folder,
  /// the single run's features path and the merged features path.
  func singleAndMerged(_ records: [String], shards: Int, id: RecordIDSource = .name) throws -> (String, String, String) {
    let folder = try TestPaths.temporaryFolder()
    let single = folder + "/single.csv"
    _ = try extractFeatures(records: records, output: single, options: ExtractionOptions(jobs: 2, idSource: id))
    for i in 1...shards {
      _ = try extractFeatures(
        records: records, output: folder + "/part-\(i).csv",
        options: ExtractionOptions(jobs: 2, idSource: id, shard: BatchShard(index: i, count: shards)!))
    }
    let merged = folder + "/merged.csv"
    _ = try mergeShards(manifests: try shardManifestPaths([folder]), output: merged)
    return (folder, single, merged)
  }

  func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

  @Test func assignmentIsStableAndCoversEveryRecordOnce() throws {
    let keys = (0..<2000).map { String(format: "records500/%05d/%05d_hr", $0 / 1000 * 1000, $0) }
    for n in [1, 2, 4, 7] {
      let shards = (1...n).map { BatchShard(index: $0, count: n)! }
      var counts = [Int](repeating: 0, count: n)
      for key in keys {
        let owners = shards.filter { $0.owns(key, idSource: .name) }
        #expect(owners.count == 1, "\(key) is in \(owners.count) shards of \(n)")
        if let o = owners.first { counts[o.index - 1] += 1 }
      }
      // FNV-1a spreads 2,000 names evenly: each shard within 25 % of its share.
      #expect(counts.allSatisfy { abs(Double($0) - 2000 / Double(n)) < 0.25 * 2000 / Double(n) }, "\(counts)")
    }
    // The assignment depends on the record's name alone: not on its folder, nor on its position.
    #expect(BatchShard.shardNumber(ofKey: "00001_hr", count: 4) == 1 + Int(FNV1a.hash("00001_hr") % 4))
    let four = BatchShard(index: 3, count: 4)!
    #expect(four.owns("/a/00001_hr", idSource: .name) == four.owns("/b/c/00001_hr", idSource: .name))
    #expect(BatchShard(text: "0/4") == nil && BatchShard(text: "5/4") == nil && BatchShard(text: "2/4") != nil)
  }

  /// The main job's bundled records (PTB-XL and LUDB), plus LUDB record 1 twice more: under
  /// another folder (same name, so the same shard: the shard reports it as a duplicate), and
  /// first in the batch as `foo` whose header names it `1` (shard 4 of 4, where `1` is in shard
  /// 1): the merge reports both later records as duplicates of `foo`, as the single run does.
  @Test func mergeEqualsTheSingleRunOnTheBundledSamples() throws {
    let copy = try TestPaths.temporaryFolder(), renamed = try TestPaths.temporaryFolder()
    for ext in ["hea", "dat"] {
      try FileManager.default.copyItem(atPath: TestPaths.samples + "/ludb/1.\(ext)", toPath: copy + "/1.\(ext)")
      try FileManager.default.copyItem(atPath: TestPaths.samples + "/ludb/1.\(ext)", toPath: renamed + "/\(ext == "hea" ? "foo" : "1").\(ext)")
    }
    #expect(BatchShard.shardNumber(ofKey: "foo", count: 4) != BatchShard.shardNumber(ofKey: "1", count: 4))
    let records = try discoverRecords([renamed + "/foo", TestPaths.samples + "/ptb-xl", TestPaths.samples + "/ludb", copy + "/1"])
    let (folder, single, merged) = try singleAndMerged(records, shards: 4)
    let report = String(decoding: bytes(FeatureBatchFiles(out: single).report) ?? Data(), as: UTF8.self)
    #expect(report.components(separatedBy: "duplicate record name 1 (also \(renamed)/foo)").count == 3)
    #expect(bytes(merged) != nil && bytes(merged) == bytes(single))
    #expect(bytes(FeatureBatchFiles(out: merged).report) == bytes(FeatureBatchFiles(out: single).report))
    // Every shard wrote a manifest; their records add up to the batch.
    let manifests = try shardManifestPaths([folder]).map { try ShardManifest.read($0) }
    #expect(manifests.count == 4 && manifests.map(\.records.count).reduce(0, +) == records.count)
  }

  @Test func mergeEqualsTheSingleRunOnPTBXLRecords() throws {
    guard TestPaths.hasSharedData("ptb-xl/records500/00000") else {
      print("skipped: no PTB-XL records at \(TestPaths.sharedData)/ptb-xl (set ECGLENS_DATA)")
      return
    }
    let all = try discoverRecords([TestPaths.sharedData + "/ptb-xl/records500/00000"])
    let records = Array(all.prefix(20))
    let (_, single, merged) = try singleAndMerged(records, shards: 4)
    #expect(bytes(merged) != nil && bytes(merged) == bytes(single))
    #expect(bytes(FeatureBatchFiles(out: merged).report) == bytes(FeatureBatchFiles(out: single).report))
  }

  /// A missing shard, a part of another batch and a part changed after its shard are refused,
  /// naming the file; nothing is written.
  @Test func mergeRefusesIncompleteMixedOrTamperedSets() throws {
    let ludb = TestPaths.samples + "/ludb"
    let records = ["1", "2", "3"].map { ludb + "/" + $0 }
    let (folder, _, _) = try singleAndMerged(records, shards: 3)
    let fm = FileManager.default
    func refusal(_ manifests: [String]) -> String {
      let out = folder + "/refused-\(UUID().uuidString).csv"
      do {
        _ = try mergeShards(manifests: manifests, output: out)
        return "merged"
      } catch {
        #expect(!fm.fileExists(atPath: out))
        return "\(error)"
      }
    }
    let parts = (1...3).map { folder + "/part-\($0).manifest.json" }
    #expect(refusal([parts[0], parts[2]]).contains("shard 2 missing"))
    #expect(refusal(parts + [parts[1]]).contains("is shard 2/3 again"))
    // Shard 2 of a batch without record 3.
    let other = try TestPaths.temporaryFolder()
    _ = try extractFeatures(
      records: Array(records.prefix(2)), output: other + "/part-2.csv",
      options: ExtractionOptions(jobs: 1, shard: BatchShard(index: 2, count: 3)!))
    let mixed = refusal([parts[0], other + "/part-2.manifest.json", parts[2]])
    #expect(mixed.contains(other + "/part-2.manifest.json") && mixed.contains("parts of different batches"))
    // A value changed in a part after its shard finished.
    let owner = (1...3).first { fm.fileExists(atPath: folder + "/part-\($0).csv") && (bytes(folder + "/part-\($0).csv")?.count ?? 0) > 2000 }!
    let part = folder + "/part-\(owner).csv"
    var text = String(decoding: bytes(part)!, as: UTF8.self)
    let comma = text.lastIndex(of: ",")!
    text.insert("9", at: text.index(after: comma))
    try text.write(toFile: part, atomically: true, encoding: .utf8)
    let tampered = refusal(parts)
    #expect(tampered.contains(part) && tampered.contains("SHA-256"))
  }
}
