import ArgumentParser
import Pipeline

/// `ecglens study [run] CONFIG.json [--out DIR]` (the whole pipeline from one config file) and
/// `ecglens study merge PART...` (the parts of a sharded study).
struct Study: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a whole study from a JSON config (study CONFIG), or merge a sharded study's parts (study merge).",
    subcommands: [StudyPipelineCommand.self, StudyMerge.self], defaultSubcommand: StudyPipelineCommand.self)
}

/// `ecglens study [run] CONFIG.json [--out DIR] [--shard I/N]`.
struct StudyPipelineCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run a whole study from a JSON config: ingest -> labels -> train -> evaluate -> compare -> report.",
    discussion: StudyConfig.documentationText + "\n\n" + """
      Every key and file is checked before any work. Each step's inputs and the ecglens build \
      that ran it are hashed; a rerun skips steps whose inputs did not change and that this same \
      build ran (.ecglens-cache.json in the output folder). Outputs: features.csv, labels.csv, \
      study/ (with evaluation, comparison and report.html). With --shard I/N only shard I's \
      targets are trained and the run stops after training: the folder is a part that \
      `ecglens study merge` joins (evaluation and report run there).
      """)

  @Argument(help: "Study config (JSON).")
  var config: String

  @Option(name: [.short, .long], help: "Output folder (a folder; overrides the config's).")
  var out: String?

  @OptionGroup var parallelism: JobsOption

  @Option(help: "Train only shard I of N of the targets (by FNV-1a of the name) and stop: a part for `study merge`.")
  var shard: ShardOption?

  @Flag(help: "Recompute every step.")
  var force = false

  func run() throws {
    var options = StudyRunOptions(version: ECGLens.version)
    options.output = out
    options.force = force
    options.jobs = parallelism.jobs
    options.shard = shard?.shard
    let run = try runStudyPipeline(configFile: config, options: options) { event in
      switch event {
      case .output(let text): Console.out(text)
      case .note(let text): warn(text)
      }
    }
    Console.out(shard == nil ? "study: \(run.studyFolder)\nreport: \(run.report)" : "part: \(run.folder)")
    if run.skipped > 0 { throw ExitStatus.skippedInputs.code }
  }
}
