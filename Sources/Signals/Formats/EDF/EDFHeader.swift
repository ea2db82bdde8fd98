/// The EDF / EDF+ header (Kemp et al. 1992, EDF; Kemp & Olivan 2003, EDF+ specification clause 2.1):
/// 256 ASCII bytes of fixed fields, then 256 bytes per signal stored field by field.
struct EDFHeader: Sendable {
  struct Signal: Sendable {
    var label: String
    var transducer: String
    var dimension: String
    var physicalMin: Double
    var physicalMax: Double
    var digitalMin: Int
    var digitalMax: Int
    var samplesPerRecord: Int
    var isAnnotation: Bool { label == "EDF Annotations" }
  }

  var patient: String
  var recording: String
  var startDate: String
  var startTime: String
  var headerBytes: Int
  /// "EDF+C", "EDF+D" or "" (plain EDF).
  var reserved: String
  /// -1 when the writer did not know it.
  var recordCount: Int
  /// Seconds per data record.
  var recordDuration: Double
  var signals: [Signal]

  var isEDFPlus: Bool { reserved.hasPrefix("EDF+") }
  /// Bytes of one data record (2 per sample).
  var recordBytes: Int { signals.reduce(0) { $0 + 2 * $1.samplesPerRecord } }

  /// Parses and checks the header fields.
  init(_ v: ByteView) throws(FormatReadError) {
    let version = try v.slice(0, 8, "EDF header: version")
    guard Array(version) == Array("0       ".utf8) else {
      throw .unrecognised(file: v.file, reason: "EDF version field is not \"0\"")
    }
    patient = try v.text(8, 80, "EDF header: patient identification")
    recording = try v.text(88, 80, "EDF header: recording identification")
    startDate = try v.text(168, 8, "EDF header: start date")
    startTime = try v.text(176, 8, "EDF header: start time")
    headerBytes = try Self.integer(v, 184, 8, "EDF header: number of bytes in header")
    reserved = try v.text(192, 44, "EDF header: reserved")
    recordCount = try Self.integer(v, 236, 8, "EDF header: number of data records")
    recordDuration = try Self.decimal(v, 244, 8, "EDF header: duration of a data record")
    let count = try Self.integer(v, 252, 4, "EDF header: number of signals")
    guard count >= 1 else { throw v.malformed("EDF header: number of signals", "\(count)") }
    guard headerBytes == 256 * (count + 1) else {
      throw v.malformed(
        "EDF header: number of bytes in header",
        "\(headerBytes) but \(count) signals need \(256 * (count + 1))")
    }
    try v.require(0, headerBytes, "EDF header: signal fields")
    guard recordCount >= -1 else { throw v.malformed("EDF header: number of data records", "\(recordCount)") }
    guard recordDuration >= 0, recordDuration.isFinite else {
      throw v.malformed("EDF header: duration of a data record", "\(recordDuration) s")
    }
    func at(_ fieldOffset: Int, _ width: Int, _ k: Int) -> Int { 256 + fieldOffset * count + width * k }
    var signals: [Signal] = []
    for k in 0..<count {
      let name = "EDF signal \(k + 1)"
      let signal = Signal(
        label: try v.text(at(0, 16, k), 16, name + " label"),
        transducer: try v.text(at(16, 80, k), 80, name + " transducer type"),
        dimension: try v.text(at(96, 8, k), 8, name + " physical dimension"),
        physicalMin: try Self.decimal(v, at(104, 8, k), 8, name + " physical minimum"),
        physicalMax: try Self.decimal(v, at(112, 8, k), 8, name + " physical maximum"),
        digitalMin: try Self.integer(v, at(120, 8, k), 8, name + " digital minimum"),
        digitalMax: try Self.integer(v, at(128, 8, k), 8, name + " digital maximum"),
        samplesPerRecord: try Self.integer(v, at(216, 8, k), 8, name + " number of samples in each data record"))
      guard signal.samplesPerRecord >= 1, signal.samplesPerRecord <= v.count / 2 else {
        throw v.malformed(name + " number of samples in each data record", "\(signal.samplesPerRecord)")
      }
      signals.append(signal)
    }
    self.signals = signals
  }

  static func integer(_ v: ByteView, _ offset: Int, _ width: Int, _ field: String) throws(FormatReadError) -> Int {
    let text = try v.text(offset, width, field)
    guard let value = Int(text) else { throw v.malformed(field, "\"\(text)\" is not an integer") }
    return value
  }

  static func decimal(_ v: ByteView, _ offset: Int, _ width: Int, _ field: String) throws(FormatReadError) -> Double {
    let text = try v.text(offset, width, field)
    guard let value = Double(text), value.isFinite else { throw v.malformed(field, "\"\(text)\" is not a number") }
    return value
  }

  /// True when the fixed header looks like EDF: version "0" padded with spaces and numeric
  /// header-size, record-count, duration and signal-count fields. Does not throw.
  static func looksLikeEDF(_ bytes: [UInt8]) -> Bool {
    guard bytes.count >= 256, Array(bytes[0..<8]) == Array("0       ".utf8) else { return false }
    let v = ByteView(bytes: bytes, file: "")
    guard let size = try? integer(v, 184, 8, ""), let signals = try? integer(v, 252, 4, ""),
      (try? integer(v, 236, 8, "")) != nil, (try? decimal(v, 244, 8, "")) != nil
    else { return false }
    return signals >= 1 && size == 256 * (signals + 1)
  }
}
