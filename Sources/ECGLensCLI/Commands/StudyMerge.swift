import ArgumentParser
import Pipeline

/// `ecglens study merge PART... --out FOLDER`: joins the parts of `train --shard` or `study --shard`.
struct StudyMerge: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Join the parts of a sharded study into the folder a single run writes, byte for byte.",
    discussion: """
      PART is a part folder (holding study-shard.json) written by `ecglens train --shard I/N` or \
      `ecglens study CONFIG --shard I/N`. Every shard 1..N must be there, cut from the same \
      inputs, options, split and config, and every file must match the SHA-256 in its manifest; \
      otherwise nothing is written and the error names the file and the problem. Train parts \
      merge into the study folder --out; study parts into the study's output folder --out, \
      where the steps after training (evaluation, comparisons, report) then run.
      """)

  @Argument(help: "Part folders (or their study-shard.json).")
  var parts: [String]

  @Option(name: [.short, .long], help: "Folder to write: the study folder (train parts) or the study's output folder (study parts).")
  var out: String

  @OptionGroup var parallelism: JobsOption

  @Flag(help: "Replace a non-empty --out.")
  var force = false

  func run() throws {
    var options = StudyRunOptions(version: ECGLens.version)
    options.jobs = parallelism.jobs
    let merged = try mergeStudyShards(parts: parts, output: out, force: force, options: options) { event in
      switch event {
      case .output(let text): Console.out(text)
      case .note(let text): warn(text)
      }
    }
    warn("study merge: \(merged.shards) \(merged.kind) parts, \(merged.summary.entries.count) entries -> \(merged.studyFolder)")
    Console.out("study: \(merged.studyFolder)" + (merged.run.map { "\nreport: \($0.report)" } ?? ""))
  }
}
