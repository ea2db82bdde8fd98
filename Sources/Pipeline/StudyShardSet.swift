import Core
import Extraction
import Foundation
import Modelling

/// A part of a sharded study: its folder, its manifest (checked against the set's first) and its
/// study summary, every file checked against the SHA-256 its manifest recorded.
struct StudyPart: Sendable {
  var folder: String
  var manifest: StudyShardManifest
  var summary: StudySummary
  var studyFolder: String { Self.studyFolder(of: folder, manifest) }
  /// The study folder inside the part folder `folder` (the part itself for train parts).
  static func studyFolder(of folder: String, _ manifest: StudyShardManifest) -> String {
    manifest.study == "." ? folder : folder + "/" + manifest.study
  }
}

/// Reads the parts named by `paths` (part folders, or their `study-shard.json`) and refuses a set
/// that is incomplete (a shard missing), holds a shard twice, mixes studies (inputs, options,
/// split, shard counts or kinds differ from the first part's), or holds a file changed after its
/// shard finished. The parts come back in shard order.
func loadStudyShardSet(_ paths: [String]) throws -> [StudyPart] {
  let folders = paths.map { p in
    p.hasSuffix("/" + StudyShardManifest.fileName) ? String(p.dropLast(StudyShardManifest.fileName.count + 1)) : p
  }
  guard let firstFolder = folders.first else { throw StudyShardError.manifest(file: "", reason: "no parts to merge") }
  let first = try StudyShardManifest.read(part: firstFolder)
  let firstFile = firstFolder + "/" + StudyShardManifest.fileName
  var byShard: [Int: StudyPart] = [:]
  for folder in folders {
    let m = try StudyShardManifest.read(part: folder)
    let file = folder + "/" + StudyShardManifest.fileName
    func same(_ what: String, _ equal: Bool) throws {
      if !equal { throw StudyShardError.mismatch(file: file, what: what, first: firstFile) }
    }
    try same("kinds (train or study parts)", m.kind == first.kind && m.study == first.study)
    try same("shard counts", m.shards == first.shards)
    try same("input tables (SHA-256)", m.inputs.map(\.sha256) == first.inputs.map(\.sha256))
    try same("study configs (SHA-256)", m.config?.sha256 == first.config?.sha256)
    try same("options (study configuration, threads per booster)", m.optionsSHA256 == first.optionsSHA256)
    try same("splits (split.csv SHA-256)", m.splitSHA256 == first.splitSHA256)
    try same("study targets", m.studyTargets == first.studyTargets)
    guard (1...m.shards).contains(m.shard) else {
      throw StudyShardError.manifest(file: file, reason: "shard \(m.shard) is not between 1 and \(m.shards)")
    }
    if let other = byShard[m.shard] { throw StudyShardError.repeatedShard(file: file, shard: m.shard, also: other.folder) }
    byShard[m.shard] = try loadStudyPart(folder, m)
  }
  guard byShard.count == first.shards else {
    throw StudyShardError.missingShards(file: firstFile, have: byShard.keys.sorted(), of: first.shards)
  }
  return (1...first.shards).map { byShard[$0]! }
}

/// One part, its files checked against its manifest, its targets against the assignment rule and
/// its study summary against the manifest's options.
func loadStudyPart(_ folder: String, _ m: StudyShardManifest) throws -> StudyPart {
  let file = folder + "/" + StudyShardManifest.fileName
  for f in m.files {
    let path = folder + "/" + f.file
    guard let data = FileManager.default.contents(atPath: path) else {
      throw StudyShardError.inconsistent(file: path, reason: "is named by \(file) but cannot be read")
    }
    let actual = SHA256.hex(data)
    if actual != f.sha256 { throw StudyShardError.tampered(file: path, manifest: file, expected: f.sha256, actual: actual) }
  }
  let shard = BatchShard(index: m.shard, count: m.shards)!
  guard m.targets == shardTargets(m.studyTargets, shard: shard) else {
    throw StudyShardError.inconsistent(file: file, reason: "its targets are not those the assignment rule gives shard \(shard)")
  }
  let part = StudyPart(folder: folder, manifest: m, summary: try readStudy(at: StudyPart.studyFolder(of: folder, m)))
  let entryTargets = part.summary.entries.map(\.target).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
  guard entryTargets == m.targets, part.summary.configuration.targets == m.studyTargets else {
    throw StudyShardError.inconsistent(file: part.studyFolder + "/study.json", reason: "its entries are not the targets of \(file)")
  }
  guard try optionsFingerprint(part.summary.configuration, threads: m.threadsPerBooster) == m.optionsSHA256 else {
    throw StudyShardError.inconsistent(file: part.studyFolder + "/study.json", reason: "its configuration is not the one \(file) names")
  }
  return part
}

/// The files of a part under its study folder, relative to that folder.
func studyFiles(_ part: StudyPart) -> [StudyShardManifest.File] {
  let prefix = part.manifest.study == "." ? "" : part.manifest.study + "/"
  return part.manifest.files.filter { $0.file.hasPrefix(prefix) }.map { .init(file: String($0.file.dropFirst(prefix.count)), sha256: $0.sha256) }
}

/// Checks that every part holds the same shared files (`files` picks them) with the same bytes,
/// and returns the first part's.
func sharedFiles(_ parts: [StudyPart], _ files: (StudyPart) -> [StudyShardManifest.File]) throws -> [StudyShardManifest.File] {
  let first = files(parts[0])
  for part in parts.dropFirst() where files(part) != first {
    throw StudyShardError.mismatch(
      file: part.folder + "/" + StudyShardManifest.fileName, what: "shared files (tables, split)",
      first: parts[0].folder + "/" + StudyShardManifest.fileName)
  }
  return first
}
