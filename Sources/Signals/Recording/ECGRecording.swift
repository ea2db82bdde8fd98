import Foundation

/// An ECG as read from any supported file format, in physical units.
///
/// Every reader (WFDB, GE MUSE XML, Philips SierraECG XML, HL7 aECG, SCP-ECG, DICOM waveform,
/// EDF/EDF+) returns this. Samples are millivolts (converted from the file's own units), NaN
/// where the file marks a sample invalid or missing. All leads share one sampling rate (a
/// reader resamples nothing: a file whose leads differ in rate is an error naming the rates).
public struct ECGRecording: Sendable {
  /// Identifier of the recording: the file name without its extension (WFDB: the record name).
  public var name: String
  /// The path the recording was read from.
  public var path: String
  /// The format the content was recognised as.
  public var format: RecordingFormat
  /// Samples per second of every lead (Hz).
  public var samplingRate: Double
  /// Leads in file order (after any derived leads are appended).
  public var leads: [RecordedLead]
  /// Age and sex where the file states them.
  public var demographics: RecordingDemographics
  /// Acquisition date and time as the file states it, ISO 8601 without a time zone
  /// ("2019-03-04T10:21:07"), or nil.
  public var acquired: String?
  /// The cart's own measurements where the file carries them (see `CartMeasurements`).
  public var cartMeasurements: CartMeasurements?
  /// Timed events the file carries (EDF+ annotations ...), in time order.
  public var events: [RecordingEvent]
  /// Problems that did not stop the read (a checksum mismatch, an unknown lead label ...).
  public var warnings: [String]

  public init(
    name: String, path: String, format: RecordingFormat, samplingRate: Double, leads: [RecordedLead],
    demographics: RecordingDemographics = .init(), acquired: String? = nil,
    cartMeasurements: CartMeasurements? = nil, events: [RecordingEvent] = [], warnings: [String] = []
  ) {
    self.name = name; self.path = path; self.format = format; self.samplingRate = samplingRate
    self.leads = leads; self.demographics = demographics; self.acquired = acquired
    self.cartMeasurements = cartMeasurements; self.events = events; self.warnings = warnings
  }

  /// Number of samples per lead.
  public var sampleCount: Int { leads.first?.samples.count ?? 0 }
  /// Duration in seconds.
  public var duration: Double { Double(sampleCount) / samplingRate }
}

/// The file formats ECGLens reads.
public enum RecordingFormat: String, Sendable, CaseIterable, Codable {
  case wfdb, geMUSE = "ge-muse", philipsSierra = "philips-sierra", hl7aECG = "hl7-aecg", scpECG = "scp-ecg",
    dicom, edf
}

/// One lead: its name as the file labels it, mapped to the standard spelling where it is a
/// standard lead ("I", "II", "III", "aVR", "aVL", "aVF", "V1" ... "V6"), and its samples (mV).
public struct RecordedLead: Sendable {
  /// Lead name: a standard name where the file's label maps to one, else the label as written.
  public var name: String
  /// Samples in millivolts; NaN where invalid.
  public var samples: [Double]
  /// True when the lead was computed from others (Einthoven / Goldberger), not stored.
  public var derived: Bool
  public init(name: String, samples: [Double], derived: Bool = false) {
    self.name = name; self.samples = samples; self.derived = derived
  }
}

/// Patient identifier, age and sex where a file states them.
public struct RecordingDemographics: Sendable, Equatable {
  /// Age in years.
  public var ageYears: Double?
  /// 1 male, 0 female, nil unknown.
  public var sexMale: Int?
  /// The patient identifier as the file writes it (MUSE `PatientID`, Philips `patientid`, the aECG
  /// trial subject's id, DICOM (0010,0020), SCP section 1 tag 2), nil when absent or blank.
  public var patientID: String?
  public init(ageYears: Double? = nil, sexMale: Int? = nil, patientID: String? = nil) {
    self.ageYears = ageYears; self.sexMale = sexMale; self.patientID = patientID
  }
}

/// The cart's own global measurements, in the units named by each property; nil where the file
/// does not report a value (sentinels such as 29999/32767 or empty elements become nil).
///
/// `pOnset` ... `tOffset` are positions in the cart's median (representative) beat, in ms from
/// the start of that beat window, when the file gives them.
public struct CartMeasurements: Sendable, Equatable, Codable {
  /// Who measured: "GE 12SL", "Philips DXL", the aECG's or SCP's stated device, ...
  public var program: String?
  public var ventricularRateBpm: Double?
  public var atrialRateBpm: Double?
  public var rrMs: Double?
  public var prMs: Double?
  public var pDurationMs: Double?
  public var qrsMs: Double?
  public var qtMs: Double?
  public var qtcMs: Double?
  public var pAxisDeg: Double?
  public var qrsAxisDeg: Double?
  public var tAxisDeg: Double?
  public var pOnsetMs: Double?
  public var pOffsetMs: Double?
  public var qrsOnsetMs: Double?
  public var qrsOffsetMs: Double?
  public var tOffsetMs: Double?
  public init() {}
}

/// Errors of the format readers. Every case names the file; `malformed` also names the field
/// (an XML element path, a DICOM tag, an SCP section, an EDF header field) and the problem.
public enum FormatReadError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The content is not any format this reader knows.
  case unrecognised(file: String, reason: String)
  /// A field is missing, has an impossible value, or the data is truncated or corrupt.
  case malformed(file: String, field: String, reason: String)
  /// A legal feature of the format this reader does not decode (names it).
  case unsupported(file: String, feature: String)

  public var description: String {
    switch self {
    case .unrecognised(let file, let reason): return "\(file): not a recognised ECG file: \(reason)"
    case .malformed(let file, let field, let reason): return "\(file): \(field): \(reason)"
    case .unsupported(let file, let feature): return "\(file): \(feature) is not supported"
    }
  }
}

/// A timed event a file carries with the signal (EDF+ annotations, aECG or SCP beat marks),
/// onset in seconds from the start of the recording.
public struct RecordingEvent: Sendable, Equatable {
  public var onset: Double
  /// Seconds; nil when the file gives none.
  public var duration: Double?
  public var text: String
  public init(onset: Double, duration: Double? = nil, text: String) { self.onset = onset; self.duration = duration; self.text = text }
}
