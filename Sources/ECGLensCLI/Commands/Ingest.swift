import ArgumentParser
import Cohorts
import Tables

/// `ecglens ingest mimic|muse FILE --out FEATURES.csv`: machine measurements to the schema.
struct Ingest: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Harmonise machine measurements (MIMIC-IV-ECG, GE MUSE) into ECGLens's feature schema.",
    discussion: """
      mimic: MIMIC-IV-ECG machine_measurements.csv columns (subject_id, study_id, rr_interval, \
      p_onset ... t_axis); sentinels 29999/32767, axes outside [-360, 360] and times outside \
      [0, 5000] ms become empty cells. muse: GE MUSE measurements as in Chapman-Shaoxing \
      Diagnostics.csv. Output columns and units: see MeasurementSchema in Sources/Tables. Other \
      columns of the input are kept; --rename gives them new names.
      """)

  enum Source: String, ExpressibleByArgument, CaseIterable { case mimic, muse }

  @Argument(help: "Input format: mimic or muse.")
  var source: Source

  @Argument(help: "Input CSV file.")
  var file: String

  @Option(name: .customLong("rename"), help: "Rename a kept column: OLD=NEW (repeatable).")
  var renames: [String] = []

  @Option(help: "Output CSV (written atomically).")
  var out: String

  func run() throws {
    let text: Set<String>
    switch source {
    case .mimic: text = ["subject_id", "study_id", "cart_id", "ecg_time", "bandwidth", "filtering"]
    case .muse: text = ["FileName", "Rhythm", "Beat", "Gender"]
    }
    let raw = try readCSV(at: file, options: CSVReadOptions(textColumns: text))
    var table = source == .mimic ? try harmonizeMIMICMachineMeasurements(raw) : try harmonizeMUSEChapman(raw)
    for rename in renames {
      let parts = rename.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[1].isEmpty else { throw CLIError("--rename \(rename): expected OLD=NEW") }
      guard let i = table.index(of: parts[0]) else { throw CLIError("\(file): --rename: no column \"\(parts[0])\"") }
      var renamed = DataTable(rowCount: table.rowCount)
      for (j, (name, column)) in zip(table.names, table.columns).enumerated() {
        try renamed.append(j == i ? parts[1] : name, column)
      }
      table = renamed
    }
    try writeCSV(table, to: out)
    warn("\(file): \(table.rowCount) rows, \(table.names.count) columns -> \(out)")
  }
}

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

  @Option(help: "Output CSV (written atomically).")
  var out: String

  func run() throws {
    let sep: Character
    if separator == "newline" { sep = "\n" } else {
      guard let c = separator.first, separator.count == 1 else { throw CLIError("--separator must be one character or newline") }
      sep = c
    }
    let columns = Set(categorical + multiValued + [idColumn] + (scpCodes.map { [$0] } ?? []))
    let input = try readCSV(at: table, options: CSVReadOptions(textColumns: columns))
    var output = DataTable(rowCount: input.rowCount)
    try output.append(idColumn, .text(try input.text(idColumn)))
    for (name, multi) in categorical.map({ ($0, false) }) + multiValued.map({ ($0, true) }) {
      let made = categoricalLabels(
        try input.text(name), separator: multi ? sep : nil, minimumCount: minCount, ignoring: Set(ignore),
        prefix: name + "_")
      for (label, values) in made {
        try output.append(label, .numeric(values))
        warn("\(label): \(Int(values.reduce(0) { $0 + ($1 == 1 ? 1 : 0) })) positives")
      }
    }
    if let scpCodes {
      guard let scpStatements else { throw CLIError("--scp-codes needs --scp-statements (PTB-XL scp_statements.csv)") }
      let st = try readCSV(at: scpStatements, options: CSVReadOptions(textColumns: ["", "description", "diagnostic_class", "diagnostic_subclass"]))
      guard let codeColumn = st.names.first else { throw CLIError("\(scpStatements): empty table") }
      let codes = try st.text(codeColumn), diag = try st.numeric("diagnostic")
      let sup = try st.text("diagnostic_class"), sub = try st.text("diagnostic_subclass"), desc = try st.text("description")
      let statements = codes.indices.map {
        SCPStatement(code: codes[$0], description: desc[$0], diagnostic: diag[$0] == 1, superclass: sup[$0], subclass: sub[$0])
      }
      var parsed: [[String: Double]] = []
      for (i, cell) in try input.text(scpCodes).enumerated() {
        guard let p = parseSCPCodes(cell) else {
          throw CLIError("\(table): column \"\(scpCodes)\", row \(i + 2): \"\(cell)\" is not a {'CODE': likelihood, ...} cell")
        }
        parsed.append(p)
      }
      let made = scpLabels(codes: parsed, statements: statements, minimumLikelihood: minLikelihood, minimumCount: minCount)
      for (name, values) in zip(made.targets, made.labels) {
        try output.append(name, .numeric(values))
        warn("\(name): \(Int(values.reduce(0, +))) positives")
      }
      for (code, n) in made.unknown.sorted(by: { $0.key < $1.key }) { warn("note: SCP code \(code) not in \(scpStatements): \(n) ECGs") }
    }
    try writeCSV(output, to: out)
  }
}
