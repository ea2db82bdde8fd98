import COnnxRuntime
import Foundation
import Testing

@testable import Embeddings

/// Checks that each OrtApi table position declared in ort_shim.h reaches the function named there, by
/// behaviour only that function has. Runs only where an ONNX Runtime library is found.
@Suite(.enabled(if: TestEnvironment.runtime != nil, TestEnvironment.noRuntime))
struct OnnxRuntimeABITests {
  let runtime = TestEnvironment.runtime!
  let model = TestEnvironment.fixture("tiny_ecg_encoder.onnx")

  @Test func versionAndApiTable() {
    // OrtApiBase::GetVersionString and GetApi(13) (nil for an unsupported version, checked in init).
    #expect(runtime.version.hasPrefix("1."))
    #expect(OnnxRuntime.apiVersion == 13)
  }

  @Test func statusEntriesRoundTrip() {
    // Positions 0 CreateStatus, 1 GetErrorCode, 2 GetErrorMessage, 93 ReleaseStatus.
    let status = ecg_ort_create_status(runtime.api, 7, "probe message")
    #expect(throws: OnnxRuntimeError.runtime(operation: "probe", modelPath: nil, code: 7, message: "probe message")) {
      try runtime.check(status, "probe", model: nil)
    }
  }

  @Test func missingModelFileCarriesTheMessageAndPath() {
    // Positions 10 CreateSessionOptions, 24/25 thread counts, 23 optimisation level, 7 CreateSession.
    let path = "/nonexistent/model.onnx"
    #expect {
      try runtime.session(modelPath: path)
    } throws: { error in
      guard case OnnxRuntimeError.runtime("CreateSession", path, let code, let message) = error else { return false }
      return code == 3 && message.contains(path)  // ORT_NO_SUCHFILE
    }
  }

  /// Threads of this process (Linux: entries of /proc/self/task).
  static func threadCount() -> Int? {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task"))?.count
  }

  @Test(.enabled(if: threadCount() != nil, "needs /proc/self/task"))
  func intraOpThreadSetterSizesTheThreadPool() throws {
    // Position 24 SetIntraOpNumThreads: a session with n intra-op threads starts n - 1 pool threads.
    let single = try runtime.session(modelPath: model, options: OnnxSessionOptions(intraOpThreads: 1))
    let before = Self.threadCount()!
    let five = try runtime.session(modelPath: model, options: OnnxSessionOptions(intraOpThreads: 5))
    let after = Self.threadCount()!
    #expect(after - before >= 4, "threads before \(before), after \(after)")
    _ = (single, five)
  }

  @Test func notAModelIsReportedByCreateSession() throws {
    let path = NSTemporaryDirectory() + "onnx-embed-not-a-model-\(UUID().uuidString).onnx"
    try Data("not a protobuf".utf8).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect {
      try runtime.session(modelPath: path)
    } throws: { error in
      guard case OnnxRuntimeError.runtime("CreateSession", path, let code, _) = error else { return false }
      return code == 7  // ORT_INVALID_PROTOBUF
    }
  }

  @Test func sessionMetadata() throws {
    // Positions 30/31 counts, 33/34 type info, 36/37 names, 78 allocator, 76 AllocatorFree, 55 cast,
    // 60 element type, 61/62 dimensions, 63 symbolic dimensions, 98 ReleaseTypeInfo.
    let session = try runtime.session(modelPath: model)
    #expect(
      session.inputs == [
        OnnxTensorInfo(name: "ecg", elementType: .float, shape: [nil, 8, 2500], dimensionNames: ["batch", "", ""])
      ])
    #expect(session.outputs.map(\.name) == ["embedding"])
    #expect(session.outputs[0].elementType == .float && session.outputs[0].shape == [nil, 64])
    #expect(session.inputs[0].description == "ecg: float32 [batch, 8, 2500]")
  }

  @Test func runReturnsShapedOutput() throws {
    // Positions 69 CreateCpuMemoryInfo, 49 CreateTensorWithDataAsOrtValue, 9 Run, 65 GetTensorTypeAndShape,
    // 51 GetTensorMutableData, 96 ReleaseValue, 99 ReleaseTensorTypeAndShapeInfo, 94/95/100/92 releases.
    let session = try runtime.session(modelPath: model)
    let out = try session.run(
      inputName: "ecg", values: [Float](repeating: 0.5, count: 2 * 8 * 2500), shape: [2, 8, 2500],
      outputNames: ["embedding"])
    #expect(out.count == 1 && out[0].shape == [2, 64])
    #expect(out[0].values[0..<64] == out[0].values[64..<128])  // same input, same embedding
    #expect(out[0].values.allSatisfy { $0.isFinite })
  }

  @Test func inputsAreValidatedBeforeRunning() throws {
    let session = try runtime.session(modelPath: model)
    #expect(throws: OnnxRuntimeError.self) {
      try session.run(inputName: "ecg", values: [0, 0], shape: [1, 2], outputNames: ["embedding"])
    }
    #expect(throws: OnnxRuntimeError.self) {
      try session.run(
        inputName: "ecg", values: [Float](repeating: 0, count: 8 * 2500), shape: [1, 8, 2500],
        outputNames: ["nope"])
    }
    #expect(throws: OnnxRuntimeError.self) {
      try session.run(inputName: "x", values: [0], shape: [1], outputNames: ["embedding"])
    }
  }
}
