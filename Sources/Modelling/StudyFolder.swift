import Boosting
import Cohorts
import Foundation
import Tables

/// Writes a study to `path` as one folder:
///
/// | file | content |
/// |---|---|
/// | `study.json` | configuration (inputs, split, parameters, options) and one entry per target and variant |
/// | `summary.csv` | the entries as a table: counts per partition, features, best round, validation and test AUROC |
/// | `split.csv` | id, patient and partition of every row |
/// | `models/TARGET/VARIANT/model.json` | the XGBoost model (loads in XGBoost's Python, R, C and JVM packages) |
/// | `models/TARGET/VARIANT/features.txt` | the model's features, one per line, in column order |
/// | `models/TARGET/VARIANT/predictions.csv` | id, patient, partition, label, probability for validation and test rows |
/// | `models/TARGET/VARIANT/importance.csv` | gain and mean absolute SHAP (test rows, log-odds) per feature |
/// | `models/TARGET/VARIANT/elimination.csv` | the RFE path: features, validation AUROC, feature removed |
///
/// The folder is assembled beside `path` and renamed into place, so an interrupted run leaves
/// no half-written study. An existing folder is replaced only when `replace` is true.
public func writeStudy(
  configuration: StudyConfiguration, results: [JobResult], data: StudyData,
  to path: String, replace: Bool
) throws(ModellingError) -> StudySummary {
  let fm = FileManager.default
  let target = URL(fileURLWithPath: path).standardizedFileURL
  if fm.fileExists(atPath: target.path) && !replace {
    throw .invalidOption("\(path) exists; choose another folder or pass --force to replace it")
  }
  let staging = target.deletingLastPathComponent()
    .appendingPathComponent(".\(target.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
  try? fm.removeItem(at: staging)
  func failure(_ error: any Error) -> ModellingError { .invalidOption("\(path): cannot write the study: \(error)") }

  var entries: [StudyEntry] = []
  do {
    try fm.createDirectory(at: staging, withIntermediateDirectories: true)
    var usedFolders: [String: String] = [:]
    for result in results {
      switch result.outcome {
      case .failure(let error):
        entries.append(
          StudyEntry(
            target: result.target, variant: result.variant, status: "failed", reason: error.description, counts: [:]))
      case .success(.skipped(let t, let v, let reason, let counts)):
        entries.append(
          StudyEntry(
            target: t, variant: v, status: "skipped", reason: reason,
            restriction: configuration.options.sexSpecific[t], counts: countsByName(counts)))
      case .success(.trained(let m)):
        let folder = "models/\(folderName(m.target))/\(folderName(m.variant.rawValue))"
        if let other = usedFolders[folder], other != m.target {
          throw ModellingError.invalidOption("targets \"\(other)\" and \"\(m.target)\" map to the same folder name")
        }
        usedFolders[folder] = m.target
        let dir = staging.appendingPathComponent(folder)
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(m.model).write(to: dir.appendingPathComponent("model.json"))
        try Data((m.features.joined(separator: "\n") + "\n").utf8).write(to: dir.appendingPathComponent("features.txt"))
        try writeText(predictionsCSV(m, data: data), dir.appendingPathComponent("predictions.csv"))
        var importance = "feature,gain,mean_abs_shap\n"
        for (j, f) in m.features.enumerated() {
          importance += csvLine([f, formatCell(m.gain[j]), formatCell(m.meanAbsoluteSHAP[j])])
        }
        try writeText(importance, dir.appendingPathComponent("importance.csv"))
        if !m.elimination.isEmpty {
          var text = "step,n_features,validation_auroc,best_iteration,removed,features\n"
          for (i, s) in m.elimination.enumerated() {
            text += csvLine([
              String(i), String(s.features.count), formatCell(s.validationAUROC), String(s.bestIteration), s.removed ?? "",
              s.features.joined(separator: " "),
            ])
          }
          try writeText(text, dir.appendingPathComponent("elimination.csv"))
        }
        entries.append(
          StudyEntry(
            target: m.target, variant: m.variant, status: "trained", restriction: m.restriction,
            counts: countsByName(m.counts), candidateFeatures: m.candidateFeatures, features: m.features,
            bestIteration: m.bestIteration, validationAUROC: m.validationAUROC, testAUROC: m.testAUROC,
            modelFolder: folder, notes: concentrationNotes(m.counts)))
      }
    }
    let summary = StudySummary(configuration: configuration, entries: entries)
    let files = try studySummaryFiles(summary)
    try files.json.write(to: staging.appendingPathComponent("study.json"))
    try files.csv.write(to: staging.appendingPathComponent("summary.csv"))
    var split = csvLine([configuration.idColumn, configuration.patientColumn, "partition"])
    for i in data.ids.indices {
      split += csvLine([data.ids[i], data.patients[i], data.partitions[i].rawValue])
    }
    try writeText(split, staging.appendingPathComponent("split.csv"))

    try moveFolderIntoPlace(staging, target)
    return summary
  } catch let error as ModellingError {
    try? fm.removeItem(at: staging)
    throw error
  } catch {
    try? fm.removeItem(at: staging)
    throw failure(error)
  }
}

/// The bytes of a study's `study.json` (keys sorted, pretty-printed) and `summary.csv`, as
/// `writeStudy` writes them; `mergeStudyShards` writes a merged study with the same function.
public func studySummaryFiles(_ summary: StudySummary) throws -> (json: Data, csv: Data) {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
  return (try encoder.encode(summary), Data(summaryCSV(summary.entries).utf8))
}

/// Moves a folder assembled at `staging` to `target`, replacing a folder there: the old one is
/// moved aside first and deleted only once the new one is in place.
public func moveFolderIntoPlace(_ staging: URL, _ target: URL) throws {
  let fm = FileManager.default
  if fm.fileExists(atPath: target.path) {
    let old = target.deletingLastPathComponent()
      .appendingPathComponent(".\(target.lastPathComponent).old-\(ProcessInfo.processInfo.processIdentifier)")
    try fm.moveItem(at: target, to: old)
    try fm.moveItem(at: staging, to: target)
    try? fm.removeItem(at: old)
  } else {
    try fm.moveItem(at: staging, to: target)
  }
}

/// Reads `study.json` of a study folder.
public func readStudy(at path: String) throws(ModellingError) -> StudySummary {
  let file = path + "/study.json"
  guard let data = FileManager.default.contents(atPath: file) else {
    throw .unreadableStudy(path: path, reason: "no study.json")
  }
  // The version first, so an incompatible folder is named as such rather than as a decoding error.
  struct Version: Decodable {
    struct Configuration: Decodable { var ecglensVersion: String? }
    var formatVersion: Int?
    var configuration: Configuration?
  }
  let version = try? JSONDecoder().decode(Version.self, from: data)
  guard let version else { throw .unreadableStudy(path: path, reason: "study.json is not a study summary (not JSON, or not an object)") }
  guard version.formatVersion == StudySummary.currentFormatVersion else {
    let writer = version.configuration?.ecglensVersion.map { "ECGLens \($0)" } ?? "another ECGLens"
    throw .unreadableStudy(
      path: path,
      reason:
        "written by \(writer) in study-folder format \(version.formatVersion.map(String.init) ?? "0 (unversioned)"); this ECGLens reads format \(StudySummary.currentFormatVersion): train the study again"
    )
  }
  do { return try JSONDecoder().decode(StudySummary.self, from: data) } catch {
    throw .unreadableStudy(path: path, reason: "study.json: \(error)")
  }
}

/// Loads the tree model of a trained study entry; a linear-probe entry (`+linear`) is refused by
/// name: predicting other tables, explaining ECGs and external validation apply tree models only.
public func loadModel(study path: String, entry: StudyEntry) throws(ModellingError) -> Booster {
  guard let folder = entry.modelFolder else {
    throw .unreadableStudy(path: path, reason: "\(entry.target) (\(entry.variant.rawValue)) has no model")
  }
  guard entry.variant.learner == .trees else {
    throw .unreadableStudy(
      path: path, reason: "\(entry.target) (\(entry.variant.rawValue)) is a linear probe; only tree models are applied to other data")
  }
  let file = "\(path)/\(folder)/model.json"
  guard let bytes = FileManager.default.contents(atPath: file) else {
    throw .unreadableStudy(path: path, reason: "missing \(folder)/model.json")
  }
  do { return try Booster(model: [UInt8](bytes)) } catch {
    throw .unreadableStudy(path: path, reason: "\(folder)/model.json: \(error)")
  }
}

/// A model's `importance.csv`: per feature of the model, its gain and mean |SHAP| (log-odds, test rows).
public func readImportance(
  study path: String, entry: StudyEntry
) throws(ModellingError) -> [(
  feature: String, gain: Double, meanAbsoluteSHAP: Double
)] {
  guard let folder = entry.modelFolder else {
    throw .unreadableStudy(path: path, reason: "\(entry.target) (\(entry.variant.rawValue)) has no model")
  }
  do {
    let t = try readCSV(at: "\(path)/\(folder)/importance.csv", options: CSVReadOptions(textColumns: ["feature"]))
    let names = try t.text("feature"), gain = try t.numeric("gain"), shap = try t.numeric("mean_abs_shap")
    return names.indices.map { (names[$0], gain[$0], shap[$0]) }
  } catch {
    throw .unreadableStudy(path: path, reason: "\(folder)/importance.csv: \(error)")
  }
}

/// A model's `predictions.csv`: validation and test rows with their labels and probabilities.
public struct StoredPredictions: Sendable {
  public let ids: [String]
  public let patients: [String]
  public let partitions: [String]
  public let labels: [Double]
  public let probabilities: [Double]

  /// Row indices of one partition, in file order.
  public func rows(_ partition: Partition) -> [Int] {
    partitions.indices.filter { partitions[$0] == partition.rawValue }
  }
}

/// Reads the stored predictions of a trained study entry.
public func readPredictions(study path: String, entry: StudyEntry) throws(ModellingError) -> StoredPredictions {
  guard let folder = entry.modelFolder else {
    throw .unreadableStudy(path: path, reason: "\(entry.target) (\(entry.variant.rawValue)) has no model")
  }
  do {
    let t = try readCSV(at: "\(path)/\(folder)/predictions.csv", options: CSVReadOptions(textColumns: ["id", "patient", "partition"]))
    return StoredPredictions(
      ids: try t.text("id"), patients: try t.text("patient"), partitions: try t.text("partition"),
      labels: try t.numeric("label"), probabilities: try t.numeric("probability"))
  } catch {
    throw .unreadableStudy(path: path, reason: "\(folder)/predictions.csv: \(error)")
  }
}

func countsByName(_ counts: [Partition: ClassCounts]) -> [String: ClassCounts] {
  Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) })
}

