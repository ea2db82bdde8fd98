import ArgumentParser
import Extraction
import Pipeline

/// `ecglens ingest mimic|muse FILE --out FEATURES.csv`: machine-measurement tables to the schema;
/// `ecglens ingest cart FILES|FOLDERS|LISTS --out FEATURES.csv`: the carts' own measurements in
/// vendor ECG files to the same schema.
struct Ingest: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Harmonise machine measurements (MIMIC-IV-ECG, GE MUSE, vendor ECG files) into ECGLens's feature schema.",
    discussion: """
      mimic: MIMIC-IV-ECG machine_measurements.csv columns (subject_id, study_id, rr_interval, \
      p_onset ... t_axis); sentinels 29999/32767, axes outside [-360, 360] and times outside \
      [0, 5000] ms become empty cells. muse: GE MUSE measurements as in Chapman-Shaoxing \
      Diagnostics.csv. cart: the cart's own measurements (GE 12SL, Philips DXL, ...) read from \
      vendor ECG files (GE MUSE, Philips SierraECG, HL7 aECG, SCP-ECG, DICOM; any mix), named as \
      files, folders (searched by content) or record lists; one row per ECG with file_format and \
      cart_program columns; a file without cart measurements is skipped and a file that cannot be \
      read is named, and the rest go on (exit status 1). Output columns and units: see \
      MeasurementSchema in Sources/Tables. Other columns of the input are kept; --rename gives them \
      new names. --label NAME names the label column (MIMIC-IV-ECG extracts: report_0, or \
      --label-column) and checks it holds 0, 1 or empty.
      """)

  /// The inputs `ingest` reads.
  enum Format: String, ExpressibleByArgument, CaseIterable {
    case mimic, muse, cart
  }

  @Argument(help: "Input format: mimic, muse (one CSV file) or cart (vendor ECG files, folders or lists).")
  var source: Format

  @Argument(help: "Input CSV file (mimic, muse), or ECG files, folders and record lists (cart).")
  var inputs: [String]

  @Option(help: "Name of the label column (e.g. atrial_fibrillation): the table's report_* column, or --label-column.")
  var label: String?

  @Option(help: "With --label: the column holding the label. Default: the only report_* column.")
  var labelColumn: String?

  @Option(name: .customLong("rename"), help: "Rename a kept column: OLD=NEW (repeatable).")
  var renames: [String] = []

  @Option(help: "cart: ecg_id from the file name without extension (name, as extract) or the path as discovered (path).")
  var id = RecordIDSource.name

  @Option(name: [.short, .long], help: "Output CSV (a file, written atomically).")
  var out: String

  func validate() throws {
    if source != .cart && inputs.count != 1 { throw CLIError("ingest \(source.rawValue): expected one CSV file, got \(inputs.count)") }
    if source == .cart && label != nil { throw CLIError("--label: vendor files carry no label column; join labels by ecg_id") }
    if labelColumn != nil && label == nil { throw CLIError("--label-column needs --label NAME") }
  }

  func run() throws {
    let pairs = try renames.map { rename -> (String, String) in
      let parts = rename.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { throw CLIError("--rename \(rename): expected OLD=NEW") }
      return (parts[0], parts[1])
    }
    guard source != .cart else {
      let result = try ingestCartMeasurements(inputs, idSource: id, renames: pairs, output: out)
      for line in cartIngestReport(result, output: out) { warn(line) }
      return try finishBatch(succeeded: result.harmonized.table.rowCount, skipped: result.skipped.count + result.failed.count)
    }
    let harmonized = try ingestMachineMeasurements(
      source == .mimic ? .mimic : .muse, file: inputs[0], label: label.map { IngestLabel(name: $0, column: labelColumn) },
      renames: pairs, output: out)
    for line in ingestReport(harmonized, file: inputs[0], output: out) { warn(line) }
  }
}
