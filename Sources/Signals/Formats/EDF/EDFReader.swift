import Foundation

/// Reads EDF and continuous EDF+ (EDF+C) files into an `ECGRecording`.
///
/// Data records hold each signal's samples as 2-byte little-endian integers; physical value =
/// (digital - digital min) * (physical max - physical min) / (digital max - digital min) + physical min,
/// converted from the signal's physical dimension (uV, mV, V) to mV. ECG signals are the non-annotation
/// signals in volts whose label maps to a standard lead or contains "ECG"/"EKG" (all signals in volts
/// when none does); of those, the ones at the most common sampling rate are kept and the others are
/// named in `warnings`. "EDF Annotations" signals become `events`. EDF+D is `unsupported`.
public enum EDFReader {
  /// Reads an EDF/EDF+ file's bytes.
  /// - Returns: samples in mV at samples-per-record / record-duration Hz; sex and age from the EDF+
  ///   patient subfields (age from birthdate and start date); start date-time; annotations as events
  ///   (onset and duration in seconds).
  public static func read(_ data: Data, path: String) throws(FormatReadError) -> ECGRecording {
    let view = ByteView(data, file: fileLabel(path))
    let header = try EDFHeader(view)
    var warnings: [String] = []
    if header.reserved.hasPrefix("EDF+D") {
      throw .unsupported(file: view.file, feature: "EDF+D (discontinuous recording)")
    }
    let recordBytes = header.recordBytes
    let available = (view.count - header.headerBytes) / recordBytes
    var records = header.recordCount
    if records == -1 {
      records = available
      warnings.append("EDF header: number of data records is -1; \(records) records read from the file size")
    }
    guard records <= available else {
      throw view.malformed(
        "EDF header: number of data records",
        "\(records) records of \(recordBytes) bytes but the file holds \(available) (truncated)")
    }
    guard records > 0 else { throw view.malformed("EDF header: number of data records", "0 records: no samples") }
    if records < available {
      warnings.append("EDF: \(available - records) data records after the stated count ignored")
    }
    guard header.recordDuration > 0 else {
      throw view.malformed("EDF header: duration of a data record", "0 s in a file with signals")
    }

    let chosen = try chooseSignals(header, view: view, warnings: &warnings)
    var offsets: [Int] = []
    var running = 0
    for signal in header.signals {
      offsets.append(running)
      running += 2 * signal.samplesPerRecord
    }
    var leads: [RecordedLead] = []
    for (k, toMV) in chosen {
      let s = header.signals[k]
      guard s.digitalMax != s.digitalMin else {
        throw view.malformed("EDF signal \(k + 1) digital minimum/maximum", "both are \(s.digitalMin)")
      }
      let gain = (s.physicalMax - s.physicalMin) / Double(s.digitalMax - s.digitalMin)
      var samples = [Double](repeating: 0, count: records * s.samplesPerRecord)
      var n = 0
      for r in 0..<records {
        var at = header.headerBytes + r * recordBytes + offsets[k]
        for _ in 0..<s.samplesPerRecord {
          let digital = Int(Int16(bitPattern: UInt16(view.bytes[at]) | UInt16(view.bytes[at + 1]) << 8))
          samples[n] = (Double(digital - s.digitalMin) * gain + s.physicalMin) * toMV
          n += 1
          at += 2
        }
      }
      let standard = LeadNames.standardName(forLabel: s.label)
      leads.append(RecordedLead(name: standard ?? s.label, samples: samples))
    }

    var events: [RecordingEvent] = []
    if header.isEDFPlus {
      for (k, s) in header.signals.enumerated() where s.isAnnotation {
        for r in 0..<records {
          let at = header.headerBytes + r * recordBytes + offsets[k]
          try EDFAnnotations.parse(
            view.bytes[at..<(at + 2 * s.samplesPerRecord)], record: r, signal: k,
            file: view.file, into: &events)
        }
      }
    }
    let start = EDFDates.start(header)
    let patient = EDFDates.patient(header, start: start)
    let rate = Double(header.signals[chosen[0].index].samplesPerRecord) / header.recordDuration
    return ECGRecording(
      name: recordingName(path), path: path, format: .edf, samplingRate: rate, leads: leads,
      demographics: patient, acquired: start, events: stableSorted(events), warnings: warnings)
  }

  /// Indices of the ECG signals kept, each with its factor to mV.
  static func chooseSignals(
    _ header: EDFHeader, view: ByteView, warnings: inout [String]
  ) throws(FormatReadError)
    -> [(index: Int, toMV: Double)]
  {
    var voltage: [(index: Int, toMV: Double, named: Bool)] = []
    for (k, s) in header.signals.enumerated() where !s.isAnnotation {
      let named =
        LeadNames.standardName(forLabel: s.label) != nil
        || s.label.uppercased().contains("ECG") || s.label.uppercased().contains("EKG")
      guard let factor = millivolts(per: s.dimension) else {
        if named {
          warnings.append("EDF signal \(k + 1) \"\(s.label)\" dropped: physical dimension \"\(s.dimension)\"")
        }
        continue
      }
      voltage.append((k, factor, named))
    }
    var ecg = voltage.filter(\.named)
    if ecg.isEmpty {
      ecg = voltage
      if !ecg.isEmpty { warnings.append("EDF: no signal is labelled as ECG; every signal in volts is read") }
    }
    guard !ecg.isEmpty else {
      throw view.malformed(
        "EDF signals",
        "no ECG signal in volts (labels: "
          + header.signals.map { "\"\($0.label)\"" }.joined(separator: ", ") + ")")
    }
    var counts: [Int: Int] = [:]
    for e in ecg { counts[header.signals[e.index].samplesPerRecord, default: 0] += 1 }
    let common = ecg.map { header.signals[$0.index].samplesPerRecord }
      .max { (counts[$0]!, $0) < (counts[$1]!, $1) }!
    let dropped = ecg.filter { header.signals[$0.index].samplesPerRecord != common }
    if !dropped.isEmpty {
      let rate = Double(common) / header.recordDuration
      let names = dropped.map { entry -> String in
        let s = header.signals[entry.index]
        return "\"\(s.label)\" (\(Double(s.samplesPerRecord) / header.recordDuration) Hz)"
      }
      warnings.append("EDF: signals at other rates than \(rate) Hz dropped: " + names.joined(separator: ", "))
    }
    return ecg.filter { header.signals[$0.index].samplesPerRecord == common }.map { ($0.index, $0.toMV) }
  }

  /// mV per unit of an EDF physical dimension, nil when it is not a voltage.
  static func millivolts(per dimension: String) -> Double? {
    switch dimension.trimmingCharacters(in: .whitespaces) {
    case "uV", "µV", "μV": return 1e-3
    case "mV": return 1
    case "V": return 1e3
    case "nV": return 1e-6
    default: return nil
    }
  }

  private static func stableSorted(_ events: [RecordingEvent]) -> [RecordingEvent] {
    events.enumerated().sorted { ($0.element.onset, $0.offset) < ($1.element.onset, $1.offset) }.map(\.element)
  }
}
