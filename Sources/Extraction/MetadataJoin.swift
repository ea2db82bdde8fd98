import Foundation
import Measurements
import Tables

/// How an extracted feature table is joined with a per-record metadata table (PTB-XL's
/// ptbxl_database.csv, LUDB's ludb.csv ...).
public struct MetadataJoin: Sendable {
  /// Metadata CSV.
  public var file: String
  /// Its column naming the record: a record name or a path whose last component is the record
  /// name (PTB-XL `filename_hr`).
  public var recordColumn: String
  /// Age in years, copied to `age_years` (replacing the header's).
  public var ageColumn: String?
  /// Sex, copied to `sex_male`: 1 where the cell equals `maleValue`, 0 where it holds anything
  /// else, empty where it is empty.
  public var sexColumn: String?
  public var maleValue: String?
  /// Other metadata columns to carry over (patient ids, label sources, fold numbers). Nothing
  /// else is copied: recording metadata such as the nurse or site would otherwise become
  /// features that leak how a record was acquired.
  public var columns: [String] = []

  public init(
    file: String, recordColumn: String, ageColumn: String? = nil, sexColumn: String? = nil,
    maleValue: String? = nil, columns: [String] = []
  ) {
    self.file = file; self.recordColumn = recordColumn; self.ageColumn = ageColumn; self.sexColumn = sexColumn
    self.maleValue = maleValue; self.columns = columns
  }
}

/// Adds the chosen metadata columns to the extracted rows whose `ecg_id` matches a metadata record.
/// Extracted rows without metadata are dropped and counted; a record named twice in the
/// metadata is an error naming both rows.
public func joinMetadata(features: DataTable, _ join: MetadataJoin) throws -> (table: DataTable, unmatched: Int) {
  let meta = try readCSV(at: join.file, options: CSVReadOptions(textColumns: Set([join.recordColumn, join.sexColumn].compactMap { $0 })))
  guard meta.index(of: join.recordColumn) != nil else { throw ExtractionError.invalid(file: join.file, reason: "no column \(join.recordColumn)") }
  var rowOf: [String: Int] = [:]
  for (k, cell) in try meta.text(join.recordColumn).enumerated() {
    let name = URL(fileURLWithPath: cell).lastPathComponent
    if let previous = rowOf[name] { throw ExtractionError.invalid(file: join.file, reason: "record \(name) on rows \(previous + 2) and \(k + 2)") }
    rowOf[name] = k
  }
  let ids = try features.text("ecg_id")
  let kept = ids.indices.filter { rowOf[ids[$0]] != nil }
  var out = features.rows(kept)
  let metaRows = kept.map { rowOf[ids[$0]]! }
  for name in join.columns {
    guard let index = meta.index(of: name) else { throw ExtractionError.invalid(file: join.file, reason: "no column \(name) (metadata.columns)") }
    let column = meta.columns[index]
    let picked: Column
    switch column {
    case .numeric(let v): picked = .numeric(metaRows.map { v[$0] })
    case .text(let v): picked = .text(metaRows.map { v[$0] })
    }
    guard out.index(of: name) == nil else {
      throw ExtractionError.invalid(file: join.file, reason: "column \(name) is also an extracted feature; rename it")
    }
    try out.set(name, picked)
  }
  if let a = join.ageColumn {
    guard meta.index(of: a) != nil else { throw ExtractionError.invalid(file: join.file, reason: "no age column \(a)") }
    let v = try meta.numeric(a)
    try out.set("age_years", .numeric(metaRows.map { v[$0] }))
  }
  if let s = join.sexColumn {
    guard meta.index(of: s) != nil else { throw ExtractionError.invalid(file: join.file, reason: "no sex column \(s)") }
    let v = try meta.text(s)
    try out.set("sex_male", .numeric(metaRows.map { v[$0].isEmpty ? .nan : (v[$0] == (join.maleValue ?? "male") ? 1 : 0) }))
  }
  return (out, ids.count - kept.count)
}

/// Appends the harmonised machine-measurement columns (`machineMeasurementEquivalents`) an
/// extracted table can supply, so studies trained on ingested MIMIC-IV-ECG or MUSE tables can
/// be validated on it. Columns already present are left alone.
public func addMachineEquivalents(_ table: inout DataTable) throws(TablesError) {
  var columns: [String: [Double]] = [:]
  for (name, column) in zip(table.names, table.columns) { if case .numeric(let v) = column { columns[name] = v } }
  for e in machineMeasurementEquivalents where table.index(of: e.name) == nil {
    guard e.sources.allSatisfy({ columns[$0] != nil }) else { continue }
    let values = (0..<table.rowCount).map { row in e.value(from: Dictionary(uniqueKeysWithValues: e.sources.map { ($0, columns[$0]![row]) })) }
    try table.append(e.name, .numeric(values))
  }
}
