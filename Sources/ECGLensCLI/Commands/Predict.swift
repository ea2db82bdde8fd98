import ArgumentParser
import Pipeline

/// `ecglens predict STUDY_DIR --table FEATURES.csv [--labels LABELS.csv] --out PREDICTIONS.csv`.
struct Predict: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Apply a study's models to another table; with labels, report AUROC per target.",
    discussion: """
      The table needs the study's id column and every feature its models use. Output: one row \
      per ECG, target and variant: id,target,variant,label,probability (label empty when \
      unknown). AUROC here is a point estimate; confidence intervals come from ecglens evaluate.
      """)

  @Argument(help: "Study folder written by ecglens train.")
  var study: String

  @Option(help: "Feature table (CSV).")
  var table: String

  @Option(help: "Label table (CSV) joined on the study's id column (repeatable).")
  var labels: [String] = []

  @Option(name: [.short, .long], help: "Output CSV (a file, written atomically). Default: no predictions file, AUROC only.")
  var out: String?

  func run() throws {
    let result = try predictTable(study: study, table: table, labels: labels)
    if let out { try emit(result.csv, to: out) }
    if !result.scores.isEmpty { Console.out(result.table) }
  }
}
