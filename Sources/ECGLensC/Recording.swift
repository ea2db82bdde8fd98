import Foundation
import Measurements
import Signals

/// A recording read from a file: what `ecglens_read_record` hands out behind an opaque handle.
/// Immutable once made, so concurrent reads of one handle are safe.
final class Recording: Sendable {
  let path: String
  let record: Record

  init(path: String, record: Record) {
    self.path = path
    self.record = record
  }

  var leadCount: Int { record.digital.count }
  var sampleCount: Int { record.frameCount }
  var samplingRate: Double { record.samplingFrequency }
}

/// The one place a path becomes a recording. Today this is a WFDB record (`Signals.readRecord`,
/// as `ecglens extract` reads it); when Signals reads more formats, they are dispatched here and
/// every entry point of the ABI follows.
///
/// - Throws: `SignalsError` naming the file and the problem; `ABIError(.read)` when the signals
///   have different sampling rates (the library analyses one rate at a time).
func readRecording(at path: String) throws -> Recording {
  let record = try readRecord(at: path)
  let rates = Set(record.header.signals.indices.map { record.samplingFrequency(ofSignal: $0) })
  guard rates.count == 1 else {
    throw ABIError(.read, "\(path): signals have different sampling rates (\(rates.sorted()))")
  }
  return Recording(path: path, record: record)
}

/// What `ecglens_recording_metadata` returns as JSON (keys in snake case).
private struct RecordingMetadata: Encodable {
  var name: String
  var path: String
  var format = "wfdb"
  var samplingRate: Double
  var samples: Int
  var durationSeconds: Double
  var leads: [String]
  var units: [String]
  var gains: [Double]
  var baselines: [Int]
  var adcResolutions: [Int]
  var storageFormats: [Int]
  var comments: [String]
  var ageYears: Double?
  var sexMale: Int?
  var baseDate: String?
  var baseTime: String?
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
    let recording = try readRecording(at: try string(path, name: "path"))
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
/// int64_t leads, char **error)`: writes the signals in physical units (mV for ECG leads) into
/// the caller's C-ordered (samples x leads) buffer, `(digital - baseline) / gain` as
/// `Signals.Record.physical` computes it, NaN for invalid samples. `samples` and `leads` must
/// equal the recording's shape.
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
      let values = r.record.physical(l)
      for s in 0..<n { out[s * width + l] = values[s] }
    }
  }
}

/// `int32_t ecglens_recording_metadata(const ecglens_recording *r, char **json, char **error)`:
/// the record's name, path, format, rate (Hz), samples, duration (s), lead names, units, gains,
/// baselines, ADC resolutions, storage formats, header comments, age and sex from the header
/// (`Measurements.headerDemographics`), base date and time, and read warnings, as a JSON object
/// (`*json` released with `ecglens_free`).
@_cdecl("ecglens_recording_metadata")
public func ecglens_recording_metadata(
  _ recording: UnsafeRawPointer?, _ json: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
  _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
  guarded(error) {
    let r = try handle(recording)
    let h = r.record.header
    let demographics = headerDemographics(comments: h.comments)
    let metadata = RecordingMetadata(
      name: r.record.name, path: r.path, samplingRate: r.samplingRate, samples: r.sampleCount, durationSeconds: r.record.duration,
      leads: r.record.signalNames, units: h.signals.map(\.units), gains: h.signals.map(\.adcGain), baselines: h.signals.map(\.baseline),
      adcResolutions: h.signals.map(\.adcResolution), storageFormats: h.signals.map { Int($0.format.rawValue) }, comments: h.comments,
      ageYears: demographics.age, sexMale: demographics.sexMale, baseDate: h.baseDate, baseTime: h.baseTime,
      warnings: r.record.warnings.map(\.description))
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
