/// Errors building splits and cohorts.
public enum CohortsError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Arrays that describe the same rows differ in length.
  case lengthMismatch(what: String, expected: Int, found: Int)
  /// A patient id is empty.
  case missingPatient(row: Int)
  /// The number of folds is not 3...1000, or exceeds the number of patients.
  case invalidFoldCount(folds: Int, patients: Int)
  /// A patient's rows fall in more than one partition: the split leaks.
  case patientInSeveralPartitions(patient: String, partitions: [String])
  /// A shipped table cannot be found or read.
  case resourceMissing(String)
  /// An input table or option is unusable: the complete message (file, column, problem).
  case input(String)

  public var description: String {
    switch self {
    case .lengthMismatch(let what, let e, let f): return "\(what) has \(f) rows, expected \(e)"
    case .missingPatient(let row): return "row \(row): patient id is empty"
    case .invalidFoldCount(let k, let p): return "\(k) folds for \(p) patients: need 3 <= folds <= patients"
    case .patientInSeveralPartitions(let p, let parts):
      return "patient \(p) appears in \(parts.joined(separator: " and ")): the split leaks"
    case .resourceMissing(let what): return "cannot read \(what) (shipped with ECGLens; reinstall or rebuild)"
    case .input(let message): return message
    }
  }
}
