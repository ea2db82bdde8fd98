import ArgumentParser
import Pipeline

/// `ecglens ingest mimic|muse FILE --out FEATURES.csv`: machine measurements to the schema.
struct Ingest: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Harmonise machine measurements (MIMIC-IV-ECG, GE MUSE) into ECGLens's feature schema.",
    discussion: """
      mimic: MIMIC-IV-ECG machine_measurements.csv columns (subject_id, study_id, rr_interval, \
      p_onset ... t_axis); sentinels 29999/32767, axes outside [-360, 360] and times outside \
      [0, 5000] ms become empty cells. muse: GE MUSE measurements as in Chapman-Shaoxing \
      Diagnostics.csv. Output columns and units: see MeasurementSchema in Sources/Tables. Other \
      columns of the input are kept; --rename gives them new names. --label NAME names the label \
      column (MIMIC-IV-ECG extracts: report_0, or --label-column) and checks it holds 0, 1 or empty.
      """)

  @Argument(help: "Input format: mimic or muse.")
  var source: MachineMeasurementSource

  @Argument(help: "Input CSV file.")
  var file: String

  @Option(help: "Name of the label column (e.g. atrial_fibrillation): the table's report_* column, or --label-column.")
  var label: String?

  @Option(help: "With --label: the column holding the label. Default: the only report_* column.")
  var labelColumn: String?

  @Option(name: .customLong("rename"), help: "Rename a kept column: OLD=NEW (repeatable).")
  var renames: [String] = []

  @Option(name: [.short, .long], help: "Output CSV (a file, written atomically).")
  var out: String

  func run() throws {
    let pairs = try renames.map { rename -> (String, String) in
      let parts = rename.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { throw CLIError("--rename \(rename): expected OLD=NEW") }
      return (parts[0], parts[1])
    }
    if labelColumn != nil && label == nil { throw CLIError("--label-column needs --label NAME") }
    let harmonized = try ingestMachineMeasurements(
      source, file: file, label: label.map { IngestLabel(name: $0, column: labelColumn) }, renames: pairs, output: out)
    for line in ingestReport(harmonized, file: file, output: out) { warn(line) }
  }
}

extension MachineMeasurementSource: ExpressibleByArgument {}

/// `ecglens labels TABLE --categorical COLUMN ... --out LABELS.csv`: 0/1 targets from categories.
struct Labels: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Build 0/1 target columns from categorical columns (one per frequent category).",
    discussion: """
      Each category with at least --min-count rows becomes a column COLUMN_CATEGORY. \
      --multi-valued columns hold several categories per cell separated by --separator \
      (Chapman-Shaoxing Beat: "RBBB TWC"). An empty cell leaves the row unlabelled.
      """)

  @Argument(help: "Input CSV table.")
  var table: String

  @Option(help: "Id column, copied to the output.")
  var idColumn: String

  @Option(help: "Column with one category per cell (repeatable).")
  var categorical: [String] = []

  @Option(help: "Column with several categories per cell (repeatable).")
  var multiValued: [String] = []

  @Option(help: "Separator of --multi-valued cells: one character, or \"newline\" (LUDB's ludb.csv).")
  var separator = " "

  @Option(help: "PTB-XL: column holding SCP codes with likelihoods ({'NORM': 100.0, ...}).")
  var scpCodes: String?

  @Option(help: "PTB-XL: scp_statements.csv, mapping statements to diagnostic superclasses and subclasses.")
  var scpStatements: String?

  @Option(help: "PTB-XL: minimum likelihood for a statement to count.")
  var minLikelihood = 0.0

  @Option(help: "Minimum rows per category.")
  var minCount = 100

  @Option(help: "Categories that are not targets (repeatable), e.g. NONE.")
  var ignore: [String] = []

  @Option(name: [.short, .long], help: "Output CSV (a file, written atomically).")
  var out: String

  func validate() throws {
    guard minCount >= 1 else { throw CLIError("--min-count \(minCount): must be at least 1") }
    guard separator == "newline" || separator.count == 1 else { throw CLIError("--separator must be one character or newline") }
    if scpCodes != nil && scpStatements == nil { throw CLIError("--scp-codes needs --scp-statements (PTB-XL scp_statements.csv)") }
  }

  func run() throws {
    var spec = LabelSpec()
    spec.categorical = categorical
    spec.multiValued = multiValued
    spec.separator = separator == "newline" ? "\n" : separator.first!
    spec.ignore = ignore
    spec.minCount = minCount
    spec.scpCodes = scpCodes
    spec.scpStatements = scpStatements
    spec.minLikelihood = minLikelihood
    let report = try buildLabels(table: table, idColumn: idColumn, spec: spec, output: out)
    for t in report.targets { warn("\(t.name): \(t.positives) positives") }
    for u in report.unknownCodes { warn("note: SCP code \(u.code) not in \(scpStatements ?? ""): \(u.count) ECGs") }
  }
}
