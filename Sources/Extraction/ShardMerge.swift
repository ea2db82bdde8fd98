import Core
import Foundation
import Tables

/// What `mergeShards` joined.
public struct ShardMergeSummary: Sendable {
  /// Shards joined, records in the batch, feature rows written, records skipped (with an error).
  public var shards: Int, records: Int, rows: Int, skipped: Int
  public var files: FeatureBatchFiles
}

/// The manifests named by arguments: a manifest (`.manifest.json`), a part's features CSV (its
/// manifest beside it), or a folder (every `.manifest.json` in it, in name order).
public func shardManifestPaths(_ arguments: [String]) throws(ExtractionError) -> [String] {
  var out: [String] = []
  for argument in arguments {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: argument, isDirectory: &isFolder) else {
      throw .notFound(path: argument, reason: "no such shard manifest, part or folder")
    }
    if isFolder.boolValue {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []
      let found = names.filter { $0.hasSuffix(".manifest.json") }.sorted()
      guard !found.isEmpty else { throw .notFound(path: argument, reason: "no shard manifests (*.manifest.json) in this folder") }
      out += found.map { (argument.hasSuffix("/") ? argument : argument + "/") + $0 }
    } else {
      out.append(argument.hasSuffix(".manifest.json") ? argument : FeatureBatchFiles(out: argument).manifest)
    }
  }
  return out
}

/// A shard's manifest and its two part files, checked against the manifest, as CSV records.
struct LoadedShard {
  var path: String
  var manifest: ShardManifest
  var report: [Substring]
  var features: [Substring]
  /// For each report line, the range of `features` holding its rows.
  var rows: [Range<Int>]
}

/// Joins the parts written by `extract --shard I/N` (`extractFeatures` with `options.shard`) into
/// the features CSV and records report a single run over the same records writes, byte for byte:
/// records in the batch's order, each with its rows, and a record whose name an earlier record of
/// the batch has (in another shard) reported as a duplicate, as a single run reports it.
///
/// Refuses, naming the file and the problem: a set missing a shard or holding one twice;
/// manifests cut from other inputs, options or shard counts; a part whose SHA-256 differs from
/// its manifest's; parts whose records do not make up the batch their manifests fingerprint.
/// The outputs are written atomically (the report first), and never over an existing output
/// unless `force`.
public func mergeShards(manifests paths: [String], output: String, force: Bool = false) throws -> ShardMergeSummary {
  let files = FeatureBatchFiles(out: output)
  if FileManager.default.fileExists(atPath: output) && !force {
    throw ExtractionError.outputInTheWay(path: output, reason: "already exists; pass --force to replace it")
  }
  let shards = try loadShardSet(paths)
  let batch = shards[0].manifest
  // Each batch position: its shard and line there; the record paths rebuild the batch's inputs.
  var owner = [(shard: Int, line: Int)?](repeating: nil, count: batch.batchRecords)
  var records = [String](repeating: "", count: batch.batchRecords)
  for (s, shard) in shards.enumerated() {
    for (line, position) in shard.manifest.records.enumerated() {
      guard (0..<batch.batchRecords).contains(position), owner[position] == nil else {
        throw ExtractionError.invalid(
          file: shard.path, reason: "names batch record \(position) that is out of range or in another shard too")
      }
      owner[position] = (s, line)
      records[position] = csvCells(shard.report[line])[0]
    }
  }
  if let missing = owner.firstIndex(where: { $0 == nil }) {
    throw ExtractionError.invalid(file: shards[0].path, reason: "no shard holds batch record \(missing): the set is incomplete")
  }
  let fingerprint = SHA256.hex(Data(BatchInputs(options: batch.options, records: records).text.utf8))
  guard fingerprint == batch.inputsSHA256 else {
    throw ExtractionError.invalid(
      file: shards[0].path, reason: "the parts' records do not make up the batch the manifests name (inputs SHA-256 \(fingerprint))")
  }

  var report = FeatureBatchFiles.reportHeader, features = FeatureBatchFiles.featureHeader(windowed: batch.windowed)
  var seen: [String: String] = [:]  // ecg_id -> path of the record whose rows were kept
  var rows = 0, skipped = 0
  for case let (s, line)? in owner {
    let shard = shards[s]
    var cells = csvCells(shard.report[line])
    let path = cells[0], id = cells[1]
    let duplicatePrefix = "duplicate record name \(id) (also "
    if cells[2] == "ok", seen[id] == nil {
      seen[id] = path
      report += shard.report[line] + "\n"
      for r in shard.rows[line] { features += shard.features[r] + "\n" }
      rows += shard.rows[line].count
      continue
    }
    skipped += 1
    if let previous = seen[id], cells[2] == "ok" || cells[3].hasPrefix(duplicatePrefix) {
      // A duplicate of a record in another shard: reported as the single run reports it.
      cells[2] = "error"; cells[3] = duplicateRecordMessage(id: id, previous: previous); cells[6] = ""; cells[7] = ""
      report += csvLine(cells)
    } else {
      report += shard.report[line] + "\n"
    }
  }
  try writeFileAtomically(Data(report.utf8), to: files.report)
  try writeFileAtomically(Data(features.utf8), to: files.out)
  return ShardMergeSummary(shards: shards.count, records: batch.batchRecords, rows: rows, skipped: skipped, files: files)
}

