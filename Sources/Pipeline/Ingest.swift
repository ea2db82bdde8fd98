import Tables

/// Machine-measurement table formats `ingestMachineMeasurements` maps to the harmonised schema.
public enum MachineMeasurementSource: String, Sendable, CaseIterable, Codable {
  /// MIMIC-IV-ECG `machine_measurements.csv` (`harmonizeMIMICMachineMeasurements`).
  case mimic
  /// GE MUSE measurements as Chapman-Shaoxing's `Diagnostics.csv` (`harmonizeMUSEChapman`).
  case muse

  /// Columns kept as text whatever they hold.
  var textColumns: Set<String> {
    switch self {
    case .mimic: return ["subject_id", "study_id", "cart_id", "ecg_time", "bandwidth", "filtering"]
    case .muse: return ["FileName", "Rhythm", "Beat", "Gender"]
    }
  }
}

/// A label column of a machine-measurement table, named for the study: MIMIC-IV-ECG's extracts carry
/// their report-derived label as `report_0`, which becomes e.g. `atrial_fibrillation`.
public struct IngestLabel: Sendable, Equatable {
  /// The target name the column gets.
  public var name: String
  /// The column holding it; nil: the table's only `report_*` column.
  public var column: String?
  public init(name: String, column: String? = nil) { self.name = name; self.column = column }
}

/// Reads a machine-measurement table, maps it to the harmonised schema (`MeasurementSchema`),
/// names its label column (`label`: checked to hold 0, 1 or empty), renames kept columns
/// (`renames`: old -> new, applied in the given order) and writes it to `output` (atomically).
///
/// - Returns: the harmonised table, with the values it set missing as implausible and the
///   problems it found with the ids.
/// - Throws: `TablesError` naming the file, column and row; `PipelineError.invalid` for a rename
///   of a column that is not there, or a label column that is absent, ambiguous or not 0/1.
@discardableResult
public func ingestMachineMeasurements(
  _ source: MachineMeasurementSource, file: String, label: IngestLabel? = nil, renames: [(String, String)] = [], output: String
) throws -> HarmonizedTable {
  let raw = try readCSV(at: file, options: CSVReadOptions(textColumns: source.textColumns))
  var harmonized: HarmonizedTable
  do {
    harmonized = try harmonize(source, raw)
  } catch {
    throw PipelineError.invalid(file: file, reason: located(error, in: raw))
  }
  var table = harmonized.table
  var renames = renames
  if let label {
    let candidates = label.column.map { [$0] } ?? table.names.filter { $0.hasPrefix("report_") }
    guard candidates.count == 1, let column = candidates.first, table.index(of: column) != nil else {
      throw PipelineError.invalid(
        file: file,
        reason: label.column.map { "label: no column \"\($0)\"" }
          ?? "label \(label.name): \(candidates.isEmpty ? "no report_* column" : "several report_* columns (\(candidates.joined(separator: ", ")))"); name one with --label-column"
      )
    }
    let values: [Double]
    do { values = try table.numeric(column) } catch {
      throw PipelineError.invalid(file: file, reason: "label column \"\(column)\" holds text; labels must be 0, 1 or empty")
    }
    if let row = values.firstIndex(where: { !$0.isNaN && $0 != 0 && $0 != 1 }) {
      throw PipelineError.invalid(file: file, reason: "label column \"\(column)\", row \(row + 2): \(formatCell(values[row])) is not 0, 1 or empty")
    }
    renames.insert((column, label.name), at: 0)
  }
  table = try renamingColumns(table, renames, file: file)
  try writeCSV(table, to: output)
  harmonized.table = table
  return harmonized
}

/// `table` with columns renamed (old -> new, applied in order).
///
/// - Throws: `PipelineError.invalid` naming `file` when a column to rename is not there.
func renamingColumns(_ table: DataTable, _ renames: [(String, String)], file: String) throws -> DataTable {
  var table = table
  for (old, new) in renames {
    guard let i = table.index(of: old) else { throw PipelineError.invalid(file: file, reason: "rename: no column \"\(old)\"") }
    var renamed = DataTable(rowCount: table.rowCount)
    for (j, (name, column)) in zip(table.names, table.columns).enumerated() {
      try renamed.append(j == i ? new : name, column)
    }
    table = renamed
  }
  return table
}

/// The lines `ingest` reports: rows and columns written, values set missing as implausible per
/// column, and problems with the ids.
public func ingestReport(_ h: HarmonizedTable, file: String, output: String) -> [String] {
  var lines = ["\(file): \(h.table.rowCount) rows, \(h.table.names.count) columns -> \(output)"]
  if !h.implausible.isEmpty {
    lines.append(
      "note: implausible values set missing (column: count): "
        + h.implausible.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
  }
  lines += h.idProblems.map { "warning: \(file): \($0)" }
  return lines
}

/// A mapping error with the row it comes from: a column that should be numeric names its first
/// cell that is not a number (row numbers count the header as row 1, as a spreadsheet does).
func located(_ error: TablesError, in raw: DataTable) -> String {
  if case .wrongColumnKind(let name, "numeric") = error, case .text(let cells)? = try? raw.column(name),
    let row = cells.firstIndex(where: { !$0.isEmpty && Double($0) == nil })
  {
    return "column \"\(name)\", row \(row + 2): \"\(cells[row])\" is not a number"
  }
  return error.description
}

/// The source's mapping of its raw table to ECGLens's columns.
func harmonize(_ source: MachineMeasurementSource, _ raw: DataTable) throws(TablesError) -> HarmonizedTable {
  if source == .mimic { return try harmonizeMIMICMachineMeasurements(raw) }
  return try harmonizeMUSEChapman(raw)
}
