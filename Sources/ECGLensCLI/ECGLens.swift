import ArgumentParser
import Foundation

/// The `ecglens` command line: thin commands over the library modules.
public struct ECGLens: ParsableCommand {
  /// The version printed by `--version` and recorded in study folders.
  public static let version = "0.1.0"

  public static let configuration = CommandConfiguration(
    commandName: "ecglens",
    abstract: "ECG waveforms to validated, interpretable features and explainable predictions.",
    discussion: """
      Exit status, for every command: 0 all done; 1 done, but some inputs were skipped (each \
      named on standard error); 2 a usage or configuration error, found before any work; 3 \
      nothing could be done. Tables and paths go to standard output; progress, warnings and \
      errors to standard error. --out (-o) is always a path: a file for commands that write one \
      table (- for standard output where stated), a folder for those that write several.
      """,
    version: version,
    groupedSubcommands: [
      CommandGroup(
        name: "Waveforms",
        subcommands: [Extract.self, Merge.self, Embed.self, Delineate.self, Beats.self, Summary.self, Features.self, Explain.self]),
      CommandGroup(name: "Tables and cohorts", subcommands: [Ingest.self, Labels.self, Cohort.self, AuditReid.self]),
      CommandGroup(
        name: "Models and statistics",
        subcommands: [
          Study.self, Train.self, Predict.self, Evaluate.self, Compare.self, ValidateExternal.self, Report.self,
        ]),
      CommandGroup(name: "Validation and benchmarks", subcommands: [Validate.self, Benchmark.self]),
    ])

  public init() {}

  /// Parses the command line, runs the command and exits with the documented status
  /// (`ExitStatus`): argument errors are 2 rather than ArgumentParser's 64.
  public static func runMain(_ arguments: [String]? = nil) -> Never {
    do {
      var command = try parseAsRoot(arguments)
      try command.run()
      Foundation.exit(0)
    } catch {
      Foundation.exit(Self.report(error))
    }
  }

  /// Prints an error as ArgumentParser or ECGLens words it and returns the exit status.
  static func report(_ error: Error) -> Int32 {
    if let code = error as? ExitCode { return code.rawValue }
    let message = fullMessage(for: error)
    let status = exitStatus(for: error)
    if status == 0 {
      if !message.isEmpty { Console.out(message) }  // --help, --version
    } else if !message.isEmpty {
      Console.error(error is CLIError || !(message.hasPrefix("Error:") || message.hasPrefix("Usage:")) ? "error: " + message : message)
    }
    return status
  }

  /// The documented exit status of an error.
  static func exitStatus(for error: Error) -> Int32 {
    if let e = error as? CLIError { return e.status.rawValue }
    let code = exitCode(for: error)
    if code == .success { return 0 }
    if code == .validationFailure { return ExitStatus.usage.rawValue }
    return classify(error).rawValue
  }
}
