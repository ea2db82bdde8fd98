import ECGLensTestSupport
import Foundation
import Testing

@testable import Tables

/// Machine values that cannot be physiology become missing and are counted, never passed on.
@Suite struct PlausibilityTests {
  @Test func mimicPOnsetAfterPEndGivesNoNegativePR() throws {
    let csv = """
      subject_id,study_id,ecg_time,rr_interval,p_onset,p_end,qrs_onset,qrs_end,t_end,p_axis,qrs_axis,t_axis
      1,11,2180-07-23 08:44:00,659,40,128,170,258,518,81,77,79
      1,12,2180-07-23 09:54:00,0.6,1000,128,170,258,518,81,77,79
      """
    let raw = try parseCSV(Data(csv.utf8), file: "m.csv", options: CSVReadOptions(textColumns: ["subject_id", "study_id"]))
    let h = try harmonizeMIMICMachineMeasurements(raw)
    #expect(try h.table.numeric("pr_ms")[0] == 130)
    // Before the gate this row had PR -830 ms, P duration -872 ms and an RR of 0.6 ms.
    for name in ["pr_ms", "p_ms", "rr_ms", "qtc_bazett_ms", "p_rr", "pr_qt"] {
      #expect(try h.table.numeric(name)[1].isNaN, "\(name)")
    }
    #expect(try h.table.numeric("qrs_ms")[1] == 88)
    #expect(h.implausible["pr_ms"] == 1 && h.implausible["p_ms"] == 1 && h.implausible["rr_ms"] == 1)
    #expect(h.idProblems.isEmpty)
  }

  @Test func museRangesAndIdentifiers() throws {
    let csv = """
      FileName,Rhythm,Beat,PatientAge,Gender,VentricularRate,AtrialRate,QRSDuration,QTInterval,QTCorrected,RAxis,TAxis,QRSCount,QOnset,QOffset,TOffset
      a,SR,NONE,-1,MALE,100000,60,90,400,410,inf,40,10,200,245,400
      a,SR,NONE,50,FEMALE,60,60,90,400,410,30,40,10,200,245,400
      ,SR,NONE,50,FEMALE,60,60,90,400,410,30,40,10,200,245,400
      """
    let raw = try parseCSV(Data(csv.utf8), file: "d.csv", options: CSVReadOptions(textColumns: ["FileName", "Rhythm", "Beat", "Gender"]))
    let h = try harmonizeMUSEChapman(raw)
    #expect(try h.table.numeric("age_years")[0].isNaN)
    #expect(try h.table.numeric("rr_ms")[0].isNaN)
    #expect(try h.table.numeric("qrs_axis_deg")[0].isNaN)
    #expect(try h.table.numeric("rr_ms")[1] == 1000)
    #expect(h.implausible["age_years"] == 1 && h.implausible["qrs_axis_deg"] == 1 && h.implausible["rr_ms"] == 1)
    #expect(h.idProblems.count == 2, "\(h.idProblems)")
    #expect(h.idProblems.contains { $0.contains("empty") && $0.contains("row") })
    #expect(h.idProblems.contains { $0.contains("\"a\" on rows 2 and 3") })
  }

  /// On the real tables the gate removes a handful of values, and every one removed is outside
  /// the bounds (nothing in range is touched).
  @Test(.enabled(if: TestPaths.hasSharedData("mimic-iv-ecg"), "needs ../shared/data/mimic-iv-ecg"))
  func realTablesLoseOnlyImplausibleValues() throws {
    let raw = try readCSV(
      at: TestPaths.sharedData + "/mimic-iv-ecg/train/train_fib.csv", options: CSVReadOptions(textColumns: ["subject_id", "study_id", "cart_id"]))
    let h = try harmonizeMIMICMachineMeasurements(raw)
    let total = h.implausible.values.reduce(0, +)
    #expect(total > 0 && total < 200, "\(h.implausible)")
    for (name, range) in PlausibleRange.bounds {
      guard let v = try? h.table.numeric(name) else { continue }
      #expect(v.allSatisfy { $0.isNaN || range.contains($0) }, "\(name)")
    }
  }
}
