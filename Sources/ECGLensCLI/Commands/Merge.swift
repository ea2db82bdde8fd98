import ArgumentParser
import Extraction
import Foundation

/// `ecglens merge PART... --out features.csv`: joins the parts of `extract --shard I/N`.
struct Merge: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Join the parts of a sharded extract into the files a single run writes, byte for byte.",
    discussion: """
      PART is a shard's manifest (OUT.manifest.json), its features CSV (the manifest beside it) \\
      or a folder of manifests. Every shard 1..N of one batch must be there, cut from the same \\
      records and options, and each part must match the SHA-256 in its manifest; otherwise \\
      nothing is written and the error names the file and the problem. The features CSV and \\
      OUT.records.csv are written with the records in the batch's order, as `ecglens extract` \\
      without --shard writes them.
      """)

  @Argument(help: "Shard manifests, part CSVs, or folders of manifests.")
  var parts: [String]

  @Option(name: [.short, .long], help: "Output CSV (a file). The record report goes to the same name with .records.csv.")
  var out = "features.csv"

  @Flag(help: "Replace an existing output.")
  var force = false

  func run() throws {
    let summary = try mergeShards(manifests: try shardManifestPaths(parts), output: out, force: force)
    warn(
      "merge: \(summary.shards) shards, \(summary.records) records (\(summary.skipped) skipped), \(summary.rows) rows"
        + " -> \(out); report \(summary.files.report)")
  }
}
