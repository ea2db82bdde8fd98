import ArgumentParser
import Pipeline

/// `ecglens study CONFIG.json [--out DIR]`: the whole pipeline from one config file.
struct Study: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a whole study from a JSON config: ingest -> labels -> train -> evaluate -> compare -> report.",
    discussion: StudyConfig.documentationText + "\n\n" + """
      Every key and file is checked before any work. Each step's inputs and the ecglens build \
      that ran it are hashed; a rerun skips steps whose inputs did not change and that this same \
      build ran (.ecglens-cache.json in the output folder). Outputs: features.csv, labels.csv, \
      study/ (with evaluation, comparison and report.html).
      """)

  @Argument(help: "Study config (JSON).")
  var config: String

  @Option(name: [.short, .long], help: "Output folder (a folder; overrides the config's).")
  var out: String?

  @OptionGroup var parallelism: JobsOption

  @Flag(help: "Recompute every step.")
  var force = false

  func run() throws {
    var options = StudyRunOptions(version: ECGLens.version)
    options.output = out
    options.force = force
    options.jobs = parallelism.jobs
    let run = try runStudyPipeline(configFile: config, options: options) { event in
      switch event {
      case .output(let text): Console.out(text)
      case .note(let text): warn(text)
      }
    }
    Console.out("study: \(run.studyFolder)\nreport: \(run.report)")
    if run.skipped > 0 { throw ExitStatus.skippedInputs.code }
  }
}
