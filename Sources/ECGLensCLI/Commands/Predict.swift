import ArgumentParser
import Pipeline

/// `ecglens predict STUDY_DIR --table FEATURES.csv [--labels LABELS.csv] --out PREDICTIONS.csv`.
struct Predict: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Apply a study's models to another table; with labels, report AUROC per target.",
    discussion: """
      The table needs the study's id column and every feature its models use. Output: one row \
      per ECG, target and variant: id,target,variant,label,probability (label empty when \
      unknown). With labels: AUROC per model with its DeLong 95 % interval, clustered by patient \
      (Obuchowski 1997) when the table has the study's patient column (or --patient-column) and \
      --unit is patient, and its percentile bootstrap interval.
      """)

  @Argument(help: "Study folder written by ecglens train.")
  var study: String

  @Option(help: "Feature table (CSV).")
  var table: String

  @Option(help: "Label table (CSV) joined on the study's id column (repeatable).")
  var labels: [String] = []

  @Option(help: "Patient column of the table. Default: the study's, when the table has it.")
  var patientColumn: String?

  @Option(name: [.short, .long], help: "Output CSV (a file, written atomically). Default: no predictions file, AUROC only.")
  var out: String?

  @OptionGroup var resampling: BootstrapArguments

  func run() throws {
    let result = try predictTable(
      study: study, table: table, labels: labels, patientColumn: patientColumn, options: resampling.options())
    for note in result.notes { warn(note) }
    if let out { try emit(result.csv, to: out) }
    if !result.scores.isEmpty { Console.out(result.table) }
  }
}
