/// The contents of a WFDB header (`.hea`) file of a single-segment record.
///
/// Field names and defaults follow the WFDB header specification, header(5) in the WFDB
/// Applications Guide (Moody, PhysioNet). Values are kept as written so that a header can be
/// round-tripped; derived defaults (gain 200 when written as 0, baseline = ADC zero ...) are
/// resolved here, and the `...IsExplicit` flags tell which were written.
public struct WFDBHeader: Equatable, Sendable {
  /// Record name from the record line.
  public var recordName: String
  /// Sampling frequency in Hz (frames per second). Default 250 when absent.
  public var samplingFrequency: Double
  /// Counter frequency in Hz; equals `samplingFrequency` when absent.
  public var counterFrequency: Double
  /// Counter value at sample 0 (default 0).
  public var baseCounter: Double
  /// Number of samples per signal (frames), or nil when the header leaves it out.
  public var sampleCount: Int?
  /// Base time as written (`HH:MM:SS[.sss]`), if any.
  public var baseTime: String?
  /// Base date as written (`DD/MM/YYYY`), if any.
  public var baseDate: String?
  /// One entry per signal, in header order.
  public var signals: [SignalSpecification]
  /// Text of `#` comment lines, without the leading `#` and surrounding white space.
  /// MIT-BIH keeps age and sex here; LUDB `<age>:`/`<sex>:`; PTB-XL nothing.
  public var comments: [String]

  public init(
    recordName: String, samplingFrequency: Double, counterFrequency: Double? = nil,
    baseCounter: Double = 0, sampleCount: Int?, baseTime: String? = nil, baseDate: String? = nil,
    signals: [SignalSpecification], comments: [String] = []
  ) {
    self.recordName = recordName
    self.samplingFrequency = samplingFrequency
    self.counterFrequency = counterFrequency ?? samplingFrequency
    self.baseCounter = baseCounter
    self.sampleCount = sampleCount
    self.baseTime = baseTime
    self.baseDate = baseDate
    self.signals = signals
    self.comments = comments
  }
}

/// One signal line of a WFDB header.
public struct SignalSpecification: Equatable, Sendable {
  /// Name of the file holding the samples, relative to the header's folder.
  public var fileName: String
  /// Storage format.
  public var format: SignalFormat
  /// Samples of this signal per frame (default 1).
  public var samplesPerFrame: Int
  /// Skew in frames: sample `i` is stored in frame `i + skew` (default 0).
  public var skew: Int
  /// Bytes to skip at the start of the file before the first sample (default 0).
  public var byteOffset: Int
  /// ADC units per physical unit. A header gain of 0 means 200 (WFDB's DEFGAIN) and
  /// `gainIsExplicit` is false.
  public var adcGain: Double
  /// Whether the header wrote a non-zero gain.
  public var gainIsExplicit: Bool
  /// Digital value that corresponds to 0 physical units (defaults to `adcZero`).
  public var baseline: Int
  /// Physical units (default "mV").
  public var units: String
  /// ADC resolution in bits (default by format: 12 for 212, 10 for 310/311, 8 for 8/80, 16).
  public var adcResolution: Int
  /// Digital value at the middle of the ADC range (default 0).
  public var adcZero: Int
  /// Value of the first sample (used by the difference format 8; defaults to `adcZero`).
  public var initialValue: Int
  /// 16-bit checksum of all samples as written, or nil when absent.
  public var checksum: Int?
  /// Block size in bytes (0: not a block device).
  public var blockSize: Int
  /// Signal description, usually the lead name (e.g. "MLII", "V1", "i").
  public var description: String

  public init(
    fileName: String, format: SignalFormat, samplesPerFrame: Int = 1, skew: Int = 0,
    byteOffset: Int = 0, adcGain: Double = 200, gainIsExplicit: Bool = true, baseline: Int = 0,
    units: String = "mV", adcResolution: Int? = nil, adcZero: Int = 0, initialValue: Int? = nil,
    checksum: Int? = nil, blockSize: Int = 0, description: String
  ) {
    self.fileName = fileName
    self.format = format
    self.samplesPerFrame = samplesPerFrame
    self.skew = skew
    self.byteOffset = byteOffset
    self.adcGain = adcGain
    self.gainIsExplicit = gainIsExplicit
    self.baseline = baseline
    self.units = units
    self.adcResolution = adcResolution ?? format.defaultResolution
    self.adcZero = adcZero
    self.initialValue = initialValue ?? adcZero
    self.checksum = checksum
    self.blockSize = blockSize
    self.description = description
  }
}
