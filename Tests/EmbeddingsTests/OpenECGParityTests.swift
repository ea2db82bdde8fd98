import Foundation
import Signals
import Testing

@testable import Embeddings

/// A real pretrained network from PyPI: openecg 0.11.0's codec_v6_int8.onnx (Apache-2.0), single lead II,
/// 500 Hz, 10 s, rank-normalised. Swift must match Python onnxruntime (Scripts/make_openecg_reference.py)
/// on PTB-XL records 1-5 within 1e-5, for the full rhythm logits and the pooled 6-value vector.
@Suite(
  .enabled(if: TestEnvironment.runtime != nil, TestEnvironment.noRuntime),
  .enabled(if: TestEnvironment.openECGModel != nil, TestEnvironment.noOpenECG),
  .enabled(if: TestEnvironment.dataFolder != nil, TestEnvironment.noData))
struct OpenECGParityTests {
  let runtime = TestEnvironment.runtime!
  let model = TestEnvironment.openECGModel!

  func encoder() throws -> ECGEncoder {
    try ECGEncoder(
      modelPath: model, sidecarPath: TestEnvironment.fixture("openecg_codec_v6_int8.json"), runtime: runtime)
  }

  func prepared(_ encoder: ECGEncoder) throws -> (records: [String], inputs: [PreparedECG], rows: [[String: Any]]) {
    let rows = try TestEnvironment.json("openecg_expected.json")["records"] as! [[String: Any]]
    let records = rows.map { $0["record"] as! String }
    let refuse: ECGResampler = { _, from, to in
      Issue.record("no resampling expected, asked \(from) -> \(to) Hz")
      return []
    }
    let inputs = try records.map { record in
      let ecg = try readRecording(at: TestEnvironment.dataFolder! + "/" + record)
      return try EncoderInput.prepare(
        leadNames: ecg.leads.map(\.name), samples: ecg.leads.map(\.samples), samplingRateHz: ecg.samplingRate,
        sidecar: encoder.sidecar, resample: refuse)
    }
    return (records, inputs, rows)
  }

  @Test func rankNormalisedInputsAreBitIdenticalToOpenECGs() throws {
    let encoder = try encoder()
    let (_, inputs, rows) = try prepared(encoder)
    #expect(inputs.map { fnv1a64($0.values) } == rows.map { $0["input_fnv1a64"] as! String })
  }

  @Test func logitsAndPooledVectorsMatchPython() throws {
    let encoder = try encoder()
    let (records, inputs, rows) = try prepared(encoder)
    let logits = try TestEnvironment.floats("openecg_rhythm_logits.f32")
    let perRecord = 5000 * 6
    for (index, input) in inputs.enumerated() {
      let output = try encoder.rawOutput([input])
      #expect(output.shape == [1, 5000, 6])
      let want = Array(logits[(index * perRecord)..<((index + 1) * perRecord)])
      #expect(maxAbsDifference(output.values, want) <= 1e-5, "\(records[index]) rhythm_logits")
    }
    let embeddings = try encoder.embed(inputs)  // max_batch 1: five single runs
    for (index, row) in rows.enumerated() {
      let want = (row["embedding_mean_rhythm_logits"] as! [Double]).map(Float.init)
      #expect(embeddings[index].count == 6)
      #expect(maxAbsDifference(embeddings[index], want) <= 1e-5, "\(records[index]) pooled")
    }
  }

  @Test func runtimeErrorsCarryOnnxRuntimesMessage() throws {
    // The export fixes batch 1 inside a Reshape; a batch of 2 fails inside Run with ORT's own message.
    let session = try runtime.session(modelPath: model)
    #expect(session.inputs[0].description == "signal: float32 [batch, 5000]")
    #expect {
      try session.run(
        inputName: "signal", values: [Float](repeating: 0, count: 2 * 5000), shape: [2, 5000],
        outputNames: ["rhythm_logits"])
    } throws: { error in
      guard case OnnxRuntimeError.runtime("Run", let path, let code, let message) = error else { return false }
      return path == model && code == 1 && message.contains("Reshape")
    }
  }
}
