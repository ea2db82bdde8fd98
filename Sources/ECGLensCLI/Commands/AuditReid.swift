import ArgumentParser
import Foundation
import Privacy
import Reports

/// `ecglens audit-reid TABLE --patient COL [--features ...] [--time COL] [--target COL] [--json OUT] [--out REPORT.html]`.
struct AuditReid: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "audit-reid",
    abstract: "Audit how identifying a feature table is before it is shared (re-identification risk).",
    discussion: """
      Linkage attack: each patient with two or more ECGs gives one ECG to a gallery (the earliest \
      with --time, else a seeded random one) and the others as probes; single-ECG patients are \
      enrolled as distractors. Nearest neighbour by Euclidean distance on gallery-standardised \
      features, and by a Mahalanobis metric fitted on the other half of the patients. Reports \
      rank-1 and rank-10 identification, the equal error rate of the same-person decision and \
      chance (1 / gallery size), with patient-bootstrap intervals; rank-1 as the gallery grows; \
      the same attack with patient ids permuted (a negative control: near chance); rank-1 lost \
      per feature group (dropped, permuted); sex (AUROC) and age (MAE, AUROC over 65) predicted \
      from the features by XGBoost with patient-grouped cross-validation; k-anonymity over age, \
      sex and the base measurements; and a mitigation table (coarsening, top/bottom coding, \
      noise) with the AUROC of --target trained on each mitigated table. The summary goes to \
      standard output; --json writes every figure, --out the HTML report.
      """)

  @Argument(help: "Feature table (CSV): extract output, ingested machine measurements, a study's features.")
  var table: String

  @Option(help: "Patient id column.")
  var patient: String

  @Option(help: "Features F1,F2,... Default: every numeric column but ids (*_id), the patient, time, target, age, sex and fold columns.")
  var features: String?

  @Option(help: "Acquisition time column (numbers, or date-times read as days): the earliest ECG is enrolled.")
  var time: String?

  @Option(help: "A 0/1 study target (of the table or a --labels table) whose AUROC measures each mitigation's utility cost.")
  var target: String?

  @Option(help: "Label table (CSV) holding the target, joined on --id-column (repeatable).")
  var labels: [String] = []

  @Option(help: "ECG id column (never a feature; joins --labels).")
  var idColumn = "ecg_id"

  @Option(help: "Age column (years): inferred from the features, and a quasi-identifier.")
  var ageColumn = "age_years"

  @Option(help: "Sex column (1 male, 0 female): inferred from the features, and a quasi-identifier.")
  var sexColumn = "sex_male"

  @Option(help: "Quasi-identifier features for k-anonymity, besides age and sex. Default: RR, PR, QRS, QT, QTc, P/QRS/T axes.")
  var quasiIdentifiers: String?

  @Option(help: "Patient-bootstrap resamples of the intervals.")
  var resamples = 500

  @Flag(help: "Skip the learned-metric (Mahalanobis) attack.")
  var noLearnedMetric = false

  @Option(help: "JSON output (a file, written atomically; - for standard output).")
  var json: String?

  @Option(name: [.short, .long], help: "HTML report (a file, written atomically).")
  var out: String?

  @OptionGroup var parallelism: JobsOption

  func validate() throws {
    guard (0...100_000).contains(resamples) else { throw CLIError("--resamples \(resamples): must be between 0 and 100000") }
  }

  func run() throws {
    var columns = AuditColumns(patient: patient)
    columns.features = features.map(list)
    columns.time = time
    columns.target = target
    columns.id = idColumn
    columns.age = ageColumn
    columns.sex = sexColumn
    var options = AuditOptions()
    options.linkage.bootstrap = resamples > 0 ? BootstrapSettings(resamples: resamples) : nil
    options.linkage.parallel = parallelism.jobs > 1
    options.learnedMetric = !noLearnedMetric
    options.quasiIdentifiers = quasiIdentifiers.map(list)
    options.threads = parallelism.jobs
    let progress = Progress(label: "audit-reid")
    let data = try readAuditData(file: table, labels: labels, columns: columns)
    let audit = try auditReidentification(data, options: options) { progress.update($0) }
    progress.finish()
    if let json { try emit(String(decoding: try audit.json(), as: UTF8.self) + "\n", to: json) }
    if let out { try emit(renderReidentificationReport(audit, title: "ECGLens re-identification audit: \(table)"), to: out) }
    Console.out(audit.summaryLines().joined(separator: "\n"))
    if let json, json != "-" { Console.out("json: \(json)") }
    if let out { Console.out("report: \(out)") }
  }
}
