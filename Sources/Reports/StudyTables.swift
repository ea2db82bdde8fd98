import Core
import Foundation
import Measurements
import Modelling
import Statistics
import Tables

/// Table 1 by partition: ECGs, patients, age (median and IQR), male sex (n and %), and every
/// model feature, as median (IQR) or, for a 0/1 feature, n (%) of ones, with its missingness over
/// all rows of the split. Quantiles by linear interpolation (Hyndman and Fan type 7).
func cohortTable(
  split: DataTable, table: DataTable, rowOf: [String: Int], config: StudyConfiguration, features: [String]
) throws
  -> ReportTable
{
  let ids = try split.text(config.idColumn), patients = try split.text(config.patientColumn), parts = try split.text("partition")
  let partitions = ["train", "validation", "test"].filter { p in parts.contains(p) }
  let rowsOf = partitions.map { p in ids.indices.filter { parts[$0] == p } }
  let tableRows = rowsOf.map { $0.compactMap { rowOf[ids[$0]] } }
  let allRows = ids.indices.compactMap { rowOf[ids[$0]] }
  var rows: [[String]] = []
  rows.append(["ECGs, n"] + rowsOf.map { "\($0.count)" } + [""])
  rows.append(["patients, n"] + rowsOf.map { r in "\(Set(r.map { patients[$0] }).count)" } + [""])
  func missing(_ column: [Double]) -> String {
    let n = allRows.filter { column[$0].isNaN }.count
    return String(format: "%d (%.1f)", n, 100 * Double(n) / Double(max(1, allRows.count)))
  }
  func summary(_ label: String, _ column: [Double], binary: Bool) -> [String] {
    let cells = tableRows.map { rows -> String in
      let v = rows.map { column[$0] }.filter { !$0.isNaN }
      guard !v.isEmpty else { return "" }
      if binary {
        let ones = v.filter { $0 == 1 }.count
        return String(format: "%d (%.1f)", ones, 100 * Double(ones) / Double(v.count))
      }
      let s = v.sorted(), m = quantile(sorted: s, 0.5)
      let ref = max(abs(quantile(sorted: s, 0.25)), abs(quantile(sorted: s, 0.75)), abs(m))
      return "\(formatStatistic(m, reference: ref)) (\(formatStatistic(quantile(sorted: s, 0.25), reference: ref))–"
        + "\(formatStatistic(quantile(sorted: s, 0.75), reference: ref)))"
    }
    return [label] + cells + [missing(column)]
  }
  func isBinary(_ column: [Double]) -> Bool { allRows.allSatisfy { column[$0].isNaN || column[$0] == 0 || column[$0] == 1 } }
  let ageName = config.options.demographicFeatures.first { $0 != config.sexColumn }
  var shown: Set<String> = []
  if let ageName, let age = try? table.numeric(ageName) {
    rows.append(summary("age, years: median (IQR)", age, binary: false)); shown.insert(ageName)
  }
  if let sexName = config.sexColumn, let sex = try? table.numeric(sexName) {
    rows.append(summary("male, n (%)", sex, binary: true)); shown.insert(sexName)
  }
  for f in features where !shown.contains(f) {
    guard let column = try? table.numeric(f) else { continue }
    let binary = isBinary(column)
    // The unit, unless the name already ends with it (`qrs_ms`).
    let unit = featureDefinition(named: f).map(\.unit).flatMap { u in
      u == "ratio" || u == "0/1" || f.hasSuffix("_" + u) || f.hasSuffix("_" + u.lowercased()) ? nil : u
    }
    rows.append(summary("\(f)\(unit.map { ", \($0)" } ?? ""): \(binary ? "n (%)" : "median (IQR)")", column, binary: binary))
  }
  return ReportTable(
    name: "table-1-cohort", title: "Table 1. Cohort by partition",
    headers: ["characteristic"] + partitions + ["missing, n (%)"], rows: rows,
    caption: "Patients never cross partitions. Continuous values: median (interquartile range) of the ECGs with a value; 0/1 values: "
      + "n (%) of ones. Missing: ECGs of the split without a value. Features: every feature of a trained model.")
}

/// The results table: every trained model on the test partition, best AUROC first.
func resultsTable(_ data: StudyReportData, sorted: [ModelReport]) -> ReportTable {
  let delong = data.models.compactMap { $0.evaluation?.auroc.method }.first ?? .deLong
  var rows: [[String]] = []
  for m in sorted {
    guard let e = m.evaluation else { continue }
    let b = e.aurocBootstrap
    rows.append([
      m.entry.target, m.entry.variant.rawValue, "\(e.positives)",
      formatInterval(e.auroc.auc, b?.percentileLower ?? .nan, b?.percentileUpper ?? .nan),
      formatInterval(e.auroc.auc, e.auroc.lower, e.auroc.upper), String(format: "%.3f", e.averagePrecision),
      String(format: "%.3f", e.brier), e.calibration.map { String(format: "%.2f", $0.slope) } ?? "", "\(m.entry.features?.count ?? 0)",
    ])
  }
  return ReportTable(
    name: "table-2-results", title: "Table 2. Discrimination and calibration on the test partition",
    headers: [
      "target", "variant", "test positives, n", "AUROC (bootstrap 95 % CI)", "AUROC (\(delong.shortName) 95 % CI)", "AUPRC", "Brier score",
      "calibration slope", "features, n",
    ], rows: rows, textColumns: 2,
    caption: "Bootstrap: percentile intervals over \(data.bootstrap.resamples) resamples of \(data.bootstrap.unit.rawValue)s "
      + "(seed \(data.bootstrap.seed)). \(delong.shortName): \(delong.rawValue) normal approximation. Calibration slope: logistic "
      + "recalibration (Cox 1958).")
}

