/// The signal-describing sections of SCP-ECG (EN 1064:2005 sections 2 to 6).

/// Section 3: lead definition. Sample numbers are 1-based and inclusive.
struct SCPLeadSection: Sendable {
  struct Lead: Sendable {
    var code: Int
    var start: Int
    var end: Int
    var count: Int { end - start + 1 }
  }
  var leads: [Lead]
  /// Flag bit 0: reference beat subtraction was used in compression.
  var referenceBeatSubtracted: Bool
  /// Flag bit 2: all leads recorded simultaneously.
  var simultaneous: Bool

  init(_ c: SCPContainer, _ s: SCPContainer.Section) throws(FormatReadError) {
    let v = c.view
    let count = try v.u8(s.bodyStart, "SCP section 3: number of leads")
    let flags = try v.u8(s.bodyStart + 1, "SCP section 3: flags")
    guard count > 0 else { throw v.malformed("SCP section 3: number of leads", "0 leads") }
    guard 2 + 9 * count <= s.length - SCPContainer.headerSize else {
      throw v.malformed(
        "SCP section 3: lead table",
        "\(count) leads need \(2 + 9 * count) bytes but the section has "
          + "\(s.length - SCPContainer.headerSize)")
    }
    var leads: [Lead] = []
    for k in 0..<count {
      let at = s.bodyStart + 2 + 9 * k
      let start = try v.u32(at, "SCP section 3: lead \(k + 1) start")
      let end = try v.u32(at + 4, "SCP section 3: lead \(k + 1) end")
      guard start >= 1, end >= start else {
        throw v.malformed("SCP section 3: lead \(k + 1) sample range", "start \(start), end \(end)")
      }
      leads.append(Lead(code: try v.u8(at + 8, "SCP section 3: lead \(k + 1) ID"), start: start, end: end))
    }
    self.leads = leads
    referenceBeatSubtracted = flags & 1 != 0
    simultaneous = flags & 4 != 0
  }
}

/// Section 2: Huffman tables; 19999 tables means the default table.
func scpEncoding(_ c: SCPContainer) throws(FormatReadError) -> SCPEncoding {
  guard let s = c.sections[2] else { return .uncompressed }
  let v = c.view
  let count = try v.u16(s.bodyStart, "SCP section 2: number of Huffman tables")
  if count == 19999 { return .huffman([.standard]) }
  if count == 0 { return .uncompressed }
  var at = s.bodyStart + 2
  var tables: [SCPHuffmanTable] = []
  for t in 0..<count {
    let field = "SCP section 2: Huffman table \(t + 1)"
    let codes = try v.u16(at, field + " number of codes")
    at += 2
    guard codes <= (s.bodyEnd - at) / 9 else {
      throw v.malformed(field, "\(codes) code structures of 9 bytes do not fit the section")
    }
    var entries: [SCPHuffmanTable.Entry] = []
    for k in 0..<codes {
      let prefix = try v.u8(at, field + " code \(k) prefix bits")
      let total = try v.u8(at + 1, field + " code \(k) total bits")
      let mode = try v.u8(at + 2, field + " code \(k) table mode")
      let value = try v.i16(at + 3, field + " code \(k) base value")
      let stored = UInt32(try v.u32(at + 5, field + " code \(k) base code"))
      guard total >= prefix else {
        throw v.malformed(field + " code \(k)", "total \(total) bits is shorter than the \(prefix)-bit prefix")
      }
      let bits = min(prefix, 32)
      entries.append(
        .init(
          prefixBits: prefix, extraBits: mode == 0 ? 0 : total - prefix,
          switchTo: mode == 0 ? value : nil, value: value,
          code: SCPHuffmanTable.reversed(stored, bits: bits)))
      at += 9
    }
    tables.append(try SCPHuffmanTable(entries: entries, field: field, file: v.file))
  }
  return .huffman(tables)
}

