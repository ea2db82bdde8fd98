import Foundation
import Testing

@testable import Embeddings

@Suite struct OnnxRuntimeLocatorTests {
  /// A temporary folder holding a fake (non-loadable) `libonnxruntime.so.9.9.9` and a provider plug-in.
  static func fakeLibraryFolder() throws -> String {
    let folder = NSTemporaryDirectory() + "onnx-embed-locator-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for name in ["libonnxruntime.so.9.9.9", "libonnxruntime.so", "libonnxruntime_providers_shared.so", "README"] {
      try Data("not a library".utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
    }
    return folder
  }

  @Test func folderListingPrefersShortNamesAndSkipsProviders() throws {
    let folder = try Self.fakeLibraryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(
      OnnxRuntimeLocator.libraryFiles(at: folder) == [
        folder + "/libonnxruntime.so", folder + "/libonnxruntime.so.9.9.9",
      ])
    #expect(OnnxRuntimeLocator.libraryFiles(at: folder + "/README") == [folder + "/README"])
    #expect(OnnxRuntimeLocator.libraryFiles(at: folder + "/absent").isEmpty)
  }

  @Test func searchOrderIsExplicitThenVariableThenPythonThenSystem() throws {
    let folder = try Self.fakeLibraryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let env = ["ECGLENS_ONNXRUNTIME": folder + "/libonnxruntime.so.9.9.9", "ECGLENS_PYTHON": "no-such-python-x"]
    let searched = OnnxRuntimeLocator(environment: env).candidates()
    #expect(searched.found.map(\.origin) == ["ECGLENS_ONNXRUNTIME", "system loader search", "system loader search"])
    #expect(searched.found.first?.path == folder + "/libonnxruntime.so.9.9.9")
    #expect(searched.notes.count == 1 && searched.notes[0].hasPrefix("no-such-python-x -c 'import onnxruntime'"))
    let explicit = OnnxRuntimeLocator(explicitPath: folder, environment: env).candidates()
    #expect(explicit.found.map(\.origin) == ["explicit path", "explicit path"] && explicit.notes.isEmpty)
  }

  @Test func notFoundListsEveryAttempt() throws {
    let folder = try Self.fakeLibraryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let locator = OnnxRuntimeLocator(
      environment: ["ECGLENS_ONNXRUNTIME": folder], askPython: false, useSystemSearch: false)
    do {
      _ = try OnnxRuntime(locator: locator)
      Issue.record("loaded a fake library")
    } catch OnnxRuntimeError.libraryNotFound(let attempts) {
      #expect(attempts.count == 2)
      #expect(attempts.allSatisfy { $0.hasPrefix("ECGLENS_ONNXRUNTIME: ONNX Runtime library \(folder)/") })
    }
    let unset = OnnxRuntimeLocator(environment: [:], askPython: false, useSystemSearch: false)
    #expect(throws: OnnxRuntimeError.libraryNotFound(attempts: ["ECGLENS_ONNXRUNTIME: not set"])) {
      try OnnxRuntime(locator: unset)
    }
  }

  @Test func explicitPathFailuresAreReportedDirectly() throws {
    let folder = try Self.fakeLibraryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let fake = folder + "/libonnxruntime.so"
    #expect {
      try OnnxRuntime(locator: OnnxRuntimeLocator(explicitPath: fake))
    } throws: { error in
      guard case OnnxRuntimeError.libraryLoadFailed(let path, _) = error else { return false }
      return path == fake
    }
    #expect(
      throws: OnnxRuntimeError.libraryNotFound(attempts: ["explicit path /absent: no libonnxruntime library there"])
    ) {
      try OnnxRuntime(locator: OnnxRuntimeLocator(explicitPath: "/absent"))
    }
  }

  @Test func aLibraryWithoutTheEntryPointIsRejected() throws {
    let libm = ["/lib/x86_64-linux-gnu/libm.so.6", "/lib/aarch64-linux-gnu/libm.so.6", "/usr/lib/libSystem.B.dylib"]
      .first { FileManager.default.fileExists(atPath: $0) }
    guard let libm else { return }
    #expect(throws: OnnxRuntimeError.entryPointMissing(path: libm, symbol: "OrtGetApiBase")) {
      try OnnxRuntime(locator: OnnxRuntimeLocator(explicitPath: libm))
    }
  }
}
