import Foundation
import Testing

@testable import Tables

/// `harmonizeStatedIntervals`: a cart's stated intervals are kept, gated, and the derived columns
/// come from them.
@Suite struct StatedIntervalsTests {
  func table(qt: Double) throws -> DataTable {
    try DataTable([
      ("ecg_id", .text(["a", "b"])), ("rr_ms", .numeric([1000, 1440])), ("pr_ms", .numeric([160, 150])),
      ("p_ms", .numeric([100, .nan])), ("qrs_ms", .numeric([90, 120])), ("qt_ms", .numeric([400, qt])),
      ("p_axis_deg", .numeric([50, 60])), ("qrs_axis_deg", .numeric([-30, 170])), ("t_axis_deg", .numeric([40, -170])),
    ])
  }

  @Test func statedIntervalsAreKept_andDerivedColumnsFollowThem() throws {
    let h = try harmonizeStatedIntervals(try table(qt: 480))
    let t = h.table
    #expect(try t.numeric("qt_ms") == [400, 480])
    #expect(try t.numeric("pr_ms") == [160, 150])
    #expect(try t.numeric("qrs_t_ms") == [310, 360])
    #expect(try t.numeric("p_t_ms") == [560, 630])
    #expect(try t.numeric("qtc_bazett_ms")[1] == 480 / 1.2)
    #expect(try t.numeric("qrs_t_axis_deg") == [70, 20])
    #expect(h.implausible.isEmpty && h.idProblems.isEmpty)
  }

  @Test func implausibleIntervalsBecomeMissing_andSoDoWhatDerivesFromThem() throws {
    let h = try harmonizeStatedIntervals(try table(qt: 2000))
    let t = h.table
    #expect(h.implausible["qt_ms"] == 1)
    let qt = try t.numeric("qt_ms"), qtc = try t.numeric("qtc_bazett_ms"), qrsT = try t.numeric("qrs_t_ms")
    #expect(qt[1].isNaN && qtc[1].isNaN && qrsT[1].isNaN)
    #expect(qt[0] == 400)
  }
}
