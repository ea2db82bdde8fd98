import Extraction
import Foundation
import Signals
import Tables

/// What `ingestCartMeasurements` did with its files.
public struct CartIngest: Sendable {
  /// The table written: one row per file with cart measurements.
  public var harmonized: HarmonizedTable
  /// Files read that carry no cart measurements (a WFDB record, an EDF file, a DICOM file without
  /// measurement annotations ...): the file and the reason.
  public var skipped: [(file: String, reason: String)]
  /// Files that could not be read: the file and the reader's error (naming the field and problem).
  public var failed: [(file: String, reason: String)]
}

/// Reads the cart's own measurements (`ECGRecording.cartMeasurements`) from vendor ECG files and
/// writes them, one row per ECG, in the harmonised machine-measurement schema
/// (`MeasurementSchema`) that MIMIC-IV-ECG and Chapman-Shaoxing tables map to, so a hospital
/// export feeds `ecglens train` or a study directly.
///
/// `inputs` are files, folders (searched by content, any mix of formats) or record lists, as
/// `discoverRecords` finds them. Columns: `ecg_id` (the file name without its extension, or its
/// path with `.path`, as `extract` names it), `patient_id` (empty where the file states none),
/// `age_years`, `sex_male` (1 male, 0 female) and `ecg_time` (ISO 8601) where the file states them; `rr_ms` (the cart's mean RR, else 60000 / ventricular
/// rate), the fiducials of the cart's median beat (ms), `pr_ms`, `p_ms`, `qrs_ms`, `qt_ms` as the
/// cart states them (from its fiducials where it states no interval), axes (degrees),
/// `machine_qtc_ms` (the cart's QTc), `ventricular_rate_bpm`, `atrial_rate_bpm`, then
/// `file_format` (`RecordingFormat` raw value), `cart_program` (GE 12SL, Philips DXL, the
/// device the file names) and `path`; the derived columns follow (`harmonizeStatedIntervals`:
/// QTc by Bazett and Fridericia recomputed from QT and RR). Implausible values become missing
/// (`PlausibleRange`). `file_format`, `cart_program`, `path`, `ecg_time` and the ids are never
/// default features (`metadataRole(ofColumn:)`). `renames` (old -> new) are applied in order; the table is written
/// atomically to `output`.
///
/// A file without cart measurements is skipped and a file that cannot be read fails, each
/// with its reason; the rest go on.
///
/// - Throws: `ExtractionError` when an input names no ECG file; `PipelineError.nothingToDo`
///   when no file has cart measurements (nothing is written); `PipelineError.invalid` for a
///   rename of a column that is not there.
@discardableResult
public func ingestCartMeasurements(
  _ inputs: [String], idSource: RecordIDSource = .name, renames: [(String, String)] = [], output: String
) throws -> CartIngest {
  var rows: [CartRow] = []
  var skipped: [(String, String)] = [], failed: [(String, String)] = []
  for path in try discoverRecords(inputs) {
    do {
      let ecg = try readRecording(at: path)
      guard let cart = ecg.cartMeasurements else {
        skipped.append((path, "no cart measurements in this \(ecg.format.rawValue) file"))
        continue
      }
      rows.append(CartRow(ecg: ecg, cart: cart, id: idSource == .path ? path : ecg.name))
    } catch {
      failed.append((path, "\(error)"))
    }
  }
  guard !rows.isEmpty else {
    throw PipelineError.nothingToDo(
      reason: "no cart measurements in \(inputs.joined(separator: ", ")): \(skipped.count) files without, \(failed.count) unreadable")
  }
  var harmonized = try harmonizeStatedIntervals(try cartTable(rows))
  harmonized.table = try renamingColumns(harmonized.table, renames, file: output)
  try writeCSV(harmonized.table, to: output)
  return CartIngest(harmonized: harmonized, skipped: skipped, failed: failed)
}

/// One file's values, before the schema is finished.
struct CartRow {
  var ecg: ECGRecording
  var cart: CartMeasurements
  var id: String
}

