import ECGLensTestSupport
import Foundation
import Testing

/// The README's summary table and docs/validation/README.md are rendered from the raw outputs the
/// validation commands wrote; a figure edited by hand, or an output regenerated without
/// rendering, fails here.
@Suite struct DocumentationTests {
  @Test func validationRecordIsRenderedFromTheRawOutputs() throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", TestPaths.repository + "/Scripts/render_validation.py", "--check"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    process.waitUntilExit()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(process.terminationStatus == 0, "\(output)")
  }

  /// The front door stays a front door.
  @Test func readmeIsAtMost250Lines() throws {
    let text = try String(contentsOfFile: TestPaths.repository + "/README.md", encoding: .utf8)
    #expect(text.split(separator: "\n", omittingEmptySubsequences: false).count <= 250)
  }
}
