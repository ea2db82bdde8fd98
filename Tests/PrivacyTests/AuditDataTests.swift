import Privacy
import Tables
import Testing

/// Reading a table for the audit: which columns are features, times, targets, and errors that name
/// the table, the column and the row.
@Suite struct AuditDataTests {
  func table(_ extra: [(String, Column)] = []) throws -> DataTable {
    try DataTable(
      [
        ("ecg_id", .text(["e1", "e2", "e3", "e4"])), ("patient_id", .text(["A", "A", "B", "B"])),
        ("qrs_ms", .numeric([90, 92, 110, 108])), ("machine_qrs_ms", .numeric([90, 92, 110, 108])),
        ("cart_id", .numeric([7, 7, 8, 8])), ("strat_fold", .numeric([1, 1, 2, 2])), ("age_years", .numeric([50, 51, 70, .nan])),
        ("sex_male", .numeric([1, 1, 0, 0])), ("when", .text(["2180-07-23 08:44:00", "2180-07-24 08:44:00", "2181-01-01", "2181-01-03"])),
        ("afib", .numeric([0, 1, 0, .nan])),
      ] + extra)
  }

  @Test func defaultFeaturesLeaveOutIdsFoldsDemographicsAndCopies() throws {
    var columns = AuditColumns(patient: "patient_id")
    columns.time = "when"
    columns.target = "afib"
    let data = try auditData(table(), source: "t.csv", columns: columns)
    #expect(data.table.featureNames == ["qrs_ms"])
    #expect(data.duplicateColumns.map(\.dropped) == ["machine_qrs_ms"])
    #expect(data.ageYears?[2] == 70)
    #expect(data.sexMale == [1, 1, 0, 0])
    #expect(data.target?[1] == 1)
    #expect(data.timeUnit == "days")
    #expect(data.table.times.map { $0[1] - $0[0] } == 1)
  }

  @Test func targetFromALabelTableJoinedOnTheID() throws {
    let labels = try DataTable([("ecg_id", .text(["e4", "e1"])), ("norm", .numeric([1, 0]))])
    var columns = AuditColumns(patient: "patient_id")
    columns.target = "norm"
    let data = try auditData(table(), source: "t.csv", columns: columns, labels: [("labels.csv", labels)])
    let target = try #require(data.target)
    #expect(target[0] == 0 && target[1].isNaN && target[2].isNaN && target[3] == 1)
    #expect(!data.table.featureNames.contains("norm"))
  }

  @Test func errorsNameTheTableTheColumnAndTheRow() throws {
    var columns = AuditColumns(patient: "subject")
    #expect(throws: PrivacyError.invalidArgument(table: "t.csv", field: "subject", problem: "no such patient column")) {
      try auditData(table(), source: "t.csv", columns: columns)
    }
    columns = AuditColumns(patient: "patient_id")
    columns.time = "cart_id"
    columns.target = "qrs_ms"
    #expect(throws: PrivacyError.invalidArgument(table: "t.csv", field: "qrs_ms", problem: "row 2: 90.0 is not 0, 1 or empty")) {
      try auditData(table(), source: "t.csv", columns: columns)
    }
    columns.target = nil
    columns.time = "ecg_id"
    #expect(throws: PrivacyError.invalidArgument(table: "t.csv", field: "ecg_id", problem: "row 2: \"e1\" is neither a number nor a date-time")) {
      try auditData(table(), source: "t.csv", columns: columns)
    }
  }
}
