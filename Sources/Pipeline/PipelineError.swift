/// Why a study step, or a command built on one, could not run.
public enum PipelineError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A study config is invalid: the config file, the key (dotted path) and the problem.
  case config(file: String, key: String, reason: String)
  /// A file's content does not fit its role (a table without a needed column, a study folder
  /// without models ...): the file and the problem.
  case invalid(file: String, reason: String)
  /// An option value is out of range or inconsistent: the option and the problem.
  case option(name: String, reason: String)
  /// Nothing could be done (no trained model, no target with labels ...).
  case nothingToDo(reason: String)

  public var description: String {
    switch self {
    case .config(let file, let key, let reason): return "\(file): \(key): \(reason)"
    case .invalid(let file, let reason): return "\(file): \(reason)"
    case .option(let name, let reason): return "\(name): \(reason)"
    case .nothingToDo(let reason): return reason
    }
  }
}
