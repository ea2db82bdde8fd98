// Feature rows, as `ecglens extract` writes them, from a record path or from signals in memory;
// the record discovery and the catalogue behind them.
import Extraction
import Foundation
import Measurements
import Signals
import Tables

/// `int64_t ecglens_feature_count(void)`: the number of values in a feature row (the columns of
/// `ecglens extract` after `ecg_id`, `Measurements.featureCatalogue`).
@_cdecl("ecglens_feature_count")
public func ecglens_feature_count() -> Int64 { Int64(featureCatalogue.count) }

/// `int32_t ecglens_feature_catalogue(char **csv, char **error)`: the catalogue as `ecglens features
/// --format csv` writes it (`Extraction.featureCatalogueCSV`), released with `ecglens_free`.
@_cdecl("ecglens_feature_catalogue")
public func ecglens_feature_catalogue(
  _ csv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
  guarded(error) { try store(featureCatalogueCSV(), in: csv, name: "csv") }
}

/// Checks a caller's feature buffer.
private func featureBuffer(_ values: UnsafeMutablePointer<Double>?, count: Int64) throws -> UnsafeMutablePointer<Double> {
  guard let values else { throw ABIError(.invalidArgument, "values is NULL") }
  guard count == featureCatalogue.count else {
    throw ABIError(.invalidArgument, "values holds \(count) numbers; a feature row has \(featureCatalogue.count) (ecglens_feature_count)")
  }
  return values
}

/// `int32_t ecglens_extract_record(const char *path, int32_t id_from_path, double *values,
/// int64_t value_count, double *summary, char **ecg_id, char **lead_problems, char **error)`.
///
/// One record measured exactly as `ecglens extract` measures it (`Extraction.extractRecord`, the
/// same function): `values` (caller-allocated, `ecglens_feature_count()` doubles) receives the row
/// the command writes, each value rounded to 4 decimals as in the CSV, NaN for an empty cell.
/// `summary` (caller-allocated, 4 doubles, may be NULL) receives the sampling rate (Hz), the
/// duration (s), the beats and the usable leads of the records report. `*ecg_id` is the record
/// name (the path when `id_from_path` is non-zero) and `*lead_problems` the report's lead problems;
/// both are set whether or not the record was measured and released with `ecglens_free`.
/// A record the command would skip returns `ECGLENS_SKIPPED` with the reason, prefixed by the path.
@_cdecl("ecglens_extract_record")
public func ecglens_extract_record(
  _ path: UnsafePointer<CChar>?, _ idFromPath: Int32, _ values: UnsafeMutablePointer<Double>?, _ valueCount: Int64,
  _ summary: UnsafeMutablePointer<Double>?, _ ecgID: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
  _ leadProblems: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
  guarded(error) {
    let file = try string(path, name: "path")
    let out = try featureBuffer(values, count: valueCount)
    guard ecgID != nil, leadProblems != nil else { throw ABIError(.invalidArgument, "ecg_id or lead_problems is NULL") }
    let outcome = extractRecord(file, idSource: idFromPath != 0 ? .path : .name)
    try store(outcome.id, in: ecgID, name: "ecg_id")
    try store(outcome.leadProblems, in: leadProblems, name: "lead_problems")
    if let summary {
      summary[0] = outcome.samplingRate; summary[1] = outcome.duration
      summary[2] = Double(outcome.beats); summary[3] = Double(outcome.usableLeads)
    }
    guard let row = outcome.row else {
      let reason = outcome.error ?? "skipped"
      throw ABIError(.skipped, reason.hasPrefix(file) ? reason : "\(file): \(reason)")
    }
    try parseRow(row, id: outcome.id, into: out)
  }
}