/// Reads every manifest and its parts; refuses a mixed, incomplete or tampered set.
func loadShardSet(_ paths: [String]) throws -> [LoadedShard] {
  guard let firstPath = paths.first else { throw ExtractionError.notFound(path: "", reason: "no shard manifests to merge") }
  var byNumber: [Int: (String, ShardManifest)] = [:]
  let first = try ShardManifest.read(firstPath)
  for path in paths {
    let m = try ShardManifest.read(path)
    func differ(_ what: String, _ mine: String, _ theirs: String) -> ExtractionError {
      .invalid(file: path, reason: "\(what) differ from \(firstPath)'s (\(mine) here, \(theirs) there): parts of different batches")
    }
    if m.inputsSHA256 != first.inputsSHA256 { throw differ("inputs (records and options)", m.inputsSHA256, first.inputsSHA256) }
    if m.options != first.options { throw differ("options", m.options, first.options) }
    if m.shards != first.shards { throw differ("shard counts", "\(m.shards)", "\(first.shards)") }
    if m.batchRecords != first.batchRecords || m.windowed != first.windowed {
      throw differ("batch sizes or window columns", "\(m.batchRecords)", "\(first.batchRecords)")
    }
    if let other = byNumber[m.shard] {
      throw ExtractionError.invalid(file: path, reason: "is shard \(m.shard)/\(m.shards) again (also \(other.0))")
    }
    byNumber[m.shard] = (path, m)
  }
  let missing = (1...first.shards).filter { byNumber[$0] == nil }
  guard missing.isEmpty else {
    let have = byNumber.keys.sorted().map(String.init).joined(separator: ", ")
    throw ExtractionError.invalid(
      file: firstPath,
      reason: "the set has shards \(have) of \(first.shards): shard \(missing.map(String.init).joined(separator: ", ")) missing")
  }
  return try (1...first.shards).map { n in try loadShard(byNumber[n]!.0, byNumber[n]!.1) }
}

/// One shard's parts, checked against its manifest (checksums, headers, row counts), with each
/// report line's feature rows: the run of rows after the previous record's that start with its
/// `ecg_id` (a shard reports a repeated name as a duplicate, so names of its rows are unique).
func loadShard(_ path: String, _ m: ShardManifest) throws -> LoadedShard {
  let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path + "/"
  func part(_ p: ShardManifest.Part, header: String) throws -> [Substring] {
    let file = folder + p.file
    guard let data = FileManager.default.contents(atPath: file) else {
      throw ExtractionError.notFound(path: file, reason: "part named by \(path) cannot be read")
    }
    let actual = SHA256.hex(data)
    guard actual == p.sha256 else {
      throw ExtractionError.invalid(
        file: file, reason: "SHA-256 \(actual) differs from \(p.sha256) in \(path): the part was changed or cut short after its shard")
    }
    let records = csvRecords(Substring(String(decoding: data, as: UTF8.self)))
    guard records.first.map({ $0 + "\n" }) == header, records.count - 1 == p.rows else {
      throw ExtractionError.invalid(file: file, reason: "header or row count differs from its manifest \(path)")
    }
    return Array(records.dropFirst())
  }
  let report = try part(m.report, header: FeatureBatchFiles.reportHeader)
  let features = try part(m.features, header: FeatureBatchFiles.featureHeader(windowed: m.windowed))
  guard report.count == m.records.count else {
    throw ExtractionError.invalid(file: folder + m.report.file, reason: "has \(report.count) records, its manifest \(m.records.count)")
  }
  var rows: [Range<Int>] = [], next = 0
  for line in report {
    let cells = csvCells(line)
    guard cells.count == 11 else {
      throw ExtractionError.invalid(file: folder + m.report.file, reason: "a line has \(cells.count) cells, not 11: \(line)")
    }
    let start = next
    if cells[2] == "ok" {
      let prefix = String(csvLine([cells[1]]).dropLast()) + ","
      while next < features.count && features[next].hasPrefix(prefix) { next += 1 }
    }
    rows.append(start..<next)
  }
  guard next == features.count else {
    throw ExtractionError.invalid(file: folder + m.features.file, reason: "row \(next + 2) belongs to no record of its report")
  }
  return LoadedShard(path: path, manifest: m, report: report, features: features, rows: rows)
}
