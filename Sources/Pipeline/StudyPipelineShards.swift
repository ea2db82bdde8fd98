import Extraction
import Foundation
import Modelling

/// The train step of `study --shard I/N`: trains the shard's targets into the study folder
/// (`training.output`) as step "train shard I/N" of the step cache, then writes the part's
/// manifest over the whole output folder (tables, split, models). Returns the models that failed.
func trainPipelineShard(
  _ request: TrainingRequest, shard: BatchShard, cache: inout StepCache, inputs: [String], settings: String, configFile: String,
  events: (StudyEvent) -> Void
) throws -> Int {
  var training = request
  training.shard = shard
  training.writesShardManifest = false
  let studyDir = training.output
  var failed = 0
  try cache.step(
    "train shard \(shard)", inputs: inputs, settings: settings, outputs: [studyDir + "/study.json"], log: { events(.note($0)) }
  ) {
    let report = try trainStudy(training)
    for n in report.notes { events(.note(n)) }
    events(.output(formatSummary(report.summary)))
    failed = report.failed.count
    events(.note(String(format: "shard %@: %d models in %.1f s -> %@", shard.description, report.trained, report.seconds, studyDir)))
  }
  try writeStudyShardManifest(
    part: URL(fileURLWithPath: studyDir).deletingLastPathComponent().path, study: "study", kind: "study", shard: shard,
    inputs: inputs, config: URL(fileURLWithPath: configFile).standardizedFileURL.path,
    threads: boosterThreads(jobs: training.jobs, study: try readStudy(at: studyDir)))
  return failed
}

/// The train step of `study merge`: the parts' study folders merged into the study folder
/// (`training.output`), recording the merged output's tables as a single run there would.
func mergePipelineParts(_ parts: [StudyPart], training: TrainingRequest, events: (StudyEvent) -> Void) throws {
  let summary = try mergeStudyFolder(parts, to: training.output, table: training.table, labels: training.labels)
  events(.output(formatSummary(summary)))
  events(.note("\(parts.count) shards merged -> \(training.output)"))
}
