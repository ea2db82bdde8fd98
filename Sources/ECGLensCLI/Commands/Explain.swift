import ArgumentParser
import Modelling
import Pipeline
import Reports

/// `ecglens explain RECORD --study DIR` or `ecglens explain --table CSV --row ID --study DIR`.
struct Explain: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Explain a study's predictions for one ECG, grounded in its measurements.",
    discussion: """
      For a RECORD the ECG is measured as `ecglens extract` measures it; with --table and \
      --row, a row of a feature table is explained instead (no waveform). Each trained target \
      of the study (one variant per target: --variant, else ecg+demographics, ecg, \
      demographics) is applied; its probability is printed with the features that drove it \
      (TreeSHAP contributions, largest first), each with its measured value and unit, the \
      catalogue's adult range and its source, and the lead and wave it was measured on. \
      Machine-measurement features of studies trained on MIMIC-IV-ECG or MUSE tables are \
      supplied by their waveform counterparts (named in the text); features the ECG cannot \
      supply are passed as missing and listed. --out writes an HTML page with the 12-lead \
      strip and its fiducials; --json the same evidence as JSON.
      """)

  @Argument(help: "Record (omit with --table).")
  var record: String?

  @Option(help: "Study folder (ecglens train or study).")
  var study: String

  @Option(help: "Feature table to explain a row of, instead of a record.")
  var table: String?

  @Option(help: "With --table: the id of the row (in the study's id column, or --id-column).")
  var row: String?

  @Option(help: "With --table: the id column (default: the study's).")
  var idColumn: String?

  @Option(help: "Variant to explain (ecg, demographics, ecg+demographics). Default: the richest trained.")
  var variant: FeatureVariant?

  @Option(help: "Features per target in the text.")
  var top = 5

  @Option(name: [.short, .long], help: "Write an HTML page (a file, written atomically).")
  var out: String?

  @Option(help: "Write the explanations as JSON (a file, written atomically).")
  var json: String?

  @Option(help: "Age in years, when the record's header does not state it.")
  var age: Double?

  @Option(help: "Sex (male or female), when the record's header does not state it.")
  var sex: String?

  @Option(parsing: .upToNextOption, help: "With --table: model features the table may lack, passed to the trees as missing.")
  var allowMissing: [String] = []

  @Flag(help: "Do not print the sentences (with --out or --json).")
  var quiet = false

  func validate() throws {
    if record != nil && table != nil { throw CLIError("give a RECORD or --table, not both") }
    if record == nil && (table == nil || row == nil) { throw CLIError("give a RECORD, or --table with --row") }
    if let sex, !["male", "female"].contains(sex.lowercased()) { throw CLIError("--sex \(sex): male or female") }
    if let age, !(0...130).contains(age) { throw CLIError("--age \(age): must be between 0 and 130 years") }
    guard (1...100).contains(top) else { throw CLIError("--top \(top): must be between 1 and 100") }
  }

  func run() throws {
    let subject: ExplanationSubject
    if let record {
      subject = .record(path: record, ageYears: age, sexMale: sex.map { $0.lowercased() == "male" ? 1 : 0 })
    } else {
      subject = .tableRow(table: table!, id: row!, idColumn: idColumn)
    }
    let result = try explainECG(subject, study: study, variant: variant, top: top, allowMissing: Set(allowMissing))
    for note in result.notes { warn(note) }
    if !quiet { for x in result.explanations { Console.out(explanationSentences(x, top: top).joined(separator: "\n  ") + "\n") } }
    if let out {
      try emit(result.html, to: out)
      if !quiet { warn("explain: wrote \(out)") }
    }
    if let json { try emit(try jsonText(result.explanations), to: json) }
  }
}
