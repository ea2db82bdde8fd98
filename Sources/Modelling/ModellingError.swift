/// Errors setting up or running a study.
public enum ModellingError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A column named for a role (feature, target, id) is not in the data.
  case unknownColumn(name: String, role: String)
  /// A label is not 0, 1 or missing.
  case invalidLabel(target: String, row: Int, value: Double)
  /// A target column has a single class among the rows that carry it.
  case singleClass(target: String, value: Double)
  /// Invalid setting.
  case invalidOption(String)
  /// The XGBoost layer failed while training a target.
  case boosting(target: String, variant: String, message: String)
  /// A cell or column of an input file breaks a rule (`row` is 1-based, the header being row 1).
  case invalidInput(file: String, column: String, row: Int?, problem: String)
  /// A study folder cannot be read back.
  case unreadableStudy(path: String, reason: String)

  public var description: String {
    switch self {
    case .unknownColumn(let n, let role): return "\(role) column \"\(n)\" is not in the data"
    case .invalidLabel(let t, let row, let v):
      return "target \"\(t)\", row \(row): label \(v) is not 0, 1 or empty"
    case .singleClass(let t, let v): return "target \"\(t)\" has one class only (every label is \(Int(v)))"
    case .invalidOption(let s): return s
    case .boosting(let t, let v, let m): return "target \"\(t)\" (\(v)): \(m)"
    case .unreadableStudy(let p, let r): return "\(p): not a readable ECGLens study: \(r)"
    case .invalidInput(let f, let c, let row, let problem):
      return "\(f): column \"\(c)\"\(row.map { ", row \($0)" } ?? ""): \(problem)"
    }
  }
}
