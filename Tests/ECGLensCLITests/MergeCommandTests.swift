import ArgumentParser
import ECGLensTestSupport
import Foundation
import Testing

@testable import ECGLensCLI
@testable import Extraction

/// `ecglens extract --shard I/N` and `ecglens merge` from the command line: the parts of the 3
/// bundled LUDB records in 2 shards merge into the single run's files, byte for byte; a bad
/// `--shard` is a usage error; a missing shard ends with the library's error.
@Suite struct MergeCommandTests {
  func run(_ arguments: [String]) throws {
    var command = try ECGLens.parseAsRoot(arguments)
    try command.run()
  }

  @Test func shardsMergedFromTheCommandLineEqualTheSingleRun() throws {
    let ludb = TestPaths.samples + "/ludb"
    let records = ["1", "2", "3"].map { ludb + "/" + $0 }
    let folder = try TestPaths.temporaryFolder()
    try run(["extract"] + records + ["--out", folder + "/single.csv"])
    for i in 1...2 { try run(["extract"] + records + ["--out", folder + "/part-\(i).csv", "--shard", "\(i)/2"]) }
    #expect(FileManager.default.fileExists(atPath: folder + "/part-1.manifest.json"))
    // Parts named by their CSVs: the manifests beside them are found.
    try run(["merge", folder + "/part-2.csv", folder + "/part-1.csv", "--out", folder + "/merged.csv"])
    let fm = FileManager.default
    #expect(fm.contents(atPath: folder + "/merged.csv") == fm.contents(atPath: folder + "/single.csv"))
    #expect(fm.contents(atPath: folder + "/merged.records.csv") == fm.contents(atPath: folder + "/single.records.csv"))
    // An existing output is not replaced without --force; a missing shard is refused.
    #expect(throws: ExtractionError.self) { try run(["merge", folder, "--out", folder + "/merged.csv"]) }
    #expect(throws: ExtractionError.self) { try run(["merge", folder + "/part-1.csv", "--out", folder + "/other.csv"]) }
    for bad in ["0/2", "3/2", "2", "a/b"] {
      #expect(throws: (any Error).self) { _ = try ECGLens.parseAsRoot(["extract", ludb + "/1", "--shard", bad]) }
    }
  }
}
