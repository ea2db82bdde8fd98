import ArgumentParser
import Pipeline

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
