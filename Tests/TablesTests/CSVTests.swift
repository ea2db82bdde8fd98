import ECGLensTestSupport
import Foundation
import Testing

@testable import Tables

@Suite struct CSVTests {
  private func parse(_ text: String, _ options: CSVReadOptions = .init()) throws -> DataTable {
    try parseCSV(Data(text.utf8), file: "t.csv", options: options)
  }

  @Test func quotedCellsEscapesCRLFAndMissing() throws {
    let t = try parse("\u{FEFF}id,name,x\r\n1,\"a, \"\"b\"\"\nc\",2.5\r\n2,,NA\r\n\r\n3,z,-1e3\n")
    #expect(t.names == ["id", "name", "x"])
    #expect(t.rowCount == 3)
    #expect(try t.text("name") == ["a, \"b\"\nc", "", "z"])
    let x = try t.numeric("x")
    #expect(x[0] == 2.5 && x[1].isNaN && x[2] == -1000)
  }

  @Test func textColumnsKeepIdentifiersExact() throws {
    let t = try parse("subject_id,v\n0010000032,1\n", CSVReadOptions(textColumns: ["subject_id"]))
    #expect(try t.text("subject_id") == ["0010000032"])
  }

  @Test func errorsNameColumnAndRow() throws {
    #expect(throws: TablesError.ragged(file: "t.csv", row: 3, expected: 2, found: 3)) {
      try parse("a,b\n1,2\n1,2,3\n")
    }
    #expect(throws: TablesError.notNumeric(file: "t.csv", column: "b", row: 4, text: "oops")) {
      try parse("a,b\n1,2\n1,3\n1,oops\n", CSVReadOptions(inferenceRows: 2))
    }
    #expect(throws: TablesError.duplicateColumn(file: "t.csv", name: "a")) { try parse("a,a\n1,2\n") }
    #expect(throws: TablesError.unterminatedQuote(file: "t.csv", row: 2)) { try parse("a\n\"open\n") }
    #expect(throws: TablesError.emptyFile(file: "t.csv")) { try parse("") }
    #expect(throws: TablesError.fileNotFound(file: "/no/such.csv")) { try readCSV(at: "/no/such.csv") }
  }

  /// The fast number parser must give exactly what Swift's correctly rounded parser gives.
  @Test(arguments: [21 as UInt64, 22])
  func numbersParseExactly(seed: UInt64) throws {
    var rng = SeededGenerator(seed: seed)
    var texts: [String] = [
      "0", "-0.0", "1e-5", "123456789012345678901234", "4.9e-324", "1.7976931348623157e308",
      "0.1", "+3.", ".5", "7E2",
    ]
    for _ in 0..<2000 {
      let digits = (0..<Int.random(in: 1...17, using: &rng)).map { _ in String(Int.random(in: 0...9, using: &rng)) }.joined()
      let point = Int.random(in: 0...digits.count, using: &rng)
      var s = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
      if Bool.random(using: &rng) { s += "e\(Int.random(in: -30...30, using: &rng))" }
      texts.append(Bool.random(using: &rng) ? "-" + s : s)
    }
    for s in texts {
      let mine = Array(s.utf8).withUnsafeBufferPointer { parseNumber($0) }
      #expect(mine == Double(s), "seed \(seed): \(s)")
    }
    for bad in ["", "1.2.3", "e5", "1e", "--1", "12a"] {
      #expect(Array(bad.utf8).withUnsafeBufferPointer { parseNumber($0) } == nil, "\(bad)")
    }
  }

  @Test func writeThenReadRoundTrips() throws {
    let table = try DataTable([
      ("id", .text(["a", "b,c", "d\"e"])), ("x", .numeric([1, .nan, 0.1])), ("y", .numeric([-2.5, 1e20, 3])),
    ])
    let path = try TestPaths.temporaryFolder() + "/t.csv"
    try writeCSV(table, to: path)
    let back = try readCSV(at: path, options: CSVReadOptions(textColumns: ["id"]))
    #expect(try back.text("id") == ["a", "b,c", "d\"e"])
    #expect(try back.numeric("y") == [-2.5, 1e20, 3])
    let x = try back.numeric("x")
    #expect(x[0] == 1 && x[1].isNaN && x[2] == 0.1)
  }
}

