import Tables

/// Errors of the privacy audit. Every case names the table it concerns (the file a feature table
/// was read from), the field (a column, or an option such as "repeats") and the problem.
public enum PrivacyError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A field has the wrong shape: a row of the wrong width, an id list of the wrong length.
  case shapeMismatch(table: String, field: String, problem: String)
  /// An option or a value is out of its allowed range (a quantile outside 0...1, a negative step, a
  /// column that is not in the table, a time that is not a time).
  case invalidArgument(table: String, field: String, problem: String)
  /// The data do not allow the requested analysis (no patient with two ECGs, every feature constant).
  case insufficientData(table: String, field: String, problem: String)
  /// A numerical step failed (a covariance matrix that is not positive definite even after shrinkage).
  case numericalFailure(table: String, field: String, problem: String)
  /// Reading a table failed (the error names the file, column and row).
  case reading(TablesError)
  /// Training or applying a model failed: the model's task and XGBoost's words.
  case modelling(table: String, field: String, problem: String)

  /// "table: field: problem".
  public var description: String {
    switch self {
    case .shapeMismatch(let table, let field, let problem), .invalidArgument(let table, let field, let problem),
      .insufficientData(let table, let field, let problem), .numericalFailure(let table, let field, let problem),
      .modelling(let table, let field, let problem):
      return "\(table): \(field): \(problem)"
    case .reading(let error):
      return error.description
    }
  }
}