/// The numbers of a features row (`quoteCell(id)` then one cell per feature): each cell is the
/// shortest text that reads back as the written double, so parsing it gives the CLI's value bit
/// for bit.
private func parseRow(_ row: String, id: String, into out: UnsafeMutablePointer<Double>) throws {
  let prefix = quoteCell(id) + ","
  guard row.hasPrefix(prefix), row.hasSuffix("\n") else { throw ABIError(.internal, "features row does not start with its id: \(row)") }
  let cells = row.dropFirst(prefix.count).dropLast().split(separator: ",", omittingEmptySubsequences: false)
  guard cells.count == featureCatalogue.count else {
    throw ABIError(.internal, "features row has \(cells.count) cells for \(featureCatalogue.count) features")
  }
  for (i, cell) in cells.enumerated() {
    if cell.isEmpty {
      out[i] = .nan
    } else if let v = Double(cell) {
      out[i] = v
    } else {
      throw ABIError(.internal, "feature \(featureCatalogue[i].name): cell \"\(cell)\" is not a number")
    }
  }
}

/// `int32_t ecglens_extract_signals(const double *signals, int64_t samples, int64_t leads,
/// int64_t sample_stride, int64_t lead_stride, double sampling_rate, const char *const *lead_names,
/// double age_years, int32_t sex_male, double *values, int64_t value_count, double *summary,
/// char **lead_problems, char **error)`.
///
/// Signals in memory (mV, NaN for missing samples, `sampling_rate` in Hz) measured as `extract`
/// measures a record (`Measurements.measureECG`, `featureValues`, values rounded to 4 decimals),
/// so the same samples give the same row. Leads are named by `lead_names` as a record would spell
/// them (NULL: by index, which gives no per-lead features); `age_years` (NaN: unknown) and
/// `sex_male` (1 male, 0 female, -1 unknown) stand for the header's demographics. `values` and
/// `summary` (2 doubles: beats, usable leads; may be NULL) are caller-allocated;
/// `*lead_problems` (released with `ecglens_free`) is set on success.
@_cdecl("ecglens_extract_signals")
public func ecglens_extract_signals(
  _ signals: UnsafePointer<Double>?, _ samples: Int64, _ leads: Int64, _ sampleStride: Int64, _ leadStride: Int64,
  _ rate: Double, _ names: UnsafePointer<UnsafePointer<CChar>?>?, _ age: Double, _ sexMale: Int32,
  _ values: UnsafeMutablePointer<Double>?, _ valueCount: Int64, _ summary: UnsafeMutablePointer<Double>?,
  _ leadProblems: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
  guarded(error) {
    let view = try StridedSignals(signals, samples: samples, leads: leads, sampleStride: sampleStride, leadStride: leadStride)
    let fs = try samplingRate(rate)
    let out = try featureBuffer(values, count: valueCount)
    guard leadProblems != nil else { throw ABIError(.invalidArgument, "lead_problems is NULL") }
    guard age.isNaN || (age.isFinite && age >= 0) else { throw ABIError(.invalidArgument, "age \(age) years is not a number >= 0 or NaN") }
    guard (-1...1).contains(sexMale) else { throw ABIError(.invalidArgument, "sex_male \(sexMale) is not 1, 0 or -1") }
    let given = try leadNames(names, count: view.leads)
    let demographics = HeaderDemographics(age: age.isNaN ? nil : age, sexMale: sexMale < 0 ? nil : Int(sexMale))
    let features = try signalFeatures(try view.leadArrays(names: given), names: given, samplingRate: fs, demographics: demographics)
    for (i, v) in features.values.enumerated() { out[i] = v }
    if let summary {
      summary[0] = Double(features.beats)
      summary[1] = Double(features.usableLeads)
    }
    try store(features.leadProblems, in: leadProblems, name: "lead_problems")
  }
}

/// `int32_t ecglens_discover_records(const char *const *arguments, int64_t count, char **json,
/// char **error)`: the record paths `ecglens extract` would measure for these arguments (records,
/// folders searched recursively, record lists; `Extraction.discoverRecords`), as a JSON array of
/// strings released with `ecglens_free`.
@_cdecl("ecglens_discover_records")
public func ecglens_discover_records(
  _ arguments: UnsafePointer<UnsafePointer<CChar>?>?, _ count: Int64, _ json: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
  _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
  guarded(error) {
    guard let arguments, count >= 0 else { throw ABIError(.invalidArgument, "arguments is NULL or count is negative") }
    let paths = try (0..<Int(count)).map { i in try string(arguments[i], name: "argument \(i)") }
    try store(try jsonText(try discoverRecords(paths)), in: json, name: "json")
  }
}
