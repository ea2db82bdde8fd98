import Foundation
import Tables

/// A study config read and checked, with its paths resolved: what `runStudyPipeline` runs.
public struct StudyPlan: Sendable {
  public var config: StudyConfig
  /// The study's output folder.
  public var output: String
  /// The config file's folder, which relative paths are relative to.
  public var base: URL
  /// Records to explain, resolved.
  public var explain: [ExplainConfig]

  /// `path` made absolute against the config file's folder.
  public func resolve(_ path: String) -> String {
    path.hasPrefix("/") ? path : base.appendingPathComponent(path).standardizedFileURL.path
  }
}

/// Folders a study must never be written into (or replace).
let protectedFolders: Set<String> = [
  "/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib64", "/opt", "/proc", "/root", "/run", "/sbin", "/srv",
  "/sys", "/tmp", "/usr", "/var",
]

/// Reads a study config and checks it before any work: every key known and in range
/// (`StudyConfig`), every file it names present, the output folder a safe place (not `/` or a
/// system folder, and not a non-empty folder that is not an ECGLens study).
///
/// - Throws: `PipelineError.config` naming the config file, the key and the problem.
public func loadStudyConfig(_ file: String, outputOverride: String? = nil) throws(PipelineError) -> StudyPlan {
  var isFolder: ObjCBool = false
  guard FileManager.default.fileExists(atPath: file, isDirectory: &isFolder) else {
    throw .config(file: file, key: "(file)", reason: "no such file")
  }
  guard !isFolder.boolValue else { throw .config(file: file, key: "(file)", reason: "is a folder, not a JSON config") }
  let attributes = try? FileManager.default.attributesOfItem(atPath: file)
  guard (attributes?[.type] as? FileAttributeType) == .typeRegular else {
    throw .config(file: file, key: "(file)", reason: "is not a regular file")
  }
  guard let size = attributes?[.size] as? Int, size <= 16 << 20 else {
    throw .config(file: file, key: "(file)", reason: "is larger than 16 MB: not a study config")
  }
  guard let bytes = FileManager.default.contents(atPath: file) else {
    throw .config(file: file, key: "(file)", reason: "cannot be read (permissions?)")
  }
  let config: StudyConfig
  do { config = try JSONDecoder().decode(StudyConfig.self, from: bytes) } catch { throw configError(error, file: file) }
  let configURL = URL(fileURLWithPath: file)
  let base = configURL.deletingLastPathComponent()
  var plan = StudyPlan(config: config, output: "", base: base, explain: [])
  plan.output =
    outputOverride.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    ?? plan.resolve(config.output ?? configURL.deletingPathExtension().lastPathComponent)

  func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
  func check(_ source: SourceConfig, _ key: String) throws(PipelineError) {
    switch source.kind {
    case .muse, .mimic, .table:
      let f = plan.resolve(source.file!)
      guard exists(f) else { throw .config(file: file, key: key + ".file", reason: "\(f) does not exist") }
    case .wfdb, .cart:
      for p in source.paths where !exists(plan.resolve(p)) && !exists(plan.resolve(p) + ".hea") {
        throw .config(file: file, key: key + ".paths", reason: "\(plan.resolve(p)) does not exist")
      }
      if let m = source.metadata, !exists(plan.resolve(m.file)) {
        throw .config(file: file, key: key + ".metadata.file", reason: "\(plan.resolve(m.file)) does not exist")
      }
    }
  }
  func check(_ labels: LabelsConfig?, _ key: String) throws(PipelineError) {
    if let f = labels?.file, !exists(plan.resolve(f)) { throw .config(file: file, key: key + ".file", reason: "\(plan.resolve(f)) does not exist") }
    if let f = labels?.spec.scpStatements, !exists(plan.resolve(f)) {
      throw .config(file: file, key: key + ".scp_statements", reason: "\(plan.resolve(f)) does not exist")
    }
  }
  try check(config.source, "source")
  try checkPatientColumn(config, plan: plan, configFile: file)
  try check(config.labels, "labels")
  for (k, e) in config.external.enumerated() {
    try check(e.source, "external[\(k)].source")
    try check(e.labels, "external[\(k)].labels")
  }
  for (k, item) in config.explain.enumerated() {
    var resolved = item
    resolved.record = plan.resolve(item.record)
    guard exists(resolved.record + ".hea") || exists(resolved.record) else {
      throw .config(file: file, key: "explain[\(k)]", reason: "no record \(resolved.record) (no \(resolved.record).hea, nor an ECG file)")
    }
    plan.explain.append(resolved)
  }
  try checkStudyOutput(plan.output, configFile: file)
  return plan
}

/// Checks before any step runs that the study's source will give a `patient_column`: a table
/// (`kind: table`) must have it in its header, an ingest (`muse`, `mimic`, `cart`) writes `patient_id`
/// (or a `rename` target), and waveforms (`wfdb`) carry it over from their metadata `columns`.
/// Found only after the long steps, the mistake named the generated features table instead of
/// the config key.
func checkPatientColumn(_ config: StudyConfig, plan: StudyPlan, configFile: String) throws(PipelineError) {
  let wanted = config.patientColumn, source = config.source
  let available: [String]
  switch source.kind {
  case .muse, .mimic:
    available = ["patient_id"] + source.rename.values
  case .cart:
    available = ["ecg_id", "patient_id"] + source.rename.values
  case .table:
    let file = plan.resolve(source.file!)
    guard let handle = FileHandle(forReadingAtPath: file), let head = try? handle.read(upToCount: 1 << 20) else { return }
    try? handle.close()
    let firstLine = head.split(separator: UInt8(ascii: "\n"), maxSplits: 1, omittingEmptySubsequences: false).first ?? head[...]
    guard let header = try? parseCSV(Data(firstLine) + Data("\n".utf8), file: file) else { return }
    available = header.names + source.rename.values
  case .wfdb:
    available = [config.idColumn] + (source.metadata?.columns ?? [])
  }
  guard available.contains(wanted) else {
    let hint =
      source.kind == .wfdb
      ? "add it to source.metadata.columns (waveforms carry only the metadata columns listed there)"
      : "the source gives \(available.prefix(12).joined(separator: ", "))\(available.count > 12 ? ", ..." : "")"
    throw .config(file: configFile, key: "patient_column", reason: "\(wanted) is not a column of the source: \(hint)")
  }
}

/// Refuses an output folder that is `/` or a system folder, or a non-empty folder that is not an
/// ECGLens study folder (no `.ecglens-cache.json`), so a study never writes into or over
/// something else.
func checkStudyOutput(_ output: String, configFile: String) throws(PipelineError) {
  let path = URL(fileURLWithPath: output).standardizedFileURL.resolvingSymlinksInPath().path
  if protectedFolders.contains(path) || path == FileManager.default.homeDirectoryForCurrentUser.path {
    throw .config(file: configFile, key: "output", reason: "\(path) is a system or home folder; choose a folder of its own for the study")
  }
  var isFolder: ObjCBool = false
  if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
    guard isFolder.boolValue else { throw .config(file: configFile, key: "output", reason: "\(path) is a file, not a folder") }
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    if !entries.isEmpty && !entries.contains(".ecglens-cache.json") {
      throw .config(
        file: configFile, key: "output", reason: "\(path) is a non-empty folder that is not an ECGLens study; choose an empty or new folder")
    }
  }
}