/// A comparison (`compare-*.csv`) or external-validation (`external-*.csv`) output as a formatted
/// table: known columns get journal headers and intervals; any other file has its columns with
/// human-readable headers.
func extraTable(file: String, csv: String) -> ReportTable? {
  guard let t = try? parseCSV(Data(csv.utf8), file: file) else { return nil }
  let stem = String(file.dropLast(4))
  func text(_ n: String) -> [String]? {
    if let v = try? t.text(n) { return v }
    return (try? t.numeric(n)).map { $0.map { formatStatistic($0) } }
  }
  func num(_ n: String) -> [Double] { (try? t.numeric(n)) ?? Array(repeating: .nan, count: t.rowCount) }
  if stem.hasPrefix("compare-"), let target = text("target") {
    let names = stem.dropFirst(8).components(separatedBy: "-vs-")
    let base = names.first ?? "base", new = names.last ?? "new"
    let a = num("auroc_base"), b = num("auroc_new"), d = num("auroc_difference"), lo = num("delong_lower"), hi = num("delong_upper")
    let p = num("delong_p"), nri = num("nri"), nriP = num("nri_p"), idi = num("idi"), idiP = num("idi_p"), n = num("test_rows")
    let pos = num("test_positives"), bl = num("boot_lower"), bu = num("boot_upper")
    let rows = target.indices.map { i -> [String] in
      [
        target[i], String(format: "%.0f (%.0f)", n[i], pos[i]), String(format: "%.3f", a[i]), String(format: "%.3f", b[i]),
        String(format: "%+.3f (%+.3f to %+.3f)", d[i], lo[i], hi[i]), formatPValue(p[i]),
        bl[i].isFinite ? String(format: "%+.3f to %+.3f", bl[i], bu[i]) : "", String(format: "%+.3f (%@)", nri[i], formatPValue(nriP[i])),
        String(format: "%+.4f (%@)", idi[i], formatPValue(idiP[i])),
      ]
    }
    let method = (try? t.text("delong_method"))?.first ?? "DeLong"
    return ReportTable(
      name: "table-comparison-\(folderName(base))-vs-\(folderName(new))", title: "Paired comparison: \(base) vs \(new) on the test partition",
      headers: [
        "target", "test ECGs, n (positives)", "AUROC \(base)", "AUROC \(new)", "Δ AUROC (95 % CI)", "p", "Δ AUROC bootstrap 95 % CI",
        "continuous NRI (p)", "IDI (p)",
      ], rows: rows,
      caption: "Δ AUROC = \(new) − \(base), paired \(method) interval and test; bootstrap interval over the same resamples; NRI and IDI "
        + "p-values as the study's methods state. p-values are not adjusted for multiplicity.")
  }
  if stem.hasPrefix("external-"), let target = text("target"), let variant = text("variant") {
    let ia = num("internal_auroc"), il = num("internal_boot_lower"), iu = num("internal_boot_upper")
    let ea = num("external_auroc"), el = num("external_boot_lower"), eu = num("external_boot_upper")
    let en = num("external_rows"), ep = num("external_positives"), diff = num("difference"), dp = num("difference_p")
    let rows = target.indices.map { i -> [String] in
      [
        target[i], variant[i], formatInterval(ia[i], il[i], iu[i]), String(format: "%.0f (%.0f)", en[i], ep[i]),
        formatInterval(ea[i], el[i], eu[i]), String(format: "%+.3f", diff[i]), formatPValue(dp[i]),
      ]
    }
    let name = String(stem.dropFirst(9))
    return ReportTable(
      name: "table-external-\(folderName(name))", title: "External validation: \(name)",
      headers: [
        "target", "variant", "internal AUROC (95 % CI)", "external ECGs, n (positives)", "external AUROC (95 % CI)", "difference", "p",
      ], rows: rows, textColumns: 2, caption: "Intervals: percentile bootstrap. Difference: external − internal AUROC.")
  }
  let rows = (0..<t.rowCount).map { r in t.names.map { text($0)?[r] ?? "" } }
  return ReportTable(name: "table-\(folderName(stem))", title: stem, headers: t.names.map(humanHeader), rows: rows)
}
