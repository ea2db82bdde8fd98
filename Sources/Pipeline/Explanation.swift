import Foundation
import Measurements
import Modelling
import Reports
import Signals
import Tables

/// What `explainECG` explains: a waveform record, or a row of a feature table.
public enum ExplanationSubject: Sendable {
  /// A record, measured as `extract` measures it; age (years) and sex (1 male, 0 female) used
  /// where its header lacks them.
  case record(path: String, ageYears: Double?, sexMale: Int?)
  /// The row whose `idColumn` (default: the study's) equals `id`.
  case tableRow(table: String, id: String, idColumn: String?)
}

/// Every model's explanation for one ECG, and the page showing them.
public struct ECGExplanationResult: Sendable {
  /// Most probable finding first.
  public var explanations: [TargetExplanation]
  /// Notes for the console (a model left out for sex, features that could not be measured).
  public var notes: [String]
  /// The HTML page: header, 12-lead strip with fiducials (records only), the explanations.
  public var html: String
}

/// Applies one model per trained target of a study (`variant`, else the richest of
/// ecg+demographics, ecg, demographics) to one ECG and explains each prediction by its TreeSHAP
/// contributions, grounded in the measured values (`explainPrediction`). Machine-measurement
/// features are supplied by their waveform counterparts; features the ECG cannot supply are
/// passed as missing and named. A sex-specific model is skipped when the ECG's sex is not its.
///
/// A row of a table must have every feature of the models it is explained by, unless
/// `allowMissing` names it: a column the table lacks would otherwise be passed to the trees as
/// missing and the explanation would read "not measured" for what was never asked for.
public func explainECG(
  _ subject: ExplanationSubject, study: String, variant: FeatureVariant?, top: Int, allowMissing: Set<String> = []
) throws -> ECGExplanationResult {
  let summary = try readStudy(at: study)
  var entries: [StudyEntry] = []
  let preference = variant.map { [$0] } ?? [.ecgDemographics, .ecg, .demographics]
  for target in summary.configuration.targets {
    let trained = summary.entries.filter { $0.target == target && $0.modelFolder != nil }
    if let e = preference.lazy.compactMap({ v in trained.first { $0.variant == v } }).first { entries.append(e) }
  }
  guard !entries.isEmpty else {
    throw PipelineError.nothingToDo(reason: "\(study): no trained model\(variant.map { " of variant \($0.rawValue)" } ?? "")")
  }
  var values: [String: SuppliedValue] = [:]
  var display: [String: Double] = [:]
  var plot = "", title = "", subtitle = ""
  var sexMale: Double?
  switch subject {
  case .record(let path, let age, let sex):
    let r = try readRecord(at: path)
    let leads = r.digital.indices.map { r.physical($0) }
    let m: ECGMeasurements
    do { m = try measureECG(leads: leads, descriptions: r.signalNames, samplingRate: r.samplingFrequency) } catch {
      throw PipelineError.invalid(file: path, reason: "cannot be measured: \(error)")
    }
    var demographics = headerDemographics(comments: r.header.comments)
    if demographics.age == nil { demographics.age = age }
    if demographics.sexMale == nil { demographics.sexMale = sex }
    values = suppliedValues(m, demographics: demographics)
    for (d, v) in zip(featureCatalogue, featureValues(m, demographics: demographics)) { display[d.name] = v }
    sexMale = demographics.sexMale.map(Double.init)
    plot = twelveLeadSVG(leads: leads, names: r.signalNames, beats: m.leads.map(\.beats), samplingRate: r.samplingFrequency)
    title = "ECG \(r.name): grounded explanation"
    subtitle =
      String(
        format: "%@ · %.0f Hz · %.1f s · %d leads (%d usable) · %d beats", path, r.samplingFrequency, r.duration,
        leads.count, m.leads.filter { $0.problem == nil }.count, m.rPeaks.count)
      + (demographics.age.map { " · age \(formatCell($0))" } ?? "") + (demographics.sexMale.map { $0 == 1 ? " · male" : " · female" } ?? "")
      + " · study \(study)"
  case .tableRow(let table, let row, let idColumn):
    let idName = idColumn ?? summary.configuration.idColumn
    let t = try readCSV(at: table, options: CSVReadOptions(textColumns: [idName, summary.configuration.patientColumn]))
    guard let k = try t.text(idName).firstIndex(of: row) else {
      throw PipelineError.invalid(file: table, reason: "no row with \(idName) = \(row)")
    }
    for (name, column) in zip(t.names, t.columns) {
      guard case .numeric(let v) = column, !v[k].isNaN else { continue }
      values[name] = SuppliedValue(value: v[k], measuredAs: name)
      display[name] = v[k]
    }
    var absent = Set<String>()
    for entry in entries {
      let booster = try loadModel(study: study, entry: entry)
      for f in booster.featureNames where t.index(of: f) == nil && !allowMissing.contains(f) { absent.insert(f) }
    }
    guard absent.isEmpty else {
      throw PipelineError.invalid(
        file: table,
        reason:
          "no column for the model feature(s) \(absent.sorted().joined(separator: ", ")); name them with --allow-missing to pass them as missing")
    }
    sexMale = values[summary.configuration.sexColumn ?? "sex_male"]?.value
    title = "\(row): grounded explanation"
    subtitle = "row \(idName) = \(row) of \(table) · study \(study)"
  }

  var explanations: [TargetExplanation] = []
  var notes: [String] = []
  for entry in entries {
    if let restriction = entry.restriction, sexMale.map({ ($0 == 1) == (restriction == .male) }) != true {
      notes.append("\(entry.target): \(restriction.rawValue)-specific model; this ECG's sex is \(sexMale == nil ? "unknown" : "the other"), skipped")
      continue
    }
    let booster = try loadModel(study: study, entry: entry)
    let x = try explainPrediction(entry: entry, booster: booster, values: values)
    if x.unmeasured.count * 2 > x.evidence.count {
      notes.append(
        "\(entry.target): \(x.unmeasured.count) of \(x.evidence.count) model features are not measurable here; its probability means little")
    }
    explanations.append(x)
  }
  explanations.sort { $0.probability > $1.probability }
  let html = renderExplanation(title: title, subtitle: subtitle, values: display, plot: plot, explanations: explanations, top: top)
  return ECGExplanationResult(explanations: explanations, notes: notes, html: html)
}
