import ArgumentParser
import ECGLensTestSupport
import Foundation
import Measurements
import Signals
import Testing

@testable import ECGLensCLI
@testable import Extraction
@testable import Pipeline

@Suite struct ExtractCommandTests {
  /// A folder with the three bundled LUDB records, a record whose signal file is missing and a
  /// record whose leads are flat.
  func batchFolder() throws -> String {
    let folder = try TestPaths.temporaryFolder()
    for r in ["1", "2", "3"] {
      for ext in ["hea", "dat"] {
        try FileManager.default.copyItem(atPath: TestPaths.samples + "/ludb/\(r).\(ext)", toPath: folder + "/\(r).\(ext)")
      }
    }
    try "missing 1 500 5000\nmissing.dat 16 200 16 0 0 0 0 I\n".write(toFile: folder + "/missing.hea", atomically: true, encoding: .utf8)
    try "flat 2 500 5000\nflat.dat 16 200 16 0 0 0 0 I\nflat.dat 16 200 16 0 0 0 0 II\n"
      .write(toFile: folder + "/flat.hea", atomically: true, encoding: .utf8)
    try Data(count: 5000 * 2 * 2).write(to: URL(fileURLWithPath: folder + "/flat.dat"))
    return folder
  }

  /// Runs a command; a batch that skipped records ends with exit status 1, which `skipped`
  /// expects.
  func run(_ arguments: [String], skipped: Bool = false) throws {
    var command = try ECGLens.parseAsRoot(arguments)
    if skipped {
      #expect(throws: ExitCode(1)) { try command.run() }
    } else {
      try command.run()
    }
  }

  @Test func measuresGoodRecords_reportsBadOnes_andKeepsGoing() throws {
    let folder = try batchFolder()
    let out = try TestPaths.temporaryFolder() + "/features.csv"
    try run(["extract", folder, "--out", out, "--jobs", "2"], skipped: true)
    let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
    #expect(lines.first.map(String.init) == "ecg_id," + featureCatalogue.map(\.name).joined(separator: ","))
    #expect(lines.dropFirst().map { String($0.prefix { $0 != "," }) } == ["1", "2", "3"])
    #expect(lines.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == featureCatalogue.count + 1 })
    // LUDB record 1: a 51-year-old woman (header comments).
    let cells = lines[1].split(separator: ",", omittingEmptySubsequences: false)
    #expect(cells[1] == "51" && cells[2] == "0")
    let report = try String(contentsOfFile: out.replacingOccurrences(of: ".csv", with: ".records.csv"), encoding: .utf8)
    // III, aVR, aVL and aVF are derived from I and II (flat too), and the report says so.
    #expect(report.contains("/flat,flat,error,no usable lead (I: flat; II: flat; III: flat; aVR: flat; aVL: flat; aVF: flat),500,10"))
    #expect(report.contains(",wfdb,III aVR aVL aVF\n"))
    #expect(report.contains("missing.dat"))
    #expect(report.split(separator: "\n").count == 6)
    #expect(!FileManager.default.fileExists(atPath: out + ".partial"))
    // An existing output is not replaced without --force.
    #expect(throws: ExtractionError.self) { try run(["extract", folder, "--out", out]) }
  }

