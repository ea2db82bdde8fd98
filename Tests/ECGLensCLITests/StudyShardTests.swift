import ECGLensTestSupport
import Foundation
import Pipeline
import Testing

@testable import ECGLensCLI

/// Sharded studies on the bundled Chapman excerpt (2,000 ECGs, 7 rhythm and condition targets,
/// RFE): `study --shard I/N` and `train --shard I/N` parts merged by `study merge` equal the single
/// run's folder file by file, byte for byte; an incomplete, repeated, mixed or changed set is
/// refused with the file and the problem.
@Suite struct StudyShardTests {
  func run(_ arguments: [String]) throws {
    var command = try ECGLens.parseAsRoot(arguments)
    try command.run()
  }

  /// Every file under `folder` (hidden ones too), relative to it, with its bytes.
  func contents(_ folder: String) -> [String: Data] {
    var out: [String: Data] = [:]
    let walker = FileManager.default.enumerator(atPath: folder)
    while let relative = walker?.nextObject() as? String {
      var isFolder: ObjCBool = false
      if FileManager.default.fileExists(atPath: folder + "/" + relative, isDirectory: &isFolder), !isFolder.boolValue {
        out[relative] = FileManager.default.contents(atPath: folder + "/" + relative)
      }
    }
    return out
  }

  func expectSameFiles(_ merged: String, _ single: String) {
    let a = contents(merged), b = contents(single)
    #expect(a.keys.sorted() == b.keys.sorted())
    for (name, bytes) in b { #expect(a[name] == bytes, "\(name) differs") }
  }

  /// The study config: the Chapman excerpt's 4 most frequent rhythm and beat labels, RFE, a small bootstrap.
  func config(in folder: String, minPositives: Int = 5) throws -> String {
    let text = """
      {"name": "Sharded", "source": {"kind": "muse", "file": "\(TestPaths.samples)/chapman/Diagnostics-first2000.csv"},
       "labels": {"categorical": ["rhythm"], "multi_valued": ["beat"], "ignore": ["NONE"], "min_count": 300},
       "targets": "all", "rfe": true, "min_positives": \(minPositives),
       "split": {"folds": 10, "seed": 1}, "bootstrap": {"resamples": 100}}
      """
    let path = folder + "/study-\(minPositives).json"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func studyPartsMergeIntoTheSingleRunsFolderByteForByte() throws {
    let folder = try TestPaths.temporaryFolder()
    let config = try config(in: folder)
    // The single run and the merge write the same folder (study.json records absolute paths).
    let out = folder + "/out"
    try run(["study", config, "--out", out])
    try FileManager.default.moveItem(atPath: out, toPath: folder + "/single")
    for i in 1...3 { try run(["study", config, "--out", folder + "/part\(i)", "--shard", "\(i)/3"]) }
    #expect(!FileManager.default.fileExists(atPath: folder + "/part1/study/report.html"))
    try run(["study", "merge", folder + "/part3", folder + "/part1", folder + "/part2", "--out", out])
    let files = contents(out)
    #expect(files.keys.contains("study/report.html") && files.keys.contains(".ecglens-cache.json"))
    #expect(files.count > 60)
    expectSameFiles(out, folder + "/single")
    // The config changed after the shards ran: the merge would run other steps, so it refuses.
    try (try String(contentsOfFile: config, encoding: .utf8) + " ").write(toFile: config, atomically: true, encoding: .utf8)
    #expect(throws: StudyShardError.self) {
      try run(["study", "merge", folder + "/part1", folder + "/part2", folder + "/part3", "--out", folder + "/again"])
    }
    #expect(!FileManager.default.fileExists(atPath: folder + "/again"))
  }

  @Test func trainPartsMergeByteForByteAndBadSetsAreRefused() throws {
    let folder = try TestPaths.temporaryFolder()
    let table = folder + "/chapman.csv", labels = folder + "/labels.csv"
    try run(["ingest", "muse", TestPaths.samples + "/chapman/Diagnostics-first2000.csv", "--out", table])
    try run([
      "labels", table, "--id-column", "ecg_id", "--categorical", "rhythm", "--multi-valued", "beat", "--ignore", "NONE",
      "--min-count", "100", "--out", labels,
    ])
    let train = [
      "train", "--table", table, "--labels", labels, "--id-column", "ecg_id", "--patient-column", "patient_id", "--rfe",
      "--min-positives", "5", "--folds", "10",
    ]
    try run(train + ["--out", folder + "/single"])
    for i in 1...4 { try run(train + ["--shard", "\(i)/4", "--out", folder + "/part\(i)"]) }
    let parts = (1...4).map { folder + "/part\($0)" }
    try run(["study", "merge"] + parts + ["--out", folder + "/merged"])
    expectSameFiles(folder + "/merged", folder + "/single")

    func merge(_ paths: [String]) throws {
      _ = try mergeStudyShards(parts: paths, output: folder + "/refused", force: false, options: StudyRunOptions(version: "test")) { _ in }
    }
    let manifest = folder + "/part1/study-shard.json"
    #expect(throws: StudyShardError.missingShards(file: manifest, have: [1, 2, 4], of: 4)) {
      try merge([parts[0], parts[1], parts[3]])
    }
    #expect(throws: StudyShardError.repeatedShard(file: parts[1] + "/study-shard.json", shard: 2, also: parts[1])) {
      try merge([parts[0], parts[1], parts[1], parts[2], parts[3]])
    }
    // A shard of the same study trained with other options (another --min-positives).
    try run(train.map { $0 == "5" ? "6" : $0 } + ["--shard", "3/4", "--out", folder + "/other3"])
    #expect(
      throws: StudyShardError.mismatch(
        file: folder + "/other3/study-shard.json", what: "options (study configuration, threads per booster)", first: manifest)
    ) {
      try merge([parts[0], parts[1], folder + "/other3", parts[3]])
    }
    // A model changed after its shard finished.
    let models = folder + "/part4/models"
    let target = try #require(try FileManager.default.contentsOfDirectory(atPath: models).sorted().first)
    let changed = models + "/" + target + "/ecg+demographics/predictions.csv"
    try (try String(contentsOfFile: changed, encoding: .utf8) + "x,x,test,0,0.5\n").write(toFile: changed, atomically: true, encoding: .utf8)
    let error = #expect(throws: StudyShardError.self) { try merge(parts) }
    guard case .tampered(let file, let named, _, _)? = error else {
      Issue.record("not refused as tampered: \(String(describing: error))")
      return
    }
    #expect(file == changed && named == folder + "/part4/study-shard.json")
    #expect(!FileManager.default.fileExists(atPath: folder + "/refused"))
    // An existing folder is not replaced without --force.
    #expect(throws: PipelineError.self) { try run(["study", "merge"] + parts + ["--out", folder + "/merged"]) }
  }
}
