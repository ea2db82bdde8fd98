import Foundation
import Tables

/// The column `stackTrainingAndValidation` adds: 0 for a training row, 1 for a validation row.
let partitionColumn = "ecglens_partition"

/// Where a study trained with a separate validation table keeps the stacked table it recorded.
func stackedTablePath(_ study: String) -> String { study + "/training-and-validation.csv" }

/// The rows of a training table followed by those of a validation table, with `partitionColumn`
/// (0 train, 1 validation). The validation table needs every column of the training table; its
/// other columns are left out. A column numeric in one table and text in the other becomes text.
///
/// - Throws: `PipelineError.invalid` naming the validation file and the missing columns.
func stackTrainingAndValidation(
  _ train: DataTable, file: String, validation: DataTable, validationFile: String
) throws -> DataTable {
  let missing = train.names.filter { validation.index(of: $0) == nil }
  guard missing.isEmpty else {
    throw PipelineError.invalid(file: validationFile, reason: "lacks column(s) of \(file): \(missing.joined(separator: ", "))")
  }
  guard train.index(of: partitionColumn) == nil else {
    throw PipelineError.invalid(file: file, reason: "has a column \(partitionColumn), which ECGLens uses for the stacked partition")
  }
  var out = DataTable(rowCount: train.rowCount + validation.rowCount)
  for (name, column) in zip(train.names, train.columns) {
    let other = try validation.column(name)
    switch (column, other) {
    case (.numeric(let a), .numeric(let b)): try out.append(name, .numeric(a + b))
    default: try out.append(name, .text(cells(column) + cells(other)))
    }
  }
  try out.append(partitionColumn, .numeric([Double](repeating: 0, count: train.rowCount) + [Double](repeating: 1, count: validation.rowCount)))
  return out
}

private func cells(_ c: Column) -> [String] {
  switch c {
  case .numeric(let v): return v.map { $0.isNaN ? "" : formatCell($0) }
  case .text(let v): return v
  }
}