  /// An interrupted run (rows and report lines cut mid-write) resumes to the same result with
  /// nothing lost or repeated; without --resume the leftovers are an error, not overwritten.
  @Test func resumesAnInterruptedRun() throws {
    let folder = try batchFolder()
    let tmp = try TestPaths.temporaryFolder()
    let complete = tmp + "/complete.csv"
    try run(["extract", folder, "--out", complete], skipped: true)
    let expected = try String(contentsOfFile: complete, encoding: .utf8)
    let expectedReport = try String(contentsOfFile: tmp + "/complete.records.csv", encoding: .utf8)

    let out = tmp + "/features.csv"
    let rows = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let reportLines = expectedReport.split(separator: "\n", omittingEmptySubsequences: false)
    // Row of record 1 and 2 written, a half row of 3; report has record 1 only and half of 2.
    try (rows[0...2].joined(separator: "\n") + "\n" + rows[3].prefix(40)).write(toFile: out + ".partial", atomically: true, encoding: .utf8)
    try (reportLines[0...1].joined(separator: "\n") + "\n" + reportLines[2].prefix(10))
      .write(toFile: tmp + "/features.records.csv.partial", atomically: true, encoding: .utf8)
    // What the interrupted run recorded of its inputs when it started.
    let inputs = BatchInputs(records: try discoverRecords([folder]), options: ExtractionOptions(jobs: 1))
    try inputs.text.write(toFile: out + ".partial.inputs", atomically: true, encoding: .utf8)
    #expect(throws: ExtractionError.self) { try run(["extract", folder, "--out", out]) }
    // Resuming with other records or options is refused, naming the difference.
    #expect(
      performing: { try run(["extract", folder + "/1", folder + "/2", "--out", out, "--resume"]) },
      throws: { "\($0)".contains("other inputs") && "\($0)".contains("had 5 records, this one has 2") })
    #expect(
      performing: { try run(["extract", folder, "--out", out, "--resume", "--id", "path"]) },
      throws: { "\($0)".contains("id from name") && "\($0)".contains("id from path") })
    try run(["extract", folder, "--out", out, "--resume"], skipped: true)
    #expect(!FileManager.default.fileExists(atPath: out + ".partial.inputs"))
    #expect(try String(contentsOfFile: out, encoding: .utf8) == expected)
    let report = try String(contentsOfFile: tmp + "/features.records.csv", encoding: .utf8)
    #expect(Set(report.split(separator: "\n")) == Set(expectedReport.split(separator: "\n")))
    #expect(report.split(separator: "\n").count == expectedReport.split(separator: "\n").count)
  }

  @Test func readsRecordLists_andNamesWhatIsMissing() throws {
    let folder = try batchFolder()
    try "# two records\n2\n3.hea\n".write(toFile: folder + "/LIST", atomically: true, encoding: .utf8)
    let out = folder + "/f.csv"
    try run(["extract", folder + "/LIST", "--out", out])
    let ids = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").dropFirst().map { $0.prefix { $0 != "," } }
    #expect(ids == ["2", "3"])
    try "2\nnope\n".write(toFile: folder + "/BAD", atomically: true, encoding: .utf8)
    #expect(
      performing: { try run(["extract", folder + "/BAD", "--out", folder + "/g.csv"]) },
      throws: { "\($0)".contains("line 2") && "\($0)".contains("nope.hea") })
    #expect(throws: ExtractionError.self) { try run(["extract", folder + "/absent", "--out", folder + "/h.csv"]) }
  }

  /// The same record name in two databases: one is skipped and named by default; --id path keeps both.
  @Test func repeatedRecordNames() throws {
    let a = try batchFolder(), b = try batchFolder()
    let out = try TestPaths.temporaryFolder()
    try run(["extract", a + "/1", b + "/1", "--out", out + "/n.csv"], skipped: true)
    #expect(try String(contentsOfFile: out + "/n.records.csv", encoding: .utf8).contains("duplicate record name 1"))
    #expect(try String(contentsOfFile: out + "/n.csv", encoding: .utf8).split(separator: "\n").count == 2)
    try run(["extract", a + "/1", b + "/1", "--out", out + "/p.csv", "--id", "path"])
    let rows = try String(contentsOfFile: out + "/p.csv", encoding: .utf8).split(separator: "\n").dropFirst()
    #expect(rows.map { String($0.prefix { $0 != "," }) } == [a + "/1", b + "/1"])
  }

  @Test func featureCatalogueDocumentMatchesTheCode() throws {
    let doc = try String(contentsOfFile: TestPaths.repository + "/docs/feature-catalogue.md", encoding: .utf8)
    #expect(doc == featureCatalogueMarkdown(), "regenerate with: ecglens features --out docs/feature-catalogue.md")
    #expect(featureCatalogueCSV().split(separator: "\n").count == featureCatalogue.count + 1)
  }
}

@Suite struct MeasurementValidationTests {
  /// Global QRS and QT on the first 40 LUDB records agree with the cardiologists' annotations
  /// (the full run is `ecglens validate measurements`, recorded in docs/validation).
  @Test func globalIntervalsAgreeWithLUDBAnnotations() throws {
    guard TestPaths.hasSharedData("ludb/data") else {
      print("skipped: \(TestPaths.sharedData)/ludb/data is missing")
      return
    }
    var diffs: [String: [Double]] = [:]
    for r in 1...40 {
      let path = TestPaths.sharedData + "/ludb/data/\(r)"
      let record = try readRecord(at: path)
      let m = try measureECG(
        leads: record.digital.indices.map { record.physical($0) }, descriptions: record.signalNames,
        samplingRate: record.samplingFrequency)
      let references = try referenceIntervals(record: path, leads: record.signalNames, samplingRate: record.samplingFrequency)
      for (k, measured) in [("qrs", m.qrs), ("qt", m.qt)] where !measured.isNaN && !(references[k] ?? .nan).isNaN {
        diffs[k, default: []].append(measured - references[k]!)
      }
    }
    let qrs = diffs["qrs"] ?? [], qt = diffs["qt"] ?? []
    #expect(qrs.count >= 38 && qt.count >= 35)
    #expect(abs(qrs.reduce(0, +) / Double(qrs.count)) < 10)
    #expect(abs(qt.reduce(0, +) / Double(qt.count)) < 25)
  }
}