/// Section 4: reference beat subtraction zones (QRS locations) and protected areas.
struct SCPBeatSection: Sendable {
  struct Beat: Sendable {
    var type: Int
    var start: Int
    var fiducial: Int
    var end: Int
  }
  /// Length of the reference beat type 0 (ms).
  var referenceLengthMs: Int
  /// Sample number (1-based) of the fiducial point in the reference beat.
  var referenceFiducial: Int
  var beats: [Beat]
  var protectedZones: [(start: Int, end: Int)]

  init(_ c: SCPContainer, _ s: SCPContainer.Section) throws(FormatReadError) {
    let v = c.view
    referenceLengthMs = try v.u16(s.bodyStart, "SCP section 4: reference beat length")
    referenceFiducial = try v.u16(s.bodyStart + 2, "SCP section 4: fiducial sample")
    let count = try v.u16(s.bodyStart + 4, "SCP section 4: number of QRS complexes")
    var at = s.bodyStart + 6
    guard count <= (s.bodyEnd - at) / 14 else {
      throw v.malformed("SCP section 4: QRS locations", "\(count) beats of 14 bytes do not fit the section")
    }
    var beats: [Beat] = []
    for k in 0..<count {
      let field = "SCP section 4: QRS \(k + 1)"
      beats.append(
        Beat(
          type: try v.u16(at, field + " type"), start: try v.u32(at + 2, field + " start"),
          fiducial: try v.u32(at + 6, field + " fiducial"), end: try v.u32(at + 10, field + " end")))
      at += 14
    }
    var zones: [(start: Int, end: Int)] = []
    if count > 0, count <= (s.bodyEnd - at) / 8 {
      for k in 0..<count {
        zones.append(
          (
            try v.u32(at, "SCP section 4: protected zone \(k + 1) start"),
            try v.u32(at + 4, "SCP section 4: protected zone \(k + 1) end")
          ))
        at += 8
      }
    }
    self.beats = beats
    protectedZones = zones
  }
}

/// Section 5 (reference beat) or section 6 (rhythm) sample data header and per-lead byte blocks.
struct SCPSampleSection: Sendable {
  /// Amplitude value multiplier (nV per unit).
  var nanovoltsPerUnit: Int
  /// Sample time interval (microseconds).
  var intervalMicroseconds: Int
  /// 0 none, 1 first, 2 second differences.
  var differences: Int
  /// Section 6 only: bimodal compression used.
  var bimodal: Bool
  var leadBytes: [ArraySlice<UInt8>]

  init(_ c: SCPContainer, _ s: SCPContainer.Section, leadCount: Int) throws(FormatReadError) {
    let v = c.view
    let name = "SCP section \(s.id)"
    nanovoltsPerUnit = try v.u16(s.bodyStart, name + ": amplitude value multiplier")
    intervalMicroseconds = try v.u16(s.bodyStart + 2, name + ": sample time interval")
    differences = try v.u8(s.bodyStart + 4, name + ": difference data used")
    let flag = try v.u8(s.bodyStart + 5, name + (s.id == 6 ? ": bimodal compression" : ": reserved"))
    bimodal = s.id == 6 && flag != 0
    guard nanovoltsPerUnit > 0 else { throw v.malformed(name + ": amplitude value multiplier", "0 nV") }
    guard intervalMicroseconds > 0 else { throw v.malformed(name + ": sample time interval", "0 us") }
    guard (0...2).contains(differences) else {
      throw v.malformed(name + ": difference data used", "\(differences) is not 0, 1 or 2")
    }
    var at = s.bodyStart + 6 + 2 * leadCount
    guard at <= s.bodyEnd else {
      throw v.malformed(name + ": lead lengths", "\(leadCount) lengths do not fit the section")
    }
    var blocks: [ArraySlice<UInt8>] = []
    for k in 0..<leadCount {
      let length = try v.u16(s.bodyStart + 6 + 2 * k, name + ": lead \(k + 1) byte count")
      guard length <= s.bodyEnd - at else {
        throw v.malformed(name + ": lead \(k + 1) data", "\(length) bytes at offset \(at) run past the section end")
      }
      blocks.append(v.bytes[at..<(at + length)])
      at += length
    }
    leadBytes = blocks
  }
}
