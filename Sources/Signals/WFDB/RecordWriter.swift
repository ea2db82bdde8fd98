import Core
import Foundation

/// One signal to write with `writeFormat16Record`.
public struct SignalToWrite: Sendable {
  /// Signal description (lead name); must not contain a newline.
  public var description: String
  /// ADC units per physical unit (200 for MIT-BIH's mV).
  public var adcGain: Double
  /// Physical unit ("mV").
  public var units: String
  /// ADC resolution in bits, as the header states it.
  public var adcResolution: Int
  /// Digital samples with zero baseline: physical = digital / adcGain.
  public var samples: [Int32]

  public init(description: String, adcGain: Double, units: String = "mV", adcResolution: Int = 16, samples: [Int32]) {
    self.description = description
    self.adcGain = adcGain
    self.units = units
    self.adcResolution = adcResolution
    self.samples = samples
  }
}

/// Writes a single-segment WFDB record in format 16 (16-bit little-endian two's complement, all
/// signals interleaved in one file `NAME.dat`) with its header `NAME.hea`, as signal(5) and
/// header(5) of the WFDB Applications Guide specify: ADC zero and baseline 0, the first sample as
/// the initial value, and the 16-bit checksum of each signal. Samples outside the 16-bit range are
/// clipped to it (-32767 ... 32767; -32768 is format 16's missing-sample value). Both files are
/// written atomically.
///
/// - Parameters:
///   - directory: an existing folder.
///   - name: the record name (no path separators or spaces).
///   - samplingFrequency: frames per second (Hz).
///   - signals: equally long signals, one sample per frame each.
///   - comments: header comment lines (without the leading "#").
/// - Throws: `SignalsError.writeFailed` naming the file.
public func writeFormat16Record(
  directory: String, name: String, samplingFrequency: Double, signals: [SignalToWrite], comments: [String] = []
) throws(SignalsError) {
  let headerPath = directory + "/" + name + ".hea", dataPath = directory + "/" + name + ".dat"
  guard let n = signals.first?.samples.count, signals.allSatisfy({ $0.samples.count == n }) else {
    throw .writeFailed(file: headerPath, reason: "no signal, or signals of different lengths")
  }
  guard !name.isEmpty, !name.contains("/"), !name.contains(" ") else {
    throw .writeFailed(file: headerPath, reason: "record name \"\(name)\" must be non-empty without '/' or spaces")
  }
  let clipped = signals.map { s in s.samples.map { min(32767, max(-32767, $0)) } }
  var bytes = [UInt8](repeating: 0, count: 2 * n * signals.count)
  var k = 0
  for t in 0..<n {
    for s in clipped {
      let v = UInt16(bitPattern: Int16(s[t]))
      bytes[k] = UInt8(v & 0xFF)
      bytes[k + 1] = UInt8(v >> 8)
      k += 2
    }
  }
  let fs = samplingFrequency == samplingFrequency.rounded() ? String(Int(samplingFrequency)) : String(samplingFrequency)
  var lines = ["\(name) \(signals.count) \(fs) \(n)"]
  for (s, digital) in zip(signals, clipped) {
    let gain = s.adcGain == s.adcGain.rounded() ? String(Int(s.adcGain)) : String(s.adcGain)
    lines.append(
      "\(name).dat 16 \(gain)/\(s.units) \(s.adcResolution) 0 \(digital.first ?? 0) \(checksum16(digital)) 0 \(s.description)")
  }
  lines += comments.map { "#" + $0 }
  do {
    try writeFileAtomically(Data(bytes), to: dataPath)
    try writeFileAtomically(Data((lines.joined(separator: "\n") + "\n").utf8), to: headerPath)
  } catch {
    throw .writeFailed(file: error.file, reason: error.reason)
  }
}
