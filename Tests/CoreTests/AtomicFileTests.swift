import ECGLensTestSupport
import Foundation
import Testing

@testable import Core

@Suite struct AtomicFileTests {
  @Test func replacesARegularFileWhole() throws {
    let path = try TestPaths.temporaryFolder() + "/out.csv"
    try writeFileAtomically(Data("first, longer content\n".utf8), to: path)
    try writeFileAtomically(Data("second\n".utf8), to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "second\n")
  }

  /// Renaming over a symbolic link would replace the link; its target must be written instead.
  @Test func followsSymbolicLinks() throws {
    let folder = try TestPaths.temporaryFolder()
    try Data("old".utf8).write(to: URL(fileURLWithPath: folder + "/target.csv"))
    try FileManager.default.createSymbolicLink(atPath: folder + "/link.csv", withDestinationPath: folder + "/target.csv")
    try writeFileAtomically(Data("new".utf8), to: folder + "/link.csv")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/link.csv") == folder + "/target.csv")
    #expect(try String(contentsOfFile: folder + "/target.csv", encoding: .utf8) == "new")
  }

  /// A FIFO (like a device) must be written to, not renamed over.
  @Test func writesIntoAFIFOWithoutReplacingIt() throws {
    let path = try TestPaths.temporaryFolder() + "/pipe"
    #expect(mkfifo(path, 0o600) == 0)
    let reader = Thread {
      if let handle = FileHandle(forReadingAtPath: path) { _ = try? handle.readToEnd() }
    }
    reader.start()
    try writeFileAtomically(Data("through the pipe".utf8), to: path)
    let type = try FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType
    #expect(type != .typeRegular, "the FIFO was replaced by a regular file")
  }

  @Test func directoriesAndMissingFoldersAreTypedErrors() throws {
    let folder = try TestPaths.temporaryFolder()
    #expect(throws: FileWriteError(file: folder, reason: "is a directory")) {
      try writeFileAtomically(Data(), to: folder)
    }
    #expect(throws: FileWriteError.self) { try writeFileAtomically(Data(), to: folder + "/no/such/dir/x") }
  }
}
