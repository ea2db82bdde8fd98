import Foundation
import Testing

@testable import Embeddings

@Suite struct EncoderSidecarTests {
  /// A valid sidecar as a JSON dictionary, to be altered per test.
  nonisolated(unsafe) static let valid: [String: Any] = [
    "format_version": 1, "model": "m", "licence": "CC0-1.0", "source": "test",
    "leads": ["I", "II", "V1", "V2", "V3", "V4", "V5", "V6"], "sampling_rate_hz": 250, "samples": 2500,
    "scaling": "standardize_per_lead", "scaling_epsilon": 1e-6, "input_name": "ecg",
    "input_layout": "batch,leads,samples", "output_name": "embedding", "pooling": "none", "embedding_size": 64,
  ]

  static func decode(_ changes: [String: Any?]) throws -> EncoderSidecar {
    var object = valid
    for (key, value) in changes { object[key] = value }
    return try EncoderSidecar.decode(try JSONSerialization.data(withJSONObject: object), file: "x.json")
  }

  static func error(_ changes: [String: Any?]) -> EncoderSidecarError? {
    do {
      _ = try decode(changes)
      return nil
    } catch {
      return error as? EncoderSidecarError
    }
  }

  @Test func decodesTheFixtureSidecar() throws {
    let sidecar = try EncoderSidecar.load(from: TestEnvironment.fixture("tiny_ecg_encoder.json"))
    #expect(sidecar.leads == ["I", "II", "V1", "V2", "V3", "V4", "V5", "V6"])
    #expect(sidecar.samplingRateHz == 250 && sidecar.samples == 2500)
    #expect(sidecar.scaling == .standardizePerLead(epsilon: 1e-6))
    #expect(sidecar.inputLayout == .batchLeadsSamples && sidecar.pooling == .none)
    #expect(sidecar.lengthPolicy == .centre && sidecar.maxBatch == nil && sidecar.embeddingSize == 64)
    let openECG = try EncoderSidecar.load(from: TestEnvironment.fixture("openecg_codec_v6_int8.json"))
    #expect(openECG.scaling == .rankNormalize && openECG.inputLayout == .batchSamples)
    #expect(openECG.pooling == .meanTokens && openECG.maxBatch == 1 && openECG.lengthPolicy == .start)
  }

  @Test func roundTripsThroughJSON() throws {
    let sidecar = try Self.decode(["max_batch": 4, "length_policy": "start"])
    let again = try EncoderSidecar.decode(try JSONEncoder().encode(sidecar))
    #expect(again == sidecar)
  }

  @Test func sidecarPathSitsBesideTheModel() {
    #expect(EncoderSidecar.path(forModel: "/m/enc.onnx") == "/m/enc.json")
  }

  @Test func acceptsSpacesInTheLayout() throws {
    #expect(try Self.decode(["input_layout": "batch, samples, leads"]).inputLayout == .batchSamplesLeads)
  }

  @Test func errorsNameTheFileAndTheKey() {
    let missing = Self.error(["samples": nil])
    #expect(missing == EncoderSidecarError(file: "x.json", key: "samples", problem: "is missing"))
    #expect(missing?.description == "encoder sidecar x.json: key \"samples\" is missing")
    #expect(Self.error(["sampling_rate": 250])?.key == "sampling_rate")  // a typo is an unknown key
    #expect(Self.error(["samples": "2500"])?.key == "samples")
    #expect(Self.error(["samples": 0])?.key == "samples")
    #expect(Self.error(["sampling_rate_hz": -1])?.key == "sampling_rate_hz")
    #expect(Self.error(["format_version": 2])?.key == "format_version")
    #expect(Self.error(["leads": []])?.key == "leads")
    #expect(Self.error(["leads": ["I", "i"]])?.problem == "lists i twice")
    #expect(Self.error(["scaling": "z"])?.key == "scaling")
    #expect(Self.error(["scaling_epsilon": nil])?.key == "scaling_epsilon")
    #expect(Self.error(["scaling_epsilon": 0])?.key == "scaling_epsilon")
    #expect(Self.error(["scaling": "mV"])?.key == "scaling_epsilon")  // epsilon given but unused
    #expect(Self.error(["input_layout": "leads,samples"])?.key == "input_layout")
    #expect(Self.error(["input_layout": "batch,samples"])?.key == "input_layout")  // 8 leads, one expected
    #expect(Self.error(["pooling": "max"])?.key == "pooling")
    #expect(Self.error(["length_policy": "end"])?.key == "length_policy")
    #expect(Self.error(["embedding_size": -3])?.key == "embedding_size")
    #expect(Self.error(["max_batch": 0])?.key == "max_batch")
    #expect(Self.error(["input_name": ""])?.key == "input_name")
  }

  @Test func unreadableAndInvalidFilesAreReported() throws {
    #expect(throws: EncoderSidecarError.self) { try EncoderSidecar.load(from: "/nonexistent/enc.json") }
    do {
      _ = try EncoderSidecar.decode(Data("{".utf8), file: "bad.json")
      Issue.record("decoded invalid JSON")
    } catch let error as EncoderSidecarError {
      #expect(error.file == "bad.json" && error.key == nil)
    }
  }
}
