import ArgumentParser
import ECGLensTestSupport
import Embeddings
import Foundation
import Testing

@testable import ECGLensCLI

/// `ecglens embed` end to end with the tiny fixture encoder: WFDB and EDF copies of the same PTB-XL
/// record give the same embedding; a record missing a lead is skipped and listed (exit status 1).
@Suite(.enabled(if: (try? OnnxRuntime()) != nil, "ONNX Runtime not found (pip install onnxruntime): test skipped"))
struct EmbedCommandTests {
  let model = TestPaths.fixtures + "/embeddings/tiny_ecg_encoder.onnx"

  func rows(_ path: String) throws -> [String: [Float]] {
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst()
    return Dictionary(
      uniqueKeysWithValues: lines.map { line in
        let cells = line.split(separator: ",")
        return (String(cells[0]), cells.dropFirst().map { Float(String($0))! })
      })
  }

  @Test func embedsEveryFormatAndListsWhatItSkips() throws {
    let folder = try TestPaths.temporaryFolder()
    let out = folder + "/embeddings.csv"
    let records = [
      TestPaths.samples + "/ptb-xl/00001_hr", TestPaths.fixtures + "/formats/ptbxl-00001_hr.edf",
      TestPaths.samples + "/mitdb/100",
    ]
    var command = try ECGLens.parseAsRoot(["embed"] + records + ["--model", model, "--out", out, "-j", "2"])
    #expect(throws: ExitCode(1)) { try command.run() }
    let embedded = try rows(out)
    #expect(embedded.keys.sorted() == ["00001_hr", "ptbxl-00001_hr"])
    let (wfdb, edf) = (embedded["00001_hr"]!, embedded["ptbxl-00001_hr"]!)
    #expect(wfdb.count == 64 && zip(wfdb, edf).allSatisfy { abs($0 - $1) <= 1e-3 })
    let report = try String(contentsOfFile: folder + "/embeddings.records.csv", encoding: .utf8)
    #expect(report.contains("mitdb/100,100,skipped,\"the encoder needs lead I, which the record lacks"))
  }

  @Test func aMissingModelIsAUsageError() throws {
    #expect(throws: (any Error).self) {
      var command = try ECGLens.parseAsRoot(["embed", TestPaths.samples + "/ptb-xl", "--model", "/nonexistent.onnx"])
      try command.run()
    }
  }
}
