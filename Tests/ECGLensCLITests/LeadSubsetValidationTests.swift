import Delineation
import ECGLensTestSupport
import Foundation
import Measurements
import Signals
import Testing

@testable import Extraction

/// Delineation with a subset of the leads, at another rate, and P presence by rhythm.
@Suite struct LeadSubsetValidationTests {
  /// LUDB 1-10 with leads II and V5 resampled to 250 Hz: the global fiducials are scored against
  /// all 12 leads' annotation files (12 times as many reference QRS complexes as one lead has),
  /// and they differ from the 12-lead ones.
  @Test(.enabled(if: TestPaths.hasSharedData("ludb"), "needs ../shared/data/ludb (or $ECGLENS_DATA)"))
  func twoLeadsAt250HzAreScoredAgainstEveryLead() throws {
    let db = TestPaths.sharedData + "/ludb/data"
    var options = DelineationValidationOptions()
    options.recordRange = 1...10
    options.leads = "ii,v5"
    options.rate = 250
    let two = try validateDelineation(database: db, options: options)
    #expect(two.records == 10 && two.failures.isEmpty)
    let qrs = try #require(two.matches[.qrsOnset])
    #expect(qrs.sensitivity > 0.99 && qrs.positivePredictivity > 0.99)
    let record1 = try readAnnotations(record: db + "/1", annotator: "ii")
    let perLead = referenceWaveList(record1).filter { $0.kind == .qrs }.count
    #expect(qrs.truePositives + qrs.falseNegatives > 10 * perLead)
    options.leads = "all"
    options.rate = nil
    let twelve = try validateDelineation(database: db, options: options)
    #expect(twelve.matches[.qrsOnset]?.offsets != qrs.offsets)
    // A lead the record does not have is an error naming it.
    options.leads = "ii,x9"
    let missing = try validateDelineation(database: db, options: options)
    #expect(missing.records == 0 && missing.failures.count == 10)
    #expect(missing.failures.first?.error.contains("x9") == true)
  }

  /// MIT-BIH 202 has sinus rhythm, atrial fibrillation and atrial flutter: with both leads at
  /// 360 Hz, P waves are found in at least 90 % of the sinus beats and in at most 10 % of the
  /// fibrillation and flutter beats.
  @Test(.enabled(if: TestPaths.hasSharedData("mitdb"), "needs ../shared/data/mitdb (or $ECGLENS_DATA)"))
  func pWavesFollowTheRhythmOnMITBIH202() throws {
    let folder = try TestPaths.temporaryFolder()
    for ext in ["hea", "dat", "atr"] {
      try FileManager.default.createSymbolicLink(atPath: folder + "/202.\(ext)", withDestinationPath: TestPaths.sharedData + "/mitdb/202.\(ext)")
    }
    try "202\n".write(toFile: folder + "/RECORDS", atomically: true, encoding: .utf8)
    let v = try validatePPresence(database: folder, options: PPresenceOptions())
    #expect(v.records == 1 && v.failures.isEmpty)
    let sinus = try #require(v.rows["(N"]), af = try #require(v.rows["(AFIB"]), flutter = try #require(v.rows["(AFL"])
    func fraction(_ r: PPresenceValidation.Row) -> Double { Double(r.beatsWithP) / Double(r.beats) }
    #expect(sinus.beats > 900 && fraction(sinus) >= 0.9, "\(sinus)")
    #expect(af.beats > 800 && fraction(af) <= 0.1, "\(af)")
    #expect(flutter.beats > 50 && fraction(flutter) <= 0.1, "\(flutter)")
    #expect(v.table.contains("(AFIB") && v.csv.hasPrefix("rhythm,expected"))
  }

  /// The absence report: one row per absent global P wave or T offset, with its reason.
  @Test func absenceRowsNameTheReason() {
    var present = BeatFiducials(rPeak: 100)
    present.pPeak = 60; present.tOffset = 300
    var a = WaveAssessment(), b = WaveAssessment()
    a.leads = 2; a.pLeads = 2; a.tLeads = 2
    b.leads = 2; b.pLeads = 1; b.pAbsence = .tooFewLeads; b.tOffsetAbsence = .qtOutOfRange; b.tLeads = 2
    let rows = absenceRows(record: "r,1", global: [present, BeatFiducials(rPeak: 500)], assessment: [a, b])
    #expect(rows == "\"r,1\",500,p,too_few_leads,2,1\n\"r,1\",500,t_off,qt_out_of_range,2,2\n")
  }
}
