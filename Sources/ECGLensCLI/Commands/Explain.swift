import ArgumentParser
import Foundation
import Measurements
import Modelling
import Reports
import Signals
import Tables

/// `ecglens explain RECORD --study DIR` or `ecglens explain --table CSV --row ID --study DIR`.
struct Explain: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Explain a study's predictions for one ECG, grounded in its measurements.",
    discussion: """
      For a WFDB RECORD the ECG is measured as `ecglens extract` measures it; with --table and \
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

  @Argument(help: "WFDB record (omit with --table).")
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
  var variant: String?

  @Option(help: "Features per target in the text.")
  var top = 5

  @Option(help: "Write an HTML page (atomically).")
  var out: String?

  @Option(help: "Write the explanations as JSON (atomically).")
  var json: String?

  @Option(help: "Age in years, when the record's header does not state it.")
  var age: Double?

  @Option(help: "Sex (male or female), when the record's header does not state it.")
  var sex: String?

  @Flag(help: "Do not print the sentences (with --out or --json).")
  var quiet = false

  func run() throws {
    let summary = try readStudy(at: study)
    var entries: [StudyEntry] = []
    let preference = variant.map { [$0] } ?? ["ecg+demographics", "ecg", "demographics"]
    if let variant, FeatureVariant(rawValue: variant) == nil { throw CLIError("--variant \(variant): not one of ecg, demographics, ecg+demographics") }
    for target in summary.configuration.targets {
      let trained = summary.entries.filter { $0.target == target && $0.modelFolder != nil }
      if let e = preference.lazy.compactMap({ v in trained.first { $0.variant.rawValue == v } }).first { entries.append(e) }
    }
    guard !entries.isEmpty else { throw CLIError("\(study): no trained model\(variant.map { " of variant \($0)" } ?? "")") }

    var values: [String: SuppliedValue] = [:]
    var display: [String: Double] = [:]
    var plot = ""
    var title = "", subtitle = ""
    var sexMale: Double?
    if let record {
      guard table == nil else { throw CLIError("give a RECORD or --table, not both") }
      let r = try readRecord(at: record)
      let leads = r.digital.indices.map { r.physical($0) }
      let m: ECGMeasurements
      do { m = try measureECG(leads: leads, descriptions: r.signalNames, samplingRate: r.samplingFrequency) } catch {
        throw CLIError("\(record): cannot be measured: \(error)")
      }
      var demographics = headerDemographics(comments: r.header.comments)
      if demographics.age == nil { demographics.age = age }
      if demographics.sexMale == nil, let sex {
        guard ["male", "female"].contains(sex.lowercased()) else { throw CLIError("--sex \(sex): male or female") }
        demographics.sexMale = sex.lowercased() == "male" ? 1 : 0
      }
      values = suppliedValues(m, demographics: demographics)
      for (d, v) in zip(featureCatalogue, featureValues(m, demographics: demographics)) { display[d.name] = v }
      sexMale = demographics.sexMale.map(Double.init)
      plot = twelveLeadSVG(leads: leads, names: r.signalNames, beats: m.leads.map(\.beats), samplingRate: r.samplingFrequency)
      title = "ECG \(r.name): grounded explanation"
      subtitle = String(format: "%@ · %.0f Hz · %.1f s · %d leads (%d usable) · %d beats", record, r.samplingFrequency, r.duration,
        leads.count, m.leads.filter { $0.problem == nil }.count, m.rPeaks.count)
        + (demographics.age.map { " · age \(formatCell($0))" } ?? "") + (demographics.sexMale.map { $0 == 1 ? " · male" : " · female" } ?? "")
        + " · study \(study)"
    } else {
      guard let table, let row else { throw CLIError("give a RECORD, or --table with --row") }
      let idName = idColumn ?? summary.configuration.idColumn
      let t = try readCSV(at: table, options: CSVReadOptions(textColumns: [idName, summary.configuration.patientColumn]))
      guard let k = try t.text(idName).firstIndex(of: row) else { throw CLIError("\(table): no row with \(idName) = \(row)") }
      for (name, column) in zip(t.names, t.columns) {
        guard case .numeric(let v) = column, !v[k].isNaN else { continue }
        values[name] = SuppliedValue(value: v[k], measuredAs: name)
        display[name] = v[k]
      }
      sexMale = values[summary.configuration.sexColumn ?? "sex_male"]?.value
      title = "\(row): grounded explanation"
      subtitle = "row \(idName) = \(row) of \(table) · study \(study)"
    }

    var explanations: [TargetExplanation] = []
    for entry in entries {
      if let restriction = entry.restriction, sexMale.map({ ($0 == 1) == (restriction == .male) }) != true {
        warn("\(entry.target): \(restriction.rawValue)-specific model; this ECG's sex is \(sexMale == nil ? "unknown" : "the other"), skipped")
        continue
      }
      let booster = try loadModel(study: study, entry: entry)
      let x = try explainPrediction(entry: entry, booster: booster, values: values)
      if x.unmeasured.count * 2 > x.evidence.count {
        warn("\(entry.target): \(x.unmeasured.count) of \(x.evidence.count) model features are not measurable here; its probability means little")
      }
      explanations.append(x)
    }
    explanations.sort { $0.probability > $1.probability }
    if !quiet { for x in explanations { print(explanationSentences(x, top: top).joined(separator: "\n  ") + "\n") } }
    if let out {
      try emit(renderExplanation(title: title, subtitle: subtitle, values: display, plot: plot, explanations: explanations, top: top), to: out)
      if !quiet { warn("explain: wrote \(out)") }
    }
    if let json { try emit(try jsonText(explanations), to: json) }
  }
}
