import ArgumentParser

/// The `ecglens` command line: thin commands over the library modules.
public struct ECGLens: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "ecglens",
    abstract: "ECG waveforms to validated, interpretable features.",
    version: "0.1.0",
    subcommands: [
      Summary.self, Beats.self, Validate.self, Benchmark.self, Ingest.self, Labels.self, Train.self,
      Predict.self, Evaluate.self, Compare.self, ValidateExternal.self, Cohort.self, Report.self, Study.self,
      Delineate.self, Extract.self, Features.self, Explain.self,
    ])

  public init() {}
}
