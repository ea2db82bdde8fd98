import ArgumentParser
import ECGLensTestSupport
import Foundation
import Signals
import Testing

@testable import ECGLensCLI

@Suite struct CommandTests {
  @Test func beats_writesTheCSVContract() throws {
    let out = try TestPaths.temporaryFolder() + "/beats.csv"
    var command = try ECGLens.parseAsRoot([
      "beats", TestPaths.samples + "/mitdb/100", TestPaths.samples + "/ludb/1", "--lead", "0", "--out", out,
    ])
    try command.run()
    let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
    #expect(lines.first == "record,sample")
    #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("100,") || $0.hasPrefix("1,") })
    let mit = lines.filter { $0.hasPrefix("100,") }.count
    #expect(mit > 350 && mit < 400)  // about 75 bpm for 5 minutes
    let samples = lines.dropFirst().compactMap { Int($0.split(separator: ",")[1]) }
    #expect(samples.count == lines.count - 1)
  }

  @Test func beats_savesWFDBAnnotationsThatReadBack() throws {
    let folder = try TestPaths.temporaryFolder()
    var command = try ECGLens.parseAsRoot([
      "beats", TestPaths.samples + "/mitdb/208", "--out", folder + "/b.csv", "--wfdb-dir", folder,
    ])
    try command.run()
    let csv = try String(contentsOfFile: folder + "/b.csv", encoding: .utf8)
      .split(separator: "\n").dropFirst().map { Int($0.split(separator: ",")[1])! }
    let saved = try readAnnotations(record: folder + "/208", annotator: "qrs")
    #expect(saved.annotations.map(\.sample) == csv)
    #expect(saved.annotations.allSatisfy { $0.code == .normal })
  }

  @Test func beats_skipsABadRecord_keepsTheOthers_andFails() throws {
    let out = try TestPaths.temporaryFolder() + "/beats.csv"
    var command = try ECGLens.parseAsRoot([
      "beats", "/nonexistent/rec", TestPaths.samples + "/ludb/2", "--lead", "ii", "--out", out,
    ])
    #expect(throws: ExitCode(1)) { try command.run() }
    let text = try String(contentsOfFile: out, encoding: .utf8)
    #expect(text.hasPrefix("record,sample\n2,"))
  }

  @Test func unknownLead_isNamedInTheError() throws {
    let record = TestPaths.samples + "/ludb/1"
    let out = try TestPaths.temporaryFolder() + "/beats.csv"
    var command = try ECGLens.parseAsRoot(["beats", record, "--lead", "MLII", "--out", out])
    #expect(throws: ExitCode(1)) { try command.run() }
  }

  @Test func validate_onBundledSamples_writesPerRecordCSV() throws {
    let folder = try TestPaths.temporaryFolder()
    let out = folder + "/rpeaks.csv"
    var command = try ECGLens.parseAsRoot(["validate", "rpeaks", "--db", TestPaths.samples + "/mitdb", "--out", out])
    try command.run()
    let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 3)
    #expect(lines[1].hasPrefix("100,") && lines[2].hasPrefix("208,"))
  }
}

@Suite struct DelineateCommandTests {
  @Test func writesTheCSVContract() throws {
    let out = try TestPaths.temporaryFolder() + "/waves.csv"
    var command = try ECGLens.parseAsRoot(["delineate", TestPaths.samples + "/ludb/1", "--global", "--out", out])
    try command.run()
    let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map(String.init)
    #expect(lines.first == "record,lead,p_on,p_peak,p_off,qrs_on,r_peak,qrs_off,t_peak,t_off")
    let leads = Set(lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[1] })
    #expect(leads == ["i", "ii", "iii", "avr", "avl", "avf", "v1", "v2", "v3", "v4", "v5", "v6", "global"])
    for line in lines.dropFirst() {
      let cells = line.split(separator: ",", omittingEmptySubsequences: false)
      #expect(cells.count == 10)
      #expect(cells[2...].allSatisfy { $0.isEmpty || Int($0) != nil })
      #expect(Int(cells[6]) != nil)  // every row has its R peak
    }
    var only = try ECGLens.parseAsRoot(["delineate", TestPaths.samples + "/ludb/1", "--leads", "ii,v1", "--out", out])
    try only.run()
    let two = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").dropFirst()
    #expect(Set(two.map { $0.split(separator: ",")[1] }) == ["ii", "v1"])
  }

  /// `validate delineation --per-record` on the three bundled LUDB records: a row per record and
  /// fiducial, whose counts add up to the pooled table's.
  @Test func perRecordCountsAddUpToThePooledTable() throws {
    let folder = try TestPaths.temporaryFolder()
    var command = try ECGLens.parseAsRoot([
      "validate", "delineation", "--consensus", "--db", TestPaths.samples + "/ludb", "--out", folder + "/pooled.csv",
      "--per-record", folder + "/records.csv",
    ])
    try command.run()
    func rows(_ file: String) throws -> [[String]] {
      try String(contentsOfFile: folder + "/" + file, encoding: .utf8).split(separator: "\n").dropFirst()
        .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }
    let pooled = try rows("pooled.csv"), records = try rows("records.csv")
    #expect(Set(records.map { $0[0] }) == ["1", "2", "3"])
    #expect(records.count == 3 * pooled.count)
    for p in pooled {
      let mine = records.filter { $0[1] == p[0] }
      for column in 1...3 {  // reference, tp, fn
        #expect(mine.map { Int($0[column + 1])! }.reduce(0, +) == Int(p[column])!, "\(p[0]) column \(column)")
      }
      #expect(mine.map { Int($0[5])! }.reduce(0, +) == Int(p[4])!)  // fp
    }
  }
}