@Suite struct MachineMeasurementTests {
  @Test func derivedIntervalsAndAxisDifferences() throws {
    var t = try DataTable([
      ("rr_ms", .numeric([1000, 640])), ("p_onset_ms", .numeric([40, .nan])), ("p_end_ms", .numeric([128, .nan])),
      ("qrs_onset_ms", .numeric([170, 200])), ("qrs_end_ms", .numeric([258, 290])), ("t_end_ms", .numeric([570, 600])),
      ("p_axis_deg", .numeric([60, .nan])), ("qrs_axis_deg", .numeric([170, 10])), ("t_axis_deg", .numeric([-170, 40])),
    ])
    t = try deriveIntervals(t)
    #expect(try t.numeric("pr_ms")[0] == 130)
    #expect(try t.numeric("pr_ms")[1].isNaN)
    #expect(try t.numeric("qrs_ms") == [88, 90])
    #expect(try t.numeric("qt_ms") == [400, 400])
    #expect(try t.numeric("qtc_bazett_ms")[0] == 400)
    #expect(abs(try t.numeric("qtc_bazett_ms")[1] - 500) < 1e-9)  // 400 / sqrt(0.64)
    #expect(abs(try t.numeric("qtc_fridericia_ms")[1] - 400 / Foundation.cbrt(0.64)) < 1e-9)
    #expect(try t.numeric("qrs_t_axis_deg") == [20, 30])
    #expect(axisDifference(-90, 180) == 90 && axisDifference(0, 360) == 0)
  }

  @Test func mimicSentinelsBecomeMissing() throws {
    let csv = """
      subject_id,study_id,ecg_time,rr_interval,p_onset,p_end,qrs_onset,qrs_end,t_end,p_axis,qrs_axis,t_axis
      1,11,2180-07-23 08:44:00,659,40,128,170,258,518,81,77,79
      1,12,2180-07-23 09:54:00,29999,29999,32767,170,258,6000,400,-361,79
      """
    let raw = try parseCSV(Data(csv.utf8), file: "m.csv", options: CSVReadOptions(textColumns: ["subject_id", "study_id"]))
    let t = try harmonizeMIMICMachineMeasurements(raw).table
    #expect(try t.text("patient_id") == ["1", "1"])
    #expect(try t.text("ecg_time") == ["2180-07-23 08:44:00", "2180-07-23 09:54:00"])
    #expect(try t.numeric("pr_ms")[0] == 130)
    for name in ["rr_ms", "p_onset_ms", "p_end_ms", "t_end_ms", "p_axis_deg", "qrs_axis_deg", "qt_ms", "qtc_bazett_ms"] {
      #expect(try t.numeric(name)[1].isNaN, "\(name)")
    }
    #expect(try t.numeric("t_axis_deg")[1] == 79)
  }

  @Test(.enabled(if: TestPaths.hasSharedData("mimic-iv-ecg"), "needs ../shared/data/mimic-iv-ecg"))
  func realMIMICTable() throws {
    let raw = try readCSV(
      at: TestPaths.sharedData + "/mimic-iv-ecg/train/train_fib.csv",
      options: CSVReadOptions(textColumns: ["subject_id", "study_id", "cart_id"]))
    #expect(raw.rowCount == 16_749)
    let t = try harmonizeMIMICMachineMeasurements(raw).table
    #expect(Set(try t.text("patient_id")).count > 3000)
    let qrs = try t.numeric("qrs_ms").filter { !$0.isNaN }
    let median = qrs.sorted()[qrs.count / 2]
    #expect((80...110).contains(median), "median QRS \(median) ms")
    #expect(try t.numeric("report_0").allSatisfy { $0 == 0 || $0 == 1 })
  }

  @Test(.enabled(if: TestPaths.hasSharedData("chapman-shaoxing"), "needs ../shared/data/chapman-shaoxing"))
  func realChapmanTable() throws {
    let raw = try readCSV(at: TestPaths.sharedData + "/chapman-shaoxing/Diagnostics.csv")
    #expect(raw.rowCount == 10_646)
    let t = try harmonizeMUSEChapman(raw).table
    // QRS from the fiducials (2 ms per 500 Hz sample) agrees with MUSE's own QRSDuration.
    let mine = try t.numeric("qrs_ms"), machine = try t.numeric("machine_qrs_ms")
    let close = zip(mine, machine).filter { abs($0 - $1) <= 4 }.count
    #expect(Double(close) / Double(t.rowCount) > 0.9, "\(close) of \(t.rowCount)")
    #expect(Set(try t.numeric("sex_male").filter { !$0.isNaN }) == [0, 1])
  }
}
