/// EDF+ "EDF Annotations" signals: Time-stamped Annotation Lists (TALs), EDF+ specification clause 2.2.2:
/// `+onset[\u{15}duration]\u{14}text\u{14}[text\u{14}...]\u{00}`, onsets in seconds from the file start.
/// The first TAL of every data record (empty text) only keeps time and is not an event.
enum EDFAnnotations {
  /// Parses the TALs of one record's annotation bytes, appending events (texts decoded as UTF-8).
  static func parse(
    _ bytes: ArraySlice<UInt8>, record: Int, signal: Int, file: String,
    into events: inout [RecordingEvent]
  ) throws(FormatReadError) {
    let field = "EDF annotations (signal \(signal + 1), data record \(record + 1))"
    var at = bytes.startIndex
    let end = bytes.endIndex
    while at < end {
      if bytes[at] == 0 { at += 1; continue }
      var stop = at
      while stop < end, bytes[stop] != 0 { stop += 1 }
      guard stop < end else { throw .malformed(file: file, field: field, reason: "a TAL without its closing NUL byte") }
      try tal(bytes[at..<stop], field: field, file: file, into: &events)
      at = stop + 1
    }
  }

  private static func tal(
    _ tal: ArraySlice<UInt8>, field: String, file: String,
    into events: inout [RecordingEvent]
  ) throws(FormatReadError) {
    let parts = tal.split(separator: 0x14, omittingEmptySubsequences: false)
    guard parts.count >= 2, let stamp = parts.first else {
      throw .malformed(file: file, field: field, reason: "a TAL without the 0x14 after its onset")
    }
    let timing = stamp.split(separator: 0x15, omittingEmptySubsequences: false)
    guard timing.count <= 2, let onsetBytes = timing.first, let first = onsetBytes.first,
      first == 0x2B || first == 0x2D, let onset = Double(String(decoding: onsetBytes, as: UTF8.self)),
      onset.isFinite
    else {
      let text = String(decoding: stamp, as: UTF8.self)
      throw .malformed(file: file, field: field, reason: "onset \"\(text)\" is not +seconds")
    }
    var duration: Double?
    if timing.count == 2 {
      guard let d = Double(String(decoding: timing[1], as: UTF8.self)), d.isFinite, d >= 0 else {
        throw .malformed(file: file, field: field, reason: "duration \"\(String(decoding: timing[1], as: UTF8.self))\"")
      }
      duration = d
    }
    for text in parts.dropFirst() where !text.isEmpty {
      events.append(RecordingEvent(onset: onset, duration: duration, text: String(decoding: text, as: UTF8.self)))
    }
  }
}
