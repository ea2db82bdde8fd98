import ECGLensTestSupport
import Foundation
import Privacy
import Tables
import Testing

/// MIMIC-IV-ECG machine measurements read as `ecglens ingest` reads them (`readCSV` and
/// `harmonizeMIMICMachineMeasurements`): the first 3,000 rows of train/train_fib.csv, the rows of
/// the mimic_subset fixture.
enum MimicSubset {
  static let file = TestPaths.sharedData + "/mimic-iv-ecg/train/train_fib.csv"
  static let columns = [
    "rr_ms", "p_onset_ms", "p_end_ms", "qrs_onset_ms", "qrs_end_ms", "t_end_ms", "p_axis_deg", "qrs_axis_deg", "t_axis_deg",
  ]

  static func load(rows: Int) throws -> AuditData {
    let raw = try readCSV(
      at: file, options: CSVReadOptions(textColumns: ["subject_id", "study_id", "cart_id", "ecg_time", "bandwidth", "filtering"]))
    let table = try harmonizeMIMICMachineMeasurements(raw).table.rows(Array(0..<min(rows, raw.rowCount)))
    var audit = AuditColumns(patient: "patient_id")
    audit.features = columns
    audit.time = "ecg_time"
    return try auditData(table, source: file, columns: audit)
  }
}

@Suite(
  .enabled(if: TestPaths.hasSharedData("mimic-iv-ecg/train/train_fib.csv"), "MIMIC-IV-ECG not found under $ECGLENS_DATA (../shared/data): skipped"))
struct MimicRealDataTests {
  /// The house reader gives exactly the table the Python fixture was computed on.
  @Test func readerAgreesWithTheFixture() throws {
    let fixture = try AttackFixture.load("mimic_subset")
    let data = try MimicSubset.load(rows: fixture.values.count)
    #expect(data.table.patientIDs == fixture.patientIDs)
    #expect(data.timeUnit == "days")
    let times = try #require(data.table.times)
    #expect(maxAbsDifference(times, try #require(fixture.times)) < 1e-9)
    for (row, expected) in zip(data.table.values, fixture.values) {
      #expect(zip(row, expected).allSatisfy { a, b in b.map { $0 == a } ?? a.isNaN })
    }
  }

  /// The earliest-ECG attack on the subset read from the CSV gives the fixture's figures, and the
  /// permuted-id control falls to chance.
  @Test func subsetAttackFromTheCSV() throws {
    let fixture = try AttackFixture.load("mimic_subset")
    let data = try MimicSubset.load(rows: fixture.values.count)
    var options = LinkageOptions()
    options.bootstrap = nil
    let r = try linkageAttack(data.table, options: options)
    #expect(r.summary.rank1 == fixture.expected.rank1)
    #expect(abs((r.summary.equalErrorRate?.rate ?? -1) - fixture.expected.eer) <= 1e-9)
    let control = try permutedIdentityControl(data.table, options: options, real: r.summary)
    #expect(control.real.rank1 > 20 * control.real.chanceRank1)
    #expect(control.permuted.rank1 < 3 * control.permuted.chanceRank1)
  }
}
