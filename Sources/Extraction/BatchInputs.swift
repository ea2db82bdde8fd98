import Core
import Foundation

/// What an extraction batch was started with: the record list in order and the options that shape
/// its rows (id source, windows, ECGLens version). Written beside the partial outputs
/// (`OUT.partial.inputs`) when a batch starts, so `--resume` continues only the same batch: an
/// interrupted run resumed with other records or options would otherwise finish with rows of two
/// inputs in one file.
struct BatchInputs: Equatable {
  var options: String
  var records: [String]

  init(records: [String], options: ExtractionOptions, version: String = featureBatchFormat) {
    self.records = records
    let window: String
    switch options.window {
    case .auto: window = "auto"
    case .whole: window = "whole"
    case .seconds(let s): window = "\(s) s"
    }
    self.options =
      "ecglens extract \(version); id from \(options.idSource.rawValue); window \(window)"
      + (options.shard.map { "; shard \($0)" } ?? "")
  }

  init(options: String, records: [String]) {
    self.options = options
    self.records = records
  }

  init?(text: String) {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    guard let first = lines.first else { return nil }
    options = first
    records = Array(lines.dropFirst())
  }

  /// The file's text: the options line, then one record path per line.
  var text: String { ([options] + records).joined(separator: "\n") + "\n" }

  /// How `other` (this run's) differs from these (the interrupted run's), in words; nil when equal.
  func difference(from other: BatchInputs) -> String? {
    if options != other.options { return "the interrupted run was \"\(options)\", this one is \"\(other.options)\"" }
    guard records != other.records else { return nil }
    let then = Set(records), now = Set(other.records)
    let added = other.records.filter { !then.contains($0) }, dropped = records.filter { !now.contains($0) }
    var parts = ["the interrupted run had \(records.count) records, this one has \(other.records.count)"]
    if let a = added.first { parts.append("\(added.count) not in it (first: \(a))") }
    if let d = dropped.first { parts.append("\(dropped.count) of it missing (first: \(d))") }
    if added.isEmpty && dropped.isEmpty { parts.append("in another order") }
    return parts.joined(separator: "; ")
  }
}

/// The version of the partial-output layout a resume must match.
let featureBatchFormat = "features-1"

extension FeatureBatchFiles {
  /// `OUT.partial.inputs`: the batch's `BatchInputs`.
  var partialInputs: String { out + ".partial.inputs" }

  func recordInputs(_ inputs: BatchInputs) throws(FileWriteError) {
    try writeFileAtomically(Data(inputs.text.utf8), to: partialInputs)
  }

  /// Refuses to resume a batch started with other records or options, naming the difference.
  func checkInputs(_ inputs: BatchInputs) throws(ExtractionError) {
    guard let text = try? String(contentsOfFile: partialInputs, encoding: .utf8), let recorded = BatchInputs(text: text) else {
      throw .outputInTheWay(
        path: partialInputs, reason: "is missing or unreadable, so the interrupted run's inputs are unknown; pass --force to start again")
    }
    if let difference = recorded.difference(from: inputs) {
      throw .outputInTheWay(
        path: partialInputs, reason: "--resume with other inputs: \(difference); rerun with the same records and options, or --force")
    }
  }
}
