// R peaks and delineation of signals in the caller's memory, as `ecglens beats` and
// `ecglens delineate` compute them for a record.
import Delineation
import Extraction
import Foundation

/// `int32_t ecglens_rpeaks(const double *signals, int64_t samples, int64_t leads,
/// int64_t sample_stride, int64_t lead_stride, double sampling_rate, const char *const *lead_names,
/// int64_t **peaks, int64_t *count, char **error)`.
///
/// R peaks (0-based samples, ascending) of one lead (`leads` = 1: `Delineation.detectBeats(in:)`)
/// or fused over several simultaneous leads and placed on the first (`detectBeats(inLeads:)`, as
/// `ecglens beats --all-leads`). Signals in mV, NaN for missing samples; `sampling_rate` in Hz
/// (100...1000). `lead_names` (NULL: the 0-based indices) name the leads in messages. `*peaks` is
/// released with `ecglens_free`.
@_cdecl("ecglens_rpeaks")
public func ecglens_rpeaks(
  _ signals: UnsafePointer<Double>?, _ samples: Int64, _ leads: Int64, _ sampleStride: Int64, _ leadStride: Int64,
  _ rate: Double, _ names: UnsafePointer<UnsafePointer<CChar>?>?, _ peaks: UnsafeMutablePointer<UnsafeMutablePointer<Int64>?>?,
  _ count: UnsafeMutablePointer<Int64>?,
  _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
  guarded(error) {
    let view = try StridedSignals(signals, samples: samples, leads: leads, sampleStride: sampleStride, leadStride: leadStride)
    let fs = try samplingRate(rate)
    let arrays = try view.leadArrays(names: try leadNames(names, count: view.leads))
    let found = try detectBeats(inLeads: arrays, samplingRate: fs)
    try store(found.map(Int64.init), in: peaks, count: count, name: "peaks")
  }
}

/// The fiducial columns of a delineation row after the lead index, in the CLI's order
/// (`Extraction.delineationTableHeader`: p_on, p_peak, p_off, qrs_on, r_peak, qrs_off, t_peak, t_off).
let delineationColumns = 1 + Fiducial.allCases.count

/// `int32_t ecglens_delineate(const double *signals, int64_t samples, int64_t leads,
/// int64_t sample_stride, int64_t lead_stride, double sampling_rate, const char *const *lead_names,
/// int32_t mode, int32_t include_global, int64_t **rows, int64_t *row_count, char **lead_problems,
/// char **error)`.
///
/// Every lead delineated together (`Extraction.delineateSignals`, as `ecglens delineate` does for
/// a record): `mode` 0 guided (the default of the command), 1 independent, 2 consensus
/// (`LeadFiducials`). `*rows` holds `row_count` rows of 9 int64 values: the lead's 0-based index
/// (-1 for the record's global beats, written after every lead when `include_global` is non-zero),
/// then p_on, p_peak, p_off, qrs_on, r_peak, qrs_off, t_peak, t_off in samples, -1 where the wave is
/// absent. Rows are grouped by lead in input order, beats in time order. `lead_names` (NULL: the
/// 0-based indices) are the leads' names as the record spells them; a missing, flat or saturated
/// lead has R peaks only and is named in `*lead_problems`, one `name: problem` per line (empty
/// when every lead takes part). `*rows` and `*lead_problems` are released with `ecglens_free`.
@_cdecl("ecglens_delineate")
public func ecglens_delineate(
  _ signals: UnsafePointer<Double>?, _ samples: Int64, _ leads: Int64, _ sampleStride: Int64, _ leadStride: Int64,
  _ rate: Double, _ names: UnsafePointer<UnsafePointer<CChar>?>?, _ mode: Int32, _ includeGlobal: Int32,
  _ rows: UnsafeMutablePointer<UnsafeMutablePointer<Int64>?>?, _ rowCount: UnsafeMutablePointer<Int64>?,
  _ leadProblems: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
  guarded(error) {
    let view = try StridedSignals(signals, samples: samples, leads: leads, sampleStride: sampleStride, leadStride: leadStride)
    let fs = try samplingRate(rate)
    let modes: [LeadFiducials] = [.guided, .independent, .consensus]
    guard modes.indices.contains(Int(mode)) else {
      throw ABIError(.invalidArgument, "mode \(mode) is not 0 (guided), 1 (independent) or 2 (consensus)")
    }
    guard rows != nil, rowCount != nil, leadProblems != nil else {
      throw ABIError(.invalidArgument, "rows, row_count or lead_problems is NULL")
    }
    let given = try leadNames(names, count: view.leads)
    let arrays = try view.leadArrays(names: given)
    // As `delineateRecord` names them: lower case, the spelling the table writes.
    let lower = given.map { $0.lowercased() }
    let result = try delineateSignals(
      arrays, names: lower, samplingRate: fs, leads: lower.enumerated().map { ($0.offset, $0.element) }, parameters: .init(),
      mode: modes[Int(mode)])
    var flat: [Int64] = []
    func append(_ lead: Int, _ beat: BeatFiducials) {
      flat.append(Int64(lead))
      for f in Fiducial.allCases { flat.append(f.value(in: beat).map(Int64.init) ?? -1) }
    }
    for (index, lead) in result.leads.enumerated() { for beat in lead.beats { append(index, beat) } }
    if includeGlobal != 0 { for beat in result.global { append(-1, beat) } }
    try store(flat, in: rows, count: rowCount, name: "rows")
    rowCount!.pointee = Int64(flat.count / delineationColumns)
    let problems = result.problems.map { "\($0.name): \($0.problem.rawValue)" }.joined(separator: "\n")
    try store(problems, in: leadProblems, name: "lead_problems")
  }
}
