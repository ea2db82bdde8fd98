import ECGLensTestSupport
import Foundation
import Testing

@testable import Embeddings

/// `embedRecordings` on the bundled PTB-XL records with the tiny fixture encoder: one row per record,
/// the Python embedding for record 1, records that cannot meet the sidecar skipped and listed.
@Suite struct EmbeddingBatchTests {
  static let ptbxl = TestPaths.samples + "/ptb-xl"

  /// A folder with record 00001_hr, a 2 s copy of it (`short`) and a text file that is no ECG.
  static func folder() throws -> String {
    let folder = try TestPaths.temporaryFolder()
    for ext in ["hea", "dat"] {
      try FileManager.default.copyItem(atPath: ptbxl + "/00001_hr.\(ext)", toPath: folder + "/00001_hr.\(ext)")
    }
    let header = try String(contentsOfFile: ptbxl + "/00001_hr.hea", encoding: .utf8)
    let short = header.replacingOccurrences(of: "00001_hr 12 500 5000", with: "short 12 500 1000")
      .replacingOccurrences(of: "00001_hr.dat", with: "short.dat")
    try short.write(toFile: folder + "/short.hea", atomically: true, encoding: .utf8)
    let samples = try Data(contentsOf: URL(fileURLWithPath: ptbxl + "/00001_hr.dat"))
    try samples.prefix(1000 * 12 * 2).write(to: URL(fileURLWithPath: folder + "/short.dat"))
    try "not an ECG\n".write(toFile: folder + "/notes.txt", atomically: true, encoding: .utf8)
    return folder
  }

  /// The bundled PTB-XL records, in name order (what `ecglens embed` finds in that folder).
  static func ptbxlRecords() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: ptbxl).filter { $0.hasSuffix(".hea") }.sorted()
      .map { ptbxl + "/" + $0.dropLast(4) }
  }

  @Test(.enabled(if: TestEnvironment.runtime != nil, TestEnvironment.noRuntime))
  func embedsABatchSkippingWhatCannotBeEmbedded() throws {
    let encoder = try ECGEncoder(
      modelPath: TestEnvironment.fixture("tiny_ecg_encoder.onnx"), runtime: TestEnvironment.runtime!)
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    // 00001_hr twice: the second is a duplicate.
    let records = try Self.ptbxlRecords() + [folder + "/00001_hr", folder + "/short"]
    let out = folder + "/embeddings.csv"
    var skippedPaths: [String] = []
    let summary = try embedRecordings(records, encoder: encoder, output: out, options: .init(jobs: 2, batchSize: 3)) {
      if case .skipped(let path, _) = $0 { skippedPaths.append(path) }
    }
    #expect(summary.embedded == 11 && summary.skipped == 2)
    #expect(skippedPaths == [folder + "/00001_hr", folder + "/short"])
    let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 12)
    #expect(lines[0] == "ecg_id," + (0..<64).map { "emb_\($0)" }.joined(separator: ","))
    let first = lines[1].split(separator: ",")
    #expect(first[0] == "00001_hr" && first.count == 65)
    // Python onnxruntime's embedding of the same record, inputs resampled by scipy's resample_poly.
    let want = try TinyEncoderParityTests.expected().embeddings[0]
    #expect(maxAbsDifference(first.dropFirst().map { Float(String($0))! }, want) <= 1e-4)
    let report = try String(contentsOfFile: folder + "/embeddings.records.csv", encoding: .utf8)
    #expect(report.contains("short,skipped,\"too short: 2.00 s, the encoder needs 10.00 s"))
    #expect(report.contains("00001_hr,skipped,ecg_id 00001_hr already embedded from \(Self.ptbxl)/00001_hr"))
    #expect(!FileManager.default.fileExists(atPath: out + ".partial"))
    // The same batch on one job, one ECG per run, gives the same rows (to float rounding of batched runs).
    let again = folder + "/again.csv"
    _ = try embedRecordings(records, encoder: encoder, output: again, options: .init(jobs: 1, batchSize: 1))
    func values(_ path: String) throws -> [[Float]] {
      try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst()
        .map { $0.split(separator: ",").dropFirst().map { Float(String($0))! } }
    }
    let (a, b) = (try values(out), try values(again))
    #expect(a.count == b.count && zip(a, b).allSatisfy { maxAbsDifference($0, $1) <= 1e-5 })
    // An existing output is kept unless forced; --pad embeds the short record.
    #expect(throws: EmbeddingBatchError.self) {
      try embedRecordings(records, encoder: encoder, output: out, options: .init(jobs: 1))
    }
    let padded = try embedRecordings(records, encoder: encoder, output: out, options: .init(jobs: 1, pad: true, force: true))
    #expect(padded.embedded == 12 && padded.skipped == 1)
  }
}
