import Cohorts
import Tables

/// How `buildLabels` makes 0/1 target columns from a table's categorical columns or PTB-XL SCP
/// statements.
public struct LabelSpec: Sendable, Equatable {
  /// Columns with one category per cell.
  public var categorical: [String] = []
  /// Columns with several categories per cell, split at `separator`.
  public var multiValued: [String] = []
  public var separator: Character = " "
  /// Categories that are not targets (e.g. NONE).
  public var ignore: [String] = []
  /// Minimum rows per category (or statement) to become a target.
  public var minCount = 100
  /// PTB-XL: the column holding SCP codes with likelihoods, and `scp_statements.csv`.
  public var scpCodes: String?
  public var scpStatements: String?
  /// PTB-XL: minimum likelihood for a statement to count.
  public var minLikelihood = 0.0
  public init() {}
}

/// What `buildLabels` made.
public struct LabelReport: Sendable {
  /// Each target with its positive count, in column order.
  public var targets: [(name: String, positives: Int)] = []
  /// SCP codes found in the table but not in the statements file, with their ECG counts.
  public var unknownCodes: [(code: String, count: Int)] = []
}

/// Builds 0/1 target columns (`categoricalLabels`; `scpLabels` with superclasses and
/// subclasses) from `table`, and writes them with the id column to `output` (atomically). An
/// empty cell leaves the row unlabelled.
///
/// - Throws: `TablesError` naming file, column and row; `PipelineError.invalid` for an SCP cell
///   that is not a `{'CODE': likelihood, ...}` dictionary.
public func buildLabels(table: String, idColumn: String, spec: LabelSpec, output: String) throws -> LabelReport {
  let columns = Set(spec.categorical + spec.multiValued + [idColumn] + (spec.scpCodes.map { [$0] } ?? []))
  let input = try readCSV(at: table, options: CSVReadOptions(textColumns: columns))
  var out = DataTable(rowCount: input.rowCount)
  var report = LabelReport()
  try out.append(idColumn, .text(try input.text(idColumn)))
  for (name, multi) in spec.categorical.map({ ($0, false) }) + spec.multiValued.map({ ($0, true) }) {
    let made = categoricalLabels(
      try input.text(name), separator: multi ? spec.separator : nil, minimumCount: spec.minCount, ignoring: Set(spec.ignore),
      prefix: name + "_")
    for (label, values) in made {
      try out.append(label, .numeric(values))
      report.targets.append((label, values.filter { $0 == 1 }.count))
    }
  }
  if let scpCodes = spec.scpCodes {
    guard let statementsFile = spec.scpStatements else {
      throw PipelineError.option(name: "scp_codes", reason: "needs scp_statements (PTB-XL scp_statements.csv)")
    }
    let st = try readCSV(
      at: statementsFile, options: CSVReadOptions(textColumns: ["", "description", "diagnostic_class", "diagnostic_subclass"]))
    guard let codeColumn = st.names.first else { throw PipelineError.invalid(file: statementsFile, reason: "empty table") }
    let codes = try st.text(codeColumn), diagnostic = try st.numeric("diagnostic")
    let sup = try st.text("diagnostic_class"), sub = try st.text("diagnostic_subclass"), desc = try st.text("description")
    let statements = codes.indices.map {
      SCPStatement(code: codes[$0], description: desc[$0], diagnostic: diagnostic[$0] == 1, superclass: sup[$0], subclass: sub[$0])
    }
    var parsed: [[String: Double]] = []
    for (i, cell) in try input.text(scpCodes).enumerated() {
      guard let p = parseSCPCodes(cell) else {
        throw PipelineError.invalid(
          file: table, reason: "column \"\(scpCodes)\", row \(i + 2): \"\(cell)\" is not a {'CODE': likelihood, ...} cell")
      }
      parsed.append(p)
    }
    let made = scpLabels(codes: parsed, statements: statements, minimumLikelihood: spec.minLikelihood, minimumCount: spec.minCount)
    for (name, values) in zip(made.targets, made.labels) {
      try out.append(name, .numeric(values))
      report.targets.append((name, Int(values.reduce(0, +))))
    }
    report.unknownCodes = made.unknown.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
  }
  try writeCSV(out, to: output)
  return report
}
