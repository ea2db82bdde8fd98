import ArgumentParser
import Foundation

/// `--jobs N`: how many records, targets or resamples run in parallel, in every command that
/// parallelises.
struct JobsOption: ParsableArguments {
  @Option(name: [.customLong("jobs"), .customShort("j")], help: "Parallel jobs (default: every core).")
  var requested: Int?

  /// The number of jobs (at least 1).
  var jobs: Int { max(1, requested ?? ProcessInfo.processInfo.activeProcessorCount) }

  func validate() throws {
    if let requested, requested < 1 || requested > 1024 {
      throw CLIError("--jobs \(requested): must be between 1 and 1024")
    }
  }
}
