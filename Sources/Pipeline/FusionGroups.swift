import Foundation
import Measurements
import Modelling
import Tables

/// The columns of each fusion group: the listed ones (checked to exist), for "embedding" every `emb_N`
/// column (joined from `source.embeddings`), or for "measurements" the
/// feature catalogue (waveform sources) or every numeric column of the table that is not an id,
/// patient, fold, label, identifier or acquisition metadata (`metadataRole(ofColumn:)`) nor in another
/// group (table sources).
///
/// - Throws: `PipelineError.config` naming the group and the missing column.
func fusionGroups(
  _ fusion: FusionConfig, table: String, source: SourceConfig.Kind, config: StudyConfig, labels: String?
) throws -> [(name: String, features: [String])] {
  let t = try readCSV(at: table, options: CSVReadOptions(textColumns: [config.idColumn, config.patientColumn]))
  let labelColumns = try labels.map { try readCSV(at: $0, options: CSVReadOptions(textColumns: [config.idColumn])).names } ?? []
  let named = Set(fusion.groups.compactMap(\.features).flatMap { $0 })
  var out: [(String, [String])] = []
  for (k, g) in fusion.groups.enumerated() {
    if g.embedding {
      let columns = t.names.filter(isEmbeddingColumn)
      guard !columns.isEmpty else {
        throw PipelineError.config(
          file: table, key: "fusion.groups[\(k)].features", reason: "\"embedding\", but no emb_N column: set source.embeddings")
      }
      out.append((g.name, columns))
      continue
    }
    if let f = g.features {
      for column in f where t.index(of: column) == nil {
        throw PipelineError.config(file: table, key: "fusion.groups[\(k)].features", reason: "no column \"\(column)\"")
      }
      out.append((g.name, f))
      continue
    }
    if source == .wfdb {
      out.append((g.name, featureCatalogue.map(\.name).filter { !named.contains($0) && t.index(of: $0) != nil }))
      continue
    }
    let excluded = Set([config.idColumn, config.patientColumn] + labelColumns + (config.split.foldColumn.map { [$0] } ?? []))
    let measured = zip(t.names, t.columns).compactMap { name, column -> String? in
      guard case .numeric = column, !excluded.contains(name), !named.contains(name), metadataRole(ofColumn: name) == nil else { return nil }
      return name
    }
    out.append((g.name, measured))
  }
  return out
}

/// Writes `table` with a `bmi_kg_m2` column: weight (kg) / (height (cm) / 100)², empty where either is
/// missing or the height is not positive.
func addBMI(table: String, height: String, weight: String, textColumns: Set<String>, output: String) throws {
  var t = try readCSV(at: table, options: CSVReadOptions(textColumns: textColumns))
  let h = try t.numeric(height), w = try t.numeric(weight)
  try t.set("bmi_kg_m2", .numeric(zip(h, w).map { h, w in h > 0 && !w.isNaN ? w / (h / 100 * h / 100) : .nan }))
  try writeCSV(t, to: output)
}
