import ArgumentParser
import Extraction
import Pipeline
import Privacy
import Tables

/// The exit statuses of every `ecglens` command (documented once, in `ecglens --help`):
/// 0 all done; 1 done, but some inputs were skipped (each named on standard error);
/// 2 a usage or configuration error (a flag, a value, a config key, a path that does not
/// exist), found before any work; 3 nothing could be done (every input failed, or the work
/// itself failed).
enum ExitStatus: Int32 {
  case success = 0
  case skippedInputs = 1
  case usage = 2
  case failed = 3

  var code: ExitCode { ExitCode(rawValue) }
}

/// A user-facing error with a complete message and the exit status it ends the command with.
struct CLIError: Error, CustomStringConvertible {
  var description: String
  var status: ExitStatus
  /// A usage or configuration error (exit status 2).
  init(_ description: String) { self.description = description; status = .usage }
  init(_ description: String, status: ExitStatus) { self.description = description; self.status = status }
}

/// Ends a batch: status 1 when some inputs were skipped, 3 when none succeeded.
func finishBatch(succeeded: Int, skipped: Int) throws {
  guard skipped > 0 else { return }
  throw succeeded == 0 ? ExitStatus.failed.code : ExitStatus.skippedInputs.code
}

/// The exit status of a library error: a path or option the user named that is wrong is a usage
/// error (2); anything that went wrong with the work itself is 3.
func classify(_ error: Error) -> ExitStatus {
  switch error {
  case let e as PipelineError:
    switch e {
    case .config, .option: return .usage
    case .invalid, .nothingToDo: return .failed
    }
  case let e as ExtractionError:
    switch e {
    case .notFound, .outputInTheWay: return .usage
    case .invalid, .record: return .failed
    }
  case let e as TablesError:
    if case .fileNotFound = e { return .usage }
    return .failed
  case let e as PrivacyError:
    switch e {
    case .invalidArgument, .reading(.fileNotFound): return .usage
    default: return .failed
    }
  default:
    return .failed
  }
}
