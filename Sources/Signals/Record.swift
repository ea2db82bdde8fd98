/// A record read into memory: its header and the digital samples of every signal.
///
/// Digital samples are the stored integers exactly as the file holds them (what
/// `wfdb.rdrecord(..., physical=False)` returns). `physical(_:)` converts to the header's
/// physical units (usually mV) as `(digital - baseline) / gain`; invalid samples become NaN.
public struct Record: Sendable {
  /// The parsed header.
  public var header: WFDBHeader
  /// Digital samples, one array per signal in header order. A signal with `k` samples per
  /// frame has `k * frameCount` samples (at `k` times the frame rate).
  public var digital: [[Int32]]
  /// Problems found while reading that did not stop it (checksum mismatches).
  public var warnings: [SignalsWarning]

  public init(header: WFDBHeader, digital: [[Int32]], warnings: [SignalsWarning] = []) {
    self.header = header
    self.digital = digital
    self.warnings = warnings
  }

  /// Record name from the header.
  public var name: String { header.recordName }
  /// Frames per second (Hz); equal to each signal's rate when every signal has one sample
  /// per frame.
  public var samplingFrequency: Double { header.samplingFrequency }
  /// Number of frames (samples per signal at the frame rate).
  public var frameCount: Int {
    guard let first = digital.first, let spec = header.signals.first else { return 0 }
    return first.count / spec.samplesPerFrame
  }
  /// Signal descriptions (lead names), in order.
  public var signalNames: [String] { header.signals.map(\.description) }
  /// Duration in seconds.
  public var duration: Double { Double(frameCount) / samplingFrequency }

  /// Index of the signal whose description equals `name` (case-insensitive), if any.
  public func signalIndex(named name: String) -> Int? {
    let wanted = name.lowercased()
    return header.signals.firstIndex { $0.description.lowercased() == wanted }
  }

  /// Sampling rate of signal `index` in Hz: the frame rate times its samples per frame.
  public func samplingFrequency(ofSignal index: Int) -> Double {
    samplingFrequency * Double(header.signals[index].samplesPerFrame)
  }

  /// Signal `index` in physical units (`header.signals[index].units`, usually mV):
  /// `(digital - baseline) / adcGain`, with the format's invalid-sample value mapped to NaN.
  public func physical(_ index: Int) -> [Double] {
    let spec = header.signals[index]
    let baseline = Double(spec.baseline), gain = spec.adcGain
    let invalid = spec.format.invalidSampleValue
    return digital[index].map { d in
      if let invalid, d == invalid { return .nan }
      return (Double(d) - baseline) / gain
    }
  }
}
