/// An annotation type code of the MIT annotation format with its standard mnemonic.
///
/// Codes and mnemonics follow `ecgcodes.h` of the WFDB library (and wfdb-python's
/// `ann_label_table`). Codes 1-49 are storable; 42-49 are left for local use.
public struct AnnotationCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  public var rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  /// The code whose mnemonic is `symbol` ("N", "V", "(", "p" ...), if it is a standard one.
  public init?(symbol: String) {
    guard let index = annotationMnemonics.firstIndex(of: symbol), !symbol.isEmpty else {
      return nil
    }
    rawValue = UInt8(index)
  }

  /// The one- or two-character mnemonic ("N", "V", "~", "+" ...); the number for codes without
  /// a standard mnemonic.
  public var symbol: String {
    let m = Int(rawValue) < annotationMnemonics.count ? annotationMnemonics[Int(rawValue)] : ""
    return m.isEmpty ? String(rawValue) : m
  }

  public var description: String { symbol }

  /// Whether the code marks a QRS complex (WFDB's `isqrs`): N L R a V F J A S E j / Q B ? ! e
  /// n f r (not x, a blocked P wave without QRS). AAMI EC57 beat-by-beat comparison counts these;
  /// the set is WFDB's `isqrs` table (wfdb-python `is_qrs`).
  public var isBeat: Bool { Self.beatCodes.contains(rawValue) }

  private static let beatCodes: Set<UInt8> = [
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 25, 30, 31, 34, 35, 38, 41,
  ]

  public static let normal = AnnotationCode(rawValue: 1)
  public static let pvc = AnnotationCode(rawValue: 5)
  public static let unclassified = AnnotationCode(rawValue: 13)
  public static let noise = AnnotationCode(rawValue: 14)
  public static let note = AnnotationCode(rawValue: 22)
  public static let pWave = AnnotationCode(rawValue: 24)
  public static let tWave = AnnotationCode(rawValue: 27)
  public static let rhythm = AnnotationCode(rawValue: 28)
  public static let waveOnset = AnnotationCode(rawValue: 39)
  public static let waveOffset = AnnotationCode(rawValue: 40)
}

/// Mnemonics indexed by code; "" where WFDB defines none.
let annotationMnemonics: [String] = [
  "", "N", "L", "R", "a", "V", "F", "J", "A", "S", "E", "j", "/", "Q", "~", "", "|", "", "s",
  "T", "*", "D", "\"", "=", "p", "B", "^", "t", "+", "u", "?", "!", "[", "]", "e", "n", "@", "x",
  "f", "(", ")", "r",
]

/// One annotation: a labelled time point of a record.
public struct Annotation: Equatable, Sendable {
  /// Sample index (0-based, at the annotation file's rate, normally the record's frame rate).
  public var sample: Int
  /// Type code.
  public var code: AnnotationCode
  /// Subtype (signed 8-bit; 0 when absent).
  public var subtype: Int8
  /// Signal (channel) number the annotation refers to; persists from the previous annotation
  /// when not written, as in the WFDB library.
  public var channel: UInt8
  /// Annotator-defined number (signed 8-bit), persisting like `channel`.
  public var number: Int8
  /// Auxiliary text (rhythm labels such as "(AFIB" in MIT-BIH); empty when absent.
  public var aux: String

  public init(
    sample: Int, code: AnnotationCode, subtype: Int8 = 0, channel: UInt8 = 0, number: Int8 = 0,
    aux: String = ""
  ) {
    self.sample = sample
    self.code = code
    self.subtype = subtype
    self.channel = channel
    self.number = number
    self.aux = aux
  }
}

/// The annotations of one annotation file.
public struct AnnotationSet: Equatable, Sendable {
  /// The annotations in file order.
  public var annotations: [Annotation]
  /// Time resolution in Hz declared by a "## time resolution" note, when the file has one.
  public var samplingFrequency: Double?

  public init(annotations: [Annotation], samplingFrequency: Double? = nil) {
    self.annotations = annotations
    self.samplingFrequency = samplingFrequency
  }

  /// Sample indices of the beat annotations (`AnnotationCode.isBeat`).
  public var beatSamples: [Int] { annotations.filter { $0.code.isBeat }.map(\.sample) }
}
