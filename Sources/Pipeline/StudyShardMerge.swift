import Core
import Extraction
import Foundation
import Modelling

/// What `mergeStudyShards` wrote.
public struct StudyMergeSummary: Sendable {
  /// Shards merged, and "train" or "study" parts.
  public var shards: Int
  public var kind: String
  /// The merged study folder and, for study parts, the pipeline's output folder and report.
  public var studyFolder: String
  public var run: StudyRun?
  public var summary: StudySummary
}

/// Merges the parts of a sharded study into the folder a single run writes, byte for byte.
///
/// Parts of `ecglens train --shard I/N` merge into the study folder `output`. Parts of `ecglens
/// study --shard I/N` merge into the pipeline's output folder `output`: the shared files (feature
/// and label tables) and step cache come from the first part, the study folder is merged, and
/// the steps after training (evaluation, comparisons, fusion, external validation, explanations,
/// report) run from the study config the manifests name, with the code of the single run.
///
/// Refuses (`StudyShardError`, naming the file): a missing or repeated shard, parts of different
/// inputs, options, splits or configs, a file changed after its shard. Nothing is written then.
public func mergeStudyShards(
  parts paths: [String], output: String, force: Bool, options: StudyRunOptions,
  events: @escaping (StudyEvent) -> Void
) throws -> StudyMergeSummary {
  let existing = (try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []
  guard force || existing.isEmpty else {
    throw PipelineError.option(name: output, reason: "exists and is not empty; choose another folder or pass --force to replace it")
  }
  let parts = try loadStudyShardSet(paths)
  let m = parts[0].manifest
  guard m.kind == "study", let config = m.config else {
    let summary = try mergeStudyFolder(parts, to: output, table: nil, labels: nil)
    return StudyMergeSummary(shards: parts.count, kind: m.kind, studyFolder: output, run: nil, summary: summary)
  }
  let current = try fileSHA256(config.file)
  guard current == config.sha256 else {
    throw StudyShardError.mismatch(
      file: config.file, what: "contents (SHA-256 \(current), the parts' \(config.sha256))",
      first: parts[0].folder + "/" + StudyShardManifest.fileName)
  }
  // Tables and other files outside the study folder: equal in every part, copied from the first.
  let shared = try sharedFiles(parts) { p in p.manifest.files.filter { !$0.file.hasPrefix(p.manifest.study + "/") } }
  try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
  let cacheFile = "/.ecglens-cache.json"
  try? FileManager.default.removeItem(atPath: output + cacheFile)
  if FileManager.default.fileExists(atPath: parts[0].folder + cacheFile) {
    try FileManager.default.copyItem(atPath: parts[0].folder + cacheFile, toPath: output + cacheFile)
  }
  var cache = StepCache(folder: output, build: "", force: false)
  try cache.forget { $0.hasPrefix("train") }
  for f in shared { try copyFile(parts[0].folder + "/" + f.file, to: output + "/" + f.file) }
  var o = options
  o.output = output
  o.merge = parts
  let run = try runStudyPipeline(configFile: config.file, options: o, events: events)
  return StudyMergeSummary(shards: parts.count, kind: m.kind, studyFolder: run.studyFolder, run: run, summary: try readStudy(at: run.studyFolder))
}

/// Writes the merged study folder `studyFolder`: the shared files (split) from the first part,
/// each target's models from the part that trained it, and `study.json` and `summary.csv` with
/// every entry in the order the single run lists them (targets in the study's order, each with
/// its variants), written by `studySummaryFiles` as `writeStudy` writes them. `table` and
/// `labels`, when given, replace the recorded table paths (a study pipeline's merged folder).
func mergeStudyFolder(_ parts: [StudyPart], to studyFolder: String, table: String?, labels: [String]?) throws -> StudySummary {
  var configuration = parts[0].summary.configuration
  if let table { configuration.table = table }
  if let labels { configuration.labels = labels }
  let shards = parts.count
  var entries: [StudyEntry] = []
  for target in configuration.targets {
    let owner = parts[BatchShard.shardNumber(ofKey: target, count: shards) - 1]
    entries += owner.summary.entries.filter { $0.target == target }
  }
  guard entries.contains(where: { $0.status == "trained" }) else {
    throw PipelineError.nothingToDo(reason: "no model was trained in any part, so no study was written")
  }
  let target = URL(fileURLWithPath: studyFolder).standardizedFileURL
  let staging = target.deletingLastPathComponent()
    .appendingPathComponent(".\(target.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
  try? FileManager.default.removeItem(at: staging)
  do {
    let summaryFiles: Set<String> = ["study.json", "summary.csv"]
    let shared = try sharedFiles(parts) { studyFiles($0).filter { !$0.file.hasPrefix("models/") && !summaryFiles.contains($0.file) } }
    for f in shared { try copyFile(parts[0].studyFolder + "/" + f.file, to: staging.path + "/" + f.file) }
    for part in parts {
      let folders = Set(part.manifest.targets.map { "models/" + folderName($0) + "/" })
      for f in studyFiles(part) where f.file.hasPrefix("models/") {
        guard folders.contains(where: { f.file.hasPrefix($0) }) else {
          throw StudyShardError.inconsistent(file: part.studyFolder + "/" + f.file, reason: "is a model of a target of another shard")
        }
        try copyFile(part.studyFolder + "/" + f.file, to: staging.path + "/" + f.file)
      }
    }
    let summary = StudySummary(configuration: configuration, entries: entries)
    let files = try studySummaryFiles(summary)
    try files.json.write(to: staging.appendingPathComponent("study.json"))
    try files.csv.write(to: staging.appendingPathComponent("summary.csv"))
    try moveFolderIntoPlace(staging, target)
    return summary
  } catch {
    try? FileManager.default.removeItem(at: staging)
    throw error
  }
}

/// Copies a file's bytes, creating the folders on the way.
func copyFile(_ from: String, to path: String) throws {
  guard let data = FileManager.default.contents(atPath: from) else {
    throw PipelineError.invalid(file: from, reason: "cannot be read to merge it")
  }
  try FileManager.default.createDirectory(
    atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
  try writeFileAtomically(data, to: path)
}
