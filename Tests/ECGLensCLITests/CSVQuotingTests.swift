import ECGLensTestSupport
import Foundation
import Measurements
import Tables
import Testing

@testable import ECGLensCLI
@testable import Extraction

/// Record and lead names holding a comma, a quote and a line break survive every CSV the
/// waveform commands write: reread by ECGLens's own reader and, where Python's pandas is
/// installed, by pandas (which otherwise reads such a file one column off without an error).
@Suite struct CSVQuotingTests {
  static let recordName = "rec,\"42"
  static let leadNames = ["record 42, signal \"0\"", "record 42, signal \"1\""]

  /// The bundled 5-minute MIT-BIH record 100 under a folder and a record name that need
  /// quoting, its signals described as `record 42, signal "0"` (a PhysioNet habit). WFDB header
  /// fields cannot hold a line break, so the line break comes from the folder (`--id path`).
  func awkwardRecord() throws -> String {
    let folder = try TestPaths.temporaryFolder() + "/dir, \"q\"\nnext line"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: TestPaths.samples + "/mitdb/100.dat", toPath: folder + "/100.dat")
    let header = try String(contentsOfFile: TestPaths.samples + "/mitdb/100.hea", encoding: .utf8)
      .replacingOccurrences(of: "100 2 360", with: Self.recordName + " 2 360")
      .replacingOccurrences(of: "0 MLII", with: "0 " + Self.leadNames[0]).replacingOccurrences(of: "0 V5", with: "0 " + Self.leadNames[1])
    try header.write(toFile: folder + "/\(Self.recordName).hea", atomically: true, encoding: .utf8)
    return folder + "/" + Self.recordName
  }

  @Test func delineateQuotesRecordAndLeadNames() throws {
    let record = try awkwardRecord()
    let out = try TestPaths.temporaryFolder() + "/delineation.csv"
    var command = try ECGLens.parseAsRoot(["delineate", record, "--global", "--out", out])
    try command.run()
    let table = try readCSV(at: out, options: CSVReadOptions(textColumns: ["record", "lead"]))
    #expect(table.names.count == 10)
    #expect(Set(try table.text("record")) == [Self.recordName])
    #expect(Set(try table.text("lead")) == Set(Self.leadNames.map { $0.lowercased() } + ["global"]))
    #expect(try table.numeric("r_peak").allSatisfy { !$0.isNaN })
    try pandasCheck(out, column: "lead", expected: Self.leadNames.map { $0.lowercased() } + ["global"], rows: table.rowCount)
    // The writer itself, with a line break too.
    let row = delineationRow(record: "a,\"b\nc", lead: "x, \"y\"\nz", .init(rPeak: 7))
    let reread = try parseCSV(Data((delineationTableHeader + "\n" + row).utf8), file: "row", options: .init(textColumns: ["record", "lead"]))
    #expect(try reread.text("record") == ["a,\"b\nc"] && reread.text("lead") == ["x, \"y\"\nz"])
  }

  @Test(arguments: ["whole", "10"])
  func extractQuotesIdsPathsAndErrors(window: String) throws {
    let record = try awkwardRecord()
    let out = try TestPaths.temporaryFolder() + "/features.csv"
    var command = try ECGLens.parseAsRoot(["extract", record, "--id", "path", "--window", window, "--out", out])
    try command.run()
    let features = try readCSV(at: out, options: CSVReadOptions(textColumns: ["ecg_id", "window_status"]))
    #expect(features.names.count == featureCatalogue.count + (window == "whole" ? 1 : 4))
    #expect(Set(try features.text("ecg_id")) == [record])
    #expect(features.rowCount == (window == "whole" ? 1 : 30))
    let report = try readCSV(at: FeatureBatchFiles(out: out).report, options: CSVReadOptions(textColumns: ["path", "ecg_id", "lead_problems"]))
    #expect(try report.text("path") == [record] && report.text("ecg_id") == [record])
    if window == "whole" { #expect(try report.text("lead_problems").first?.contains(Self.leadNames[0] + ": not a standard lead") == true) }
    try pandasCheck(out, column: "ecg_id", expected: [record], rows: features.rowCount)
  }

  @Test func beatsQuotesTheRecordName() throws {
    let record = try awkwardRecord()
    let out = try TestPaths.temporaryFolder() + "/beats.csv"
    var command = try ECGLens.parseAsRoot(["beats", record, "--out", out])
    try command.run()
    let table = try readCSV(at: out, options: CSVReadOptions(textColumns: ["record"]))
    #expect(Set(try table.text("record")) == [Self.recordName] && table.rowCount > 300)
    try pandasCheck(out, column: "record", expected: [Self.recordName], rows: table.rowCount)
  }

  /// Reads `file` with pandas and checks its row count and the distinct values of `column`;
  /// skipped, with a message, where python3 or pandas is missing.
  func pandasCheck(_ file: String, column: String, expected: [String], rows: Int) throws {
    let script = """
      import json, sys
      try:
          import pandas as pd
      except ImportError:
          print("no pandas"); sys.exit(0)
      t = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
      print(json.dumps({"rows": len(t), "values": sorted(set(t[sys.argv[2]]))}))
      """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, file, column]
    let pipe = Pipe()
    process.standardOutput = pipe
    do { try process.run() } catch {
      print("skipped pandas check: python3 not found")
      return
    }
    process.waitUntilExit()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    guard !output.hasPrefix("no pandas"), process.terminationStatus == 0 else {
      print("skipped pandas check: \(output.isEmpty ? "python3 failed" : "pandas not installed")")
      return
    }
    struct Read: Decodable { var rows: Int; var values: [String] }
    let read = try JSONDecoder().decode(Read.self, from: Data(output.utf8))
    #expect(read.rows == rows)
    #expect(read.values == expected.sorted())
  }
}
