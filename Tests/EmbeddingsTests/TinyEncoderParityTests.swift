import Foundation
import Signals
import Testing

@testable import Embeddings

/// The seeded tiny ECG-JEPA-style encoder (Scripts/make_encoder_fixture.py): Swift through the C API must
/// give Python onnxruntime's embeddings within 1e-5 on the same inputs.
@Suite(.enabled(if: TestEnvironment.runtime != nil, TestEnvironment.noRuntime))
struct TinyEncoderParityTests {
  let runtime = TestEnvironment.runtime!
  let model = TestEnvironment.fixture("tiny_ecg_encoder.onnx")

  struct Expected {
    let records: [String]
    let inputChecksums: [String]
    let decimateChecksums: [String]
    let embeddings: [[Float]]
    let decimateEmbeddings: [[Float]]
  }

  static func expected() throws -> Expected {
    let rows = try TestEnvironment.json("tiny_encoder_expected.json")["records"] as! [[String: Any]]
    func floats(_ row: [String: Any], _ key: String) -> [Float] { (row[key] as! [Double]).map(Float.init) }
    return Expected(
      records: rows.map { $0["record"] as! String },
      inputChecksums: rows.map { $0["input_fnv1a64_resample_poly"] as! String },
      decimateChecksums: rows.map { $0["input_fnv1a64_decimate"] as! String },
      embeddings: rows.map { floats($0, "embedding_resample_poly") },
      decimateEmbeddings: rows.map { floats($0, "embedding_decimate") })
  }

  /// The stored Python-prepared inputs as PreparedECGs (8 leads x 2500 samples each).
  static func storedInputs(_ sidecar: EncoderSidecar) throws -> [PreparedECG] {
    let values = try TestEnvironment.floats("tiny_encoder_inputs.f32")
    let size = sidecar.leads.count * sidecar.samples
    return (0..<(values.count / size)).map {
      PreparedECG(
        leads: sidecar.leads, samplesPerLead: sidecar.samples, values: Array(values[($0 * size)..<(($0 + 1) * size)]))
    }
  }

  @Test func storedInputsGiveThePythonEmbeddings() throws {
    let encoder = try ECGEncoder(modelPath: model, runtime: runtime)
    let expected = try Self.expected()
    let inputs = try Self.storedInputs(encoder.sidecar)
    #expect(inputs.map { fnv1a64($0.values) } == expected.inputChecksums)
    for batchSize in [3, 1] {
      let embeddings = try encoder.embed(inputs, batchSize: batchSize)
      #expect(embeddings.count == 3 && embeddings.allSatisfy { $0.count == 64 })
      for (got, want) in zip(embeddings, expected.embeddings) {
        #expect(maxAbsDifference(got, want) <= 1e-5, "batch size \(batchSize)")
      }
    }
    // The three records give different embeddings (the model is not degenerate).
    #expect(maxAbsDifference(expected.embeddings[0], expected.embeddings[1]) > 0.05)
  }

  @Test func concurrentCallersGetTheSameEmbeddings() async throws {
    let encoder = try ECGEncoder(modelPath: model, runtime: runtime)
    let inputs = try Self.storedInputs(encoder.sidecar)
    let reference = try encoder.embed(inputs, batchSize: 1)
    let results = try await withThrowingTaskGroup(of: [[Float]].self) { group in
      for _ in 0..<4 { group.addTask { try encoder.embed(inputs, batchSize: 1) } }
      return try await group.reduce(into: []) { $0.append($1) }
    }
    #expect(results.count == 4 && results.allSatisfy { $0 == reference })
  }

  @Test(.enabled(if: TestEnvironment.dataFolder != nil, TestEnvironment.noData))
  func ptbxlRecordsEndToEnd() throws {
    // WFDB -> EncoderInput (leads I, II, V1-V6; 500 -> 250 Hz by taking every other sample, as the fixture
    // script's x[::2]; per-lead standardisation) -> ONNX Runtime -> embedding.
    let encoder = try ECGEncoder(modelPath: model, runtime: runtime)
    let expected = try Self.expected()
    let decimate: ECGResampler = { x, from, to in
      precondition(from == 2 * to)
      return stride(from: 0, to: x.count, by: 2).map { x[$0] }
    }
    var prepared: [PreparedECG] = []
    for record in expected.records {
      let ecg = try readRecording(at: TestEnvironment.dataFolder! + "/" + record)
      prepared.append(
        try EncoderInput.prepare(
          leadNames: ecg.leads.map(\.name), samples: ecg.leads.map(\.samples), samplingRateHz: ecg.samplingRate,
          sidecar: encoder.sidecar, resample: decimate))
    }
    let embeddings = try encoder.embed(prepared)
    for (index, (got, want)) in zip(embeddings, expected.decimateEmbeddings).enumerated() {
      #expect(maxAbsDifference(got, want) <= 1e-5, "\(expected.records[index])")
    }
    let matching = zip(prepared, expected.decimateChecksums).filter { fnv1a64($0.values) == $1 }.count
    #expect(matching == prepared.count, "input checksums equal to Python's: \(matching) of \(prepared.count)")
  }

  @Test func sidecarDisagreeingWithTheModelNamesTheKey() throws {
    var sidecar = try EncoderSidecar.load(from: TestEnvironment.fixture("tiny_ecg_encoder.json"))
    let folder = NSTemporaryDirectory() + "onnx-embed-sidecar-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    func key(after change: (inout EncoderSidecar) -> Void) throws -> String? {
      var changed = sidecar
      change(&changed)
      let path = folder + "/changed.json"
      try JSONEncoder().encode(changed).write(to: URL(fileURLWithPath: path))
      do {
        _ = try ECGEncoder(modelPath: model, sidecarPath: path, runtime: runtime)
        return nil
      } catch let error as EncoderSidecarError {
        #expect(error.file == path && error.problem.contains(model))
        return error.key
      }
    }
    #expect(try key { $0.inputName = "signal" } == "input_name")
    #expect(try key { $0.outputName = "logits" } == "output_name")
    #expect(try key { $0.samples = 5000 } == "samples")
    #expect(try key { $0.leads = ["I", "II"] } == "leads")
    #expect(try key { $0.inputLayout = .batchSamplesLeads } == "samples")
    #expect(try key { $0.pooling = .meanTokens } == "pooling")
    #expect(try key { $0.embeddingSize = 768 } == "embedding_size")
    sidecar.licence = "changed"
    #expect(try key { _ in } == nil)
  }
}
