import ArgumentParser
import Pipeline

/// `ecglens validate-external STUDY_DIR --table OTHER.csv [--labels OTHER_LABELS.csv]`.
struct ValidateExternal: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate-external",
    abstract: "Apply a study's models to another cohort: internal vs external AUROC with intervals, and covariate shift.",
    discussion: """
      The other cohort must be in ECGLens's schema (ecglens ingest), with the study's id column \
      and a patient column. For each trained model: the internal AUROC on the study's test rows \
      and the external AUROC on every labelled external row, each with its DeLong interval and a \
      bootstrap interval (patients resampled within each cohort), and the unpaired DeLong test of \
      the difference. A feature missing from the external table is an error unless \
      --missing-features nan, which feeds it as missing (XGBoost's default branches) and says so. \
      Covariate shift: per model feature, the standardised mean difference between the study's \
      feature table and the external one. Writes external-NAME.csv and .json into the study folder.
      """)

  @Argument(help: "Study folder written by ecglens train.")
  var study: String

  @Option(help: "External feature table (CSV, ECGLens schema).")
  var table: String

  @Option(help: "External label table(s) joined on the id column (repeatable).")
  var labels: [String] = []

  @Option(help: "Patient column of the external table. Default: the study's.")
  var patientColumn: String?

  @Option(help: "Map a study target to an external label column: TARGET=COLUMN (repeatable).")
  var target: [String] = []

  @Option(help: "Missing feature columns: error or nan.")
  var missingFeatures = MissingFeaturePolicy.error

  @Option(help: "Name used in the output files. Default: the external table's file name.")
  var name: String?

  @OptionGroup var resampling: BootstrapArguments

  func run() throws {
    var cohort = ExternalCohort(table: table)
    cohort.labels = labels
    cohort.patientColumn = patientColumn
    for m in target {
      let parts = m.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2 else { throw CLIError("--target \(m): expected TARGET=COLUMN") }
      cohort.targetColumns[parts[0]] = parts[1]
    }
    cohort.missingFeatures = missingFeatures
    cohort.name = name
    let result = try validateExternally(study: study, cohort: cohort, options: resampling.options())
    for note in result.notes { warn(note) }
    Console.out(result.text)
  }
}

extension MissingFeaturePolicy: ExpressibleByArgument {}
