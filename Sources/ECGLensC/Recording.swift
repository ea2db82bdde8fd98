import Foundation
import Measurements
import Signals

/// A recording read from a file: what `ecglens_read_record` hands out behind an opaque handle.
/// Immutable once made, so concurrent reads of one handle are safe.
final class Recording: Sendable {
  let path: String
  /// The ECG in mV with standard lead names, as `Signals.readRecording(at:)` gives it.
  let ecg: ECGRecording
  /// The WFDB record behind it, for the header's own fields; nil for the other formats.
  let wfdb: Record?

  init(path: String, ecg: ECGRecording, wfdb: Record?) {
    self.path = path
    self.ecg = ecg
    self.wfdb = wfdb
  }

  var leadCount: Int { ecg.leads.count }
  var sampleCount: Int { ecg.sampleCount }
  var samplingRate: Double { ecg.samplingRate }
}

/// The one place a path becomes a recording: any format `Signals.readRecording(at:)` reads
/// (WFDB, GE MUSE, Philips, HL7 aECG, SCP-ECG, DICOM, EDF), so every entry point of the ABI
/// reads what the command line reads. A WFDB record is read once and keeps its header.
///
/// - Throws: `SignalsError` or `FormatReadError` naming the file and the problem.
func openRecording(at path: String) throws -> Recording {
  guard recogniseRecording(at: path) == .wfdb else { return Recording(path: path, ecg: try readRecording(at: path), wfdb: nil) }
  let record = try readRecord(at: path)
  return Recording(path: path, ecg: try recording(fromWFDB: record, path: path), wfdb: record)
}

/// What `ecglens_recording_metadata` returns as JSON (keys in snake case). The WFDB header's own
/// fields (units, gains, baselines, resolutions, storage formats, comments, base date and time)
/// are present for WFDB records only.
private struct RecordingMetadata: Encodable {
  var name: String
  var path: String
  var format: String
  var samplingRate: Double
  var samples: Int
  var durationSeconds: Double
  var leads: [String]
  var derivedLeads: [String]
  var units: [String]?
  var gains: [Double]?
  var baselines: [Int]?
  var adcResolutions: [Int]?
  var storageFormats: [Int]?
  var comments: [String]?
  var ageYears: Double?
  var sexMale: Int?
  var acquired: String?
  var baseDate: String?
  var baseTime: String?
  var cartMeasurements: CartMeasurements?
  var warnings: [String]
}

private func handle(_ pointer: UnsafeRawPointer?) throws -> Recording {
  guard let pointer else { throw ABIError(.invalidArgument, "recording is NULL") }
  return Unmanaged<Recording>.fromOpaque(pointer).takeUnretainedValue()
}

/// `int32_t ecglens_read_record(const char *path, ecglens_recording **out, char **error)`:
/// reads the record at `path` (a WFDB record path, with or without `.hea`). On success `*out`
/// is a handle the caller releases with `ecglens_recording_free`.
@_cdecl("ecglens_read_record")
public func ecglens_read_record(
  _ path: UnsafePointer<CChar>?, _ out: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
  _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
  guarded(error) {
    guard let out else { throw ABIError(.invalidArgument, "out is NULL") }
    let recording = try openRecording(at: try string(path, name: "path"))
    out.pointee = Unmanaged.passRetained(recording).toOpaque()
  }
}

/// `int32_t ecglens_recording_shape(const ecglens_recording *r, int64_t *samples, int64_t *leads,
/// double *sampling_rate, char **error)`: samples per lead, leads, and the rate in Hz.
@_cdecl("ecglens_recording_shape")
public func ecglens_recording_shape(
  _ recording: UnsafeRawPointer?, _ samples: UnsafeMutablePointer<Int64>?, _ leads: UnsafeMutablePointer<Int64>?,
  _ rate: UnsafeMutablePointer<Double>?, _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
  guarded(error) {
    let r = try handle(recording)
    guard let samples, let leads, let rate else { throw ABIError(.invalidArgument, "samples, leads or sampling_rate is NULL") }
    samples.pointee = Int64(r.sampleCount)
    leads.pointee = Int64(r.leadCount)
    rate.pointee = r.samplingRate
  }
}

/// `int32_t ecglens_recording_signals(const ecglens_recording *r, double *out, int64_t samples,
/// int64_t leads, char **error)`: writes the signals in mV (WFDB header units converted, as
/// `Signals.recording(fromWFDB:path:)` does) into the caller's C-ordered (samples x leads)
/// buffer, NaN for invalid samples. `samples` and `leads` must equal the recording's shape.
@_cdecl("ecglens_recording_signals")
public func ecglens_recording_signals(
  _ recording: UnsafeRawPointer?, _ out: UnsafeMutablePointer<Double>?, _ samples: Int64, _ leads: Int64,
  _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
  guarded(error) {
    let r = try handle(recording)
    guard let out else { throw ABIError(.invalidArgument, "out is NULL") }
    guard samples == r.sampleCount, leads == r.leadCount else {
      throw ABIError(.invalidArgument, "buffer is \(samples) x \(leads); the recording is \(r.sampleCount) x \(r.leadCount)")
    }
    let n = r.sampleCount, width = r.leadCount
    for l in 0..<width {
      let values = r.ecg.leads[l].samples
      for s in 0..<n { out[s * width + l] = values[s] }
    }
  }
}

/// `int32_t ecglens_recording_metadata(const ecglens_recording *r, char **json, char **error)`:
/// the record's name, path, format, rate (Hz), samples, duration (s), lead names and the derived
/// ones, age and sex, acquisition time, the cart's measurements, read warnings and, for WFDB
/// records, the header's units, gains, baselines, ADC resolutions, storage formats, comments,
/// base date and time, as a JSON object (`*json` released with `ecglens_free`).
@_cdecl("ecglens_recording_metadata")
public func ecglens_recording_metadata(
  _ recording: UnsafeRawPointer?, _ json: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
  _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
  guarded(error) {
    let r = try handle(recording)
    let h = r.wfdb?.header
    let metadata = RecordingMetadata(
      name: r.ecg.name, path: r.path, format: r.ecg.format.rawValue, samplingRate: r.samplingRate, samples: r.sampleCount,
      durationSeconds: r.ecg.duration, leads: r.ecg.leads.map(\.name), derivedLeads: r.ecg.leads.filter(\.derived).map(\.name),
      units: h?.signals.map(\.units), gains: h?.signals.map(\.adcGain), baselines: h?.signals.map(\.baseline),
      adcResolutions: h?.signals.map(\.adcResolution), storageFormats: h?.signals.map { Int($0.format.rawValue) }, comments: h?.comments,
      ageYears: r.ecg.demographics.ageYears, sexMale: r.ecg.demographics.sexMale, acquired: r.ecg.acquired, baseDate: h?.baseDate,
      baseTime: h?.baseTime, cartMeasurements: r.ecg.cartMeasurements, warnings: r.ecg.warnings)
    try store(try jsonText(metadata), in: json, name: "json")
  }
}

/// `void ecglens_recording_free(ecglens_recording *r)`: releases a recording handle; NULL is
/// ignored. Each handle must be released exactly once.
@_cdecl("ecglens_recording_free")
public func ecglens_recording_free(_ recording: UnsafeMutableRawPointer?) {
  guard let recording else { return }
  Unmanaged<Recording>.fromOpaque(recording).release()
}