func predictionsCSV(_ m: TrainedModel, data: StudyData) -> String {
  var text = "id,patient,partition,label,probability\n"
  let labels = data.labels[m.target]!
  for (row, p) in zip(m.predictionRows, m.probabilities) {
    text += csvLine([data.ids[row], data.patients[row], data.partitions[row].rawValue, String(Int(labels[row])), "\(p)"])
  }
  return text
}

func summaryCSV(_ entries: [StudyEntry]) -> String {
  var text =
    "target,variant,status,train_rows,train_positives,validation_rows,validation_positives,test_rows,test_positives,n_features,best_iteration,validation_auroc,test_auroc,features,reason\n"
  func opt(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "" }
  for e in entries {
    let c = { (p: String) in e.counts[p].map { [String($0.rows), String($0.positives)] } ?? ["", ""] }
    text += csvLine(
      [e.target, e.variant.rawValue, e.status] + c("train") + c("validation") + c("test") + [
        e.features.map { String($0.count) } ?? "", e.bestIteration.map(String.init) ?? "",
        opt(e.validationAUROC), opt(e.testAUROC), e.features?.joined(separator: " ") ?? "", e.reason ?? "",
      ])
  }
  return text
}

func writeText(_ text: String, _ url: URL) throws {
  try Data(text.utf8).write(to: url)
}

/// Partitions where one patient contributes more than half of the positives.
func concentrationNotes(_ counts: [Partition: ClassCounts]) -> [String]? {
  let notes = Partition.allCases.compactMap { p in counts[p]?.concentrationNote(p.rawValue) }
  return notes.isEmpty ? nil : notes
}
