import Core
import Extraction
import Foundation
import Modelling

/// What a shard of a study wrote (`train --shard I/N`, `study --shard I/N`), saved in its part
/// folder as `study-shard.json` once the shard is complete: which shard of how many, its targets,
/// fingerprints of the inputs, the options and the split, and every file of the part with its
/// SHA-256, so `mergeStudyShards` can refuse an incomplete, mixed or changed set.
public struct StudyShardManifest: Codable, Equatable, Sendable {
  /// A file of the part (relative to the part folder) or an input, and the SHA-256 of its bytes.
  public struct File: Codable, Equatable, Sendable {
    public var file: String
    public var sha256: String
  }

  /// The manifest layout (`studyShardManifestFormat`).
  public var format: String
  /// "train" (the part is a study folder) or "study" (the part is a study pipeline's output
  /// folder, its study folder in `study`).
  public var kind: String
  /// This shard's number (1 ... `shards`) and the number of shards.
  public var shard: Int, shards: Int
  /// How targets are assigned to shards (`BatchShard`, keyed by the target's name).
  public var assignment: String
  /// The study's targets, in its order, and this shard's.
  public var studyTargets: [String]
  public var targets: [String]
  /// The training inputs: feature and label tables (and, for "study", the config file).
  public var inputs: [File]
  /// The study config (kind "study"): its absolute path and SHA-256; the merge runs its steps after training.
  public var config: File?
  /// SHA-256 of the study's configuration (study.json's, with the table paths left out) and of
  /// the XGBoost threads per booster: parts trained with other options differ here.
  public var optionsSHA256: String
  public var threadsPerBooster: Int
  /// SHA-256 of `split.csv`: every shard must have split the rows alike.
  public var splitSHA256: String
  /// The study folder inside the part ("." for kind "train").
  public var study: String
  /// Every file of the part but this manifest and the step cache, sorted by path.
  public var files: [File]

  enum CodingKeys: String, CodingKey {
    case format, kind, shard, shards, assignment, targets, inputs, config, study, files
    case studyTargets = "study_targets"
    case optionsSHA256 = "options_sha256"
    case threadsPerBooster = "threads_per_booster"
    case splitSHA256 = "split_sha256"
  }

  /// The manifest's file name in a part folder.
  public static let fileName = "study-shard.json"

  /// Reads the manifest of a part folder, naming the file and the problem.
  public static func read(part: String) throws(StudyShardError) -> StudyShardManifest {
    let path = part + "/" + fileName
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .manifest(file: path, reason: "no such file: not a part written by train --shard or study --shard")
    }
    let manifest: StudyShardManifest
    do { manifest = try JSONDecoder().decode(StudyShardManifest.self, from: data) } catch {
      throw .manifest(file: path, reason: "is not a study shard manifest (\(error))")
    }
    guard manifest.format == studyShardManifestFormat else {
      throw .manifest(file: path, reason: "layout \(manifest.format); this ecglens reads \(studyShardManifestFormat)")
    }
    return manifest
  }
}

/// The manifest layout this version writes and reads.
public let studyShardManifestFormat = "ecglens-study-shard-1"

let targetAssignmentRule = "FNV-1a 64 of the UTF-8 target name mod N, plus 1"

/// The targets of `targets` that shard `shard` trains (`BatchShard`'s rule, keyed by target name).
public func shardTargets(_ targets: [String], shard: BatchShard) -> [String] {
  targets.filter { BatchShard.shardNumber(ofKey: $0, count: shard.count) == shard.index }
}

/// SHA-256 of a file's bytes, naming the file when it cannot be read.
func fileSHA256(_ path: String) throws(PipelineError) -> String {
  guard let data = FileManager.default.contents(atPath: path) else {
    throw .invalid(file: path, reason: "cannot be read to checksum it")
  }
  return SHA256.hex(data)
}

/// Every regular file under `folder`, as paths relative to it, sorted; hidden files left out.
func filesUnder(_ folder: String) -> [String] {
  let root = URL(fileURLWithPath: folder).standardizedFileURL.path
  guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
  var out: [String] = []
  for case let relative as String in walker {
    if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isFolder), !isFolder.boolValue {
      out.append(relative)
    }
  }
  return out.sorted()
}

/// The fingerprint of a study's options: its configuration without the table paths (which name
/// each part's own copy in a study pipeline) and the threads per booster.
func optionsFingerprint(_ configuration: StudyConfiguration, threads: Int) throws -> String {
  var c = configuration
  c.table = ""
  c.labels = []
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.sortedKeys]
  return SHA256.hex(try encoder.encode(c) + Data("|threads \(threads)".utf8))
}

/// Writes `study-shard.json` into a completed part folder `part` whose study folder is `study`.
func writeStudyShardManifest(
  part: String, study: String, kind: String, shard: BatchShard, inputs: [String], config: String?, threads: Int
) throws {
  let summary = try readStudy(at: part + "/" + study)
  let files = try filesUnder(part).filter { $0 != StudyShardManifest.fileName }.map { f in
    StudyShardManifest.File(file: f, sha256: try fileSHA256(part + "/" + f))
  }
  let manifest = StudyShardManifest(
    format: studyShardManifestFormat, kind: kind, shard: shard.index, shards: shard.count, assignment: targetAssignmentRule,
    studyTargets: summary.configuration.targets, targets: shardTargets(summary.configuration.targets, shard: shard),
    inputs: try inputs.map { .init(file: $0, sha256: try fileSHA256($0)) },
    config: try config.map { .init(file: $0, sha256: try fileSHA256($0)) },
    optionsSHA256: try optionsFingerprint(summary.configuration, threads: threads), threadsPerBooster: threads,
    splitSHA256: try fileSHA256(part + "/" + study + "/split.csv"), study: study, files: files)
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
  try writeFileAtomically(try encoder.encode(manifest), to: part + "/" + StudyShardManifest.fileName)
}