/// The mapped columns of `ingestCartMeasurements`, before gating and derivation.
func cartTable(_ rows: [CartRow]) throws(TablesError) -> DataTable {
  func number(_ value: (CartRow) -> Double?) -> Column { .numeric(rows.map { value($0) ?? .nan }) }
  func difference(_ a: Double?, _ b: Double?) -> Double? { a.flatMap { a in b.map { a - $0 } } }
  var t = DataTable(rowCount: rows.count)
  try t.append("ecg_id", .text(rows.map(\.id)))
  try t.append("patient_id", .text(rows.map { $0.ecg.demographics.patientID ?? "" }))
  try t.append("age_years", number { $0.ecg.demographics.ageYears })
  try t.append("sex_male", number { $0.ecg.demographics.sexMale.map(Double.init) })
  try t.append("ecg_time", .text(rows.map { $0.ecg.acquired ?? "" }))
  try t.append("rr_ms", number { r in r.cart.rrMs ?? r.cart.ventricularRateBpm.flatMap { $0 > 0 ? 60_000 / $0 : nil } })
  try t.append("p_onset_ms", number(\.cart.pOnsetMs))
  try t.append("p_end_ms", number(\.cart.pOffsetMs))
  try t.append("qrs_onset_ms", number(\.cart.qrsOnsetMs))
  try t.append("qrs_end_ms", number(\.cart.qrsOffsetMs))
  try t.append("t_end_ms", number(\.cart.tOffsetMs))
  try t.append("pr_ms", number { $0.cart.prMs ?? difference($0.cart.qrsOnsetMs, $0.cart.pOnsetMs) })
  try t.append("p_ms", number { $0.cart.pDurationMs ?? difference($0.cart.pOffsetMs, $0.cart.pOnsetMs) })
  try t.append("qrs_ms", number { $0.cart.qrsMs ?? difference($0.cart.qrsOffsetMs, $0.cart.qrsOnsetMs) })
  try t.append("qt_ms", number { $0.cart.qtMs ?? difference($0.cart.tOffsetMs, $0.cart.qrsOnsetMs) })
  try t.append("p_axis_deg", number(\.cart.pAxisDeg))
  try t.append("qrs_axis_deg", number(\.cart.qrsAxisDeg))
  try t.append("t_axis_deg", number(\.cart.tAxisDeg))
  try t.append("machine_qtc_ms", number(\.cart.qtcMs))
  try t.append("ventricular_rate_bpm", number(\.cart.ventricularRateBpm))
  try t.append("atrial_rate_bpm", number(\.cart.atrialRateBpm))
  try t.append("file_format", .text(rows.map { $0.ecg.format.rawValue }))
  try t.append("cart_program", .text(rows.map { $0.cart.program ?? "" }))
  try t.append("path", .text(rows.map(\.ecg.path)))
  return t
}

/// The lines `ingest cart` reports: what was written, rows per format, rows without a patient id,
/// then every skipped and failed file.
public func cartIngestReport(_ r: CartIngest, output: String) -> [String] {
  var lines = ingestReport(r.harmonized, file: "cart measurements", output: output)
  let formats = (try? r.harmonized.table.text("file_format")) ?? []
  let counts = Dictionary(formats.map { ($0, 1) }, uniquingKeysWith: +).sorted { $0.key < $1.key }
  lines.append("formats: " + counts.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
  if let ids = try? r.harmonized.table.text("patient_id"), case let missing = ids.filter(\.isEmpty).count, missing > 0 {
    lines.append(
      "note: \(missing) of \(ids.count) rows have no patient_id (their files state none); train needs a patient id "
        + "on every row: join one by ecg_id, or use --patient-column ecg_id if each patient has one ECG")
  }
  lines += r.skipped.map { "skipped: \($0.file): \($0.reason)" }
  // A reader's error names the file already.
  lines += r.failed.map { $0.reason.hasPrefix($0.file) ? "error: \($0.reason)" : "error: \($0.file): \($0.reason)" }
  return lines
}
