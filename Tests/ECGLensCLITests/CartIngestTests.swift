import ArgumentParser
import ECGLensTestSupport
import Foundation
import Tables
import Testing

@testable import ECGLensCLI
@testable import Extraction
@testable import Pipeline

/// `ecglens ingest cart`: the carts' own measurements from vendor files into the harmonised schema,
/// checked against what `validate cart` reports as the cart's values on the same files.
@Suite struct CartIngestTests {
  /// The schema column holding each `validate cart` quantity.
  static let columns = [
    "rate": "ventricular_rate_bpm", "pr": "pr_ms", "qrs": "qrs_ms", "qt": "qt_ms", "qtc": "machine_qtc_ms",
    "p_axis": "p_axis_deg", "qrs_axis": "qrs_axis_deg", "t_axis": "t_axis_deg",
  ]

  /// Ingests `folder` and checks every cart value `validate cart` reports there; returns the table.
  func ingestedEqualsValidateCart(_ folder: String) throws -> DataTable {
    let out = try TestPaths.temporaryFolder() + "/cart.csv"
    let result = try ingestCartMeasurements([folder], output: out)
    #expect(result.failed.isEmpty)
    let table = try readCSV(at: out, options: CSVReadOptions(textColumns: ["ecg_id", "patient_id", "ecg_time", "path"]))
    let paths = try table.text("path")
    let validation = try validateCartMeasurements(folder: folder)
    #expect(validation.files == table.rowCount)
    var checked = 0
    for c in validation.comparisons {
      let row = try #require(paths.firstIndex(of: folder + "/" + c.file), "\(c.file) has no ingested row")
      let value = try table.numeric(Self.columns[c.quantity]!)[row]
      if c.cart.isNaN {
        // Only PR, QRS and QT may come from the cart's fiducials where it states no interval.
        if !["pr", "qrs", "qt"].contains(c.quantity) { #expect(value.isNaN, "\(c.file) \(c.quantity)") }
      } else {
        #expect(value == c.cart, "\(c.file) \(c.quantity): ingested \(value), validate cart \(c.cart)")
        checked += 1
      }
    }
    #expect(checked > 0)
    return table
  }

  @Test func bundledSamples_equalValidateCartsValues() throws {
    let table = try ingestedEqualsValidateCart(TestPaths.samples + "/vendor-formats")
    #expect(try table.text("ecg_id") == ["pydicom-waveform_ecg", "129DYPRG", "ecgtoolkit-Example"])
    #expect(try table.text("file_format") == ["dicom", "philips-sierra", "scp-ecg"])
    #expect(try table.text("patient_id") == ["642341", "1112010721168bdc", "SBJ-123"])
    // Philips DXL: mean RR 1464 ms stated; QTc recomputed by Bazett from QT 476 ms.
    #expect(try table.numeric("rr_ms")[1] == 1464)
    #expect(abs(try table.numeric("qtc_bazett_ms")[1] - 476 / (1.464).squareRoot()) < 1e-9)
    #expect(try table.numeric("qrs_t_ms")[1] == 476 - 135)
  }

  @Test func sharedVendorFiles_equalValidateCartsValues() throws {
    guard TestPaths.hasSharedData("vendor-formats") else {
      print("skipped: \(TestPaths.sharedData)/vendor-formats is missing")
      return
    }
    let table = try ingestedEqualsValidateCart(TestPaths.sharedData + "/vendor-formats")
    #expect(table.rowCount == 14)
    #expect(Set(try table.text("file_format")) == ["ge-muse", "philips-sierra", "hl7-aecg", "scp-ecg", "dicom"])
  }

  /// A record without cart measurements is skipped, a corrupt file is named, the rest is written
  /// and the command ends with exit status 1.
  @Test func skipsAndNamesBadFiles_andGoesOn() throws {
    let folder = try TestPaths.temporaryFolder()
    let fm = FileManager.default
    try fm.copyItem(atPath: TestPaths.samples + "/vendor-formats/scp-ecg/ecgtoolkit-Example.scp", toPath: folder + "/good.scp")
    for ext in ["hea", "dat"] { try fm.copyItem(atPath: TestPaths.samples + "/ludb/1." + ext, toPath: folder + "/1." + ext) }
    try Data("not an SCP-ECG file at all".utf8).write(to: URL(fileURLWithPath: folder + "/broken.scp"))
    let out = folder + "/out.csv"
    let result = try ingestCartMeasurements([folder], output: out)
    #expect(result.harmonized.table.rowCount == 1)
    #expect(result.skipped.map(\.file) == [folder + "/1"] && result.skipped[0].reason.contains("no cart measurements"))
    #expect(result.failed.map(\.file) == [folder + "/broken.scp"] && result.failed[0].reason.contains("broken.scp"))
    let report = cartIngestReport(result, output: out)
    #expect(report.contains("formats: scp-ecg 1") && !report.contains { $0.hasPrefix("note: ") && $0.contains("patient_id") })
    // The file is named once, as the reader's error names it.
    #expect(report.contains { $0.hasPrefix("error: \(folder)/broken.scp: not a recognised") && !$0.contains("scp: \(folder)") })
    let written = try readCSV(at: out, options: CSVReadOptions(textColumns: ["ecg_id"]))
    #expect(try written.text("ecg_id") == ["good"])
    var command = try ECGLens.parseAsRoot(["ingest", "cart", folder, "--out", folder + "/cli.csv", "--id", "path"])
    #expect(throws: ExitCode(1)) { try command.run() }
    #expect(try readCSV(at: folder + "/cli.csv", options: CSVReadOptions(textColumns: ["ecg_id"])).text("ecg_id") == [folder + "/good.scp"])
  }

  /// Nothing with cart measurements: an error, and no output file.
  @Test func noCartMeasurements_writesNothing() throws {
    let folder = try TestPaths.temporaryFolder()
    let out = folder + "/out.csv"
    #expect(throws: PipelineError.self) { try ingestCartMeasurements([TestPaths.samples + "/ludb/1"], output: out) }
    #expect(!FileManager.default.fileExists(atPath: out))
    #expect(throws: (any Error).self) { try ECGLens.parseAsRoot(["ingest", "muse", "a.csv", "b.csv", "--out", out]) }
  }
}
