/// WFDB signal storage formats, as specified in signal(5) of the WFDB Applications Guide.
///
/// Samples of all signals in one file are interleaved frame by frame, and bit-packed formats
/// (212, 310, 311) pack the interleaved stream continuously, so decoding works on the whole
/// sample stream of a file and demultiplexes afterwards. The FLAC formats (508, 516, 524) store
/// each signal of a file as one FLAC channel (at most 8 per file), decoded by `decodeFLAC`.
public enum SignalFormat: Int, CaseIterable, Sendable {
  /// A null signal: nothing is stored (file name `~`, as in a multi-segment record's layout
  /// header); every sample reads as invalid.
  case null = 0
  /// 8-bit first differences; the first sample is the header's initial value.
  case difference8 = 8
  /// 16-bit two's complement, little-endian.
  case int16 = 16
  /// 24-bit two's complement, little-endian.
  case int24 = 24
  /// 32-bit two's complement, little-endian.
  case int32 = 32
  /// 16-bit two's complement, big-endian.
  case int16BigEndian = 61
  /// 8-bit offset binary (stored value - 128).
  case offset8 = 80
  /// 16-bit offset binary (stored value - 32768).
  case offset16 = 160
  /// Two 12-bit two's complement samples packed in three bytes (MIT-BIH).
  case packed212 = 212
  /// Three 10-bit samples in two little-endian 16-bit words, low bit of each word unused.
  case packed310 = 310
  /// Three 10-bit samples in one little-endian 32-bit word, top two bits unused.
  case packed311 = 311
  /// FLAC, at most 8 bits per sample.
  case flac8 = 508
  /// FLAC, at most 16 bits per sample (the MIMIC-IV Waveform Database's format).
  case flac16 = 516
  /// FLAC, at most 24 bits per sample.
  case flac24 = 524

  /// Whether samples are FLAC-compressed (508, 516, 524).
  public var isFLAC: Bool { self == .flac8 || self == .flac16 || self == .flac24 }

  /// Default ADC resolution in bits when the header leaves it out.
  public var defaultResolution: Int {
    switch self {
    case .difference8, .offset8, .flac8: return 8
    case .packed212: return 12
    case .packed310, .packed311: return 10
    case .int24, .flac24: return 24
    case .int32: return 32
    case .int16, .int16BigEndian, .offset16, .flac16, .null: return 16
    }
  }

  /// The value WFDB writes for a missing ("invalid") sample in this format, if it has one.
  /// Physical conversion maps it to NaN.
  public var invalidSampleValue: Int32? {
    switch self {
    case .int16, .int16BigEndian, .offset16, .flac16, .null: return -32768
    case .packed212: return -2048
    case .packed310, .packed311: return -512
    case .offset8, .flac8: return -128
    case .int24, .flac24: return -8_388_608
    case .int32: return Int32.min
    case .difference8: return nil
    }
  }

  /// Bytes needed to store `samples` samples of the interleaved stream, including the padding
  /// a packed format needs for an incomplete group (0 for null and FLAC signals, whose size is
  /// not a function of the sample count).
  public func byteCount(samples: Int) -> Int {
    switch self {
    case .null, .flac8, .flac16, .flac24: return 0
    case .difference8, .offset8: return samples
    case .int16, .int16BigEndian, .offset16: return 2 * samples
    case .int24: return 3 * samples
    case .int32: return 4 * samples
    case .packed212: return (3 * samples + 1) / 2
    case .packed310, .packed311:
      // Groups of 3 samples in 4 bytes; a final group of 1 or 2 samples takes 2 or 4 bytes for
      // 310 (one 16-bit word per sample) and 4 bytes for 311.
      let full = samples / 3, rest = samples % 3
      if self == .packed310 { return 4 * full + 2 * rest }
      return 4 * full + (rest > 0 ? 4 : 0)
    }
  }

  /// How many whole samples `bytes` bytes of the stream hold (0 for null and FLAC signals).
  public func sampleCount(bytes: Int) -> Int {
    switch self {
    case .null, .flac8, .flac16, .flac24: return 0
    case .difference8, .offset8: return bytes
    case .int16, .int16BigEndian, .offset16: return bytes / 2
    case .int24: return bytes / 3
    case .int32: return bytes / 4
    case .packed212: return (2 * bytes) / 3
    case .packed310: return 3 * (bytes / 4) + (bytes % 4) / 2
    case .packed311: return 3 * (bytes / 4)
    }
  }
}

/// Decodes `count` samples of a format's interleaved stream from `bytes`.
///
/// The caller guarantees `bytes.count >= format.byteCount(samples: count)`.
/// Format 8 (differences) is returned as raw differences; integration happens per signal.
/// Null and FLAC signals are not a byte stream (see `readFLACSignalFile`); they give zeros here.
func decodeStream(_ bytes: UnsafeRawBufferPointer, format: SignalFormat, count: Int) -> [Int32] {
  [Int32](unsafeUninitializedCapacity: count) { out, initialized in
    let b = bytes.bindMemory(to: UInt8.self)
    switch format {
    case .null, .flac8, .flac16, .flac24:
      for i in 0..<count { out[i] = 0 }
    case .difference8:
      for i in 0..<count { out[i] = Int32(Int8(bitPattern: b[i])) }
    case .offset8:
      for i in 0..<count { out[i] = Int32(b[i]) - 128 }
    case .int16:
      for i in 0..<count {
        out[i] = Int32(Int16(bitPattern: UInt16(b[2 * i]) | UInt16(b[2 * i + 1]) << 8))
      }
    case .int16BigEndian:
      for i in 0..<count {
        out[i] = Int32(Int16(bitPattern: UInt16(b[2 * i]) << 8 | UInt16(b[2 * i + 1])))
      }
    case .offset16:
      for i in 0..<count { out[i] = Int32(UInt16(b[2 * i]) | UInt16(b[2 * i + 1]) << 8) - 32768 }
    case .int24:
      for i in 0..<count {
        let u = UInt32(b[3 * i]) | UInt32(b[3 * i + 1]) << 8 | UInt32(b[3 * i + 2]) << 16
        out[i] = Int32(bitPattern: u << 8) >> 8
      }
    case .int32:
      for i in 0..<count {
        let u =
          UInt32(b[4 * i]) | UInt32(b[4 * i + 1]) << 8 | UInt32(b[4 * i + 2]) << 16
          | UInt32(b[4 * i + 3]) << 24
        out[i] = Int32(bitPattern: u)
      }
    case .packed212:
      var i = 0, j = 0
      while i + 1 < count {
        let b0 = UInt32(b[j]), b1 = UInt32(b[j + 1]), b2 = UInt32(b[j + 2])
        out[i] = signExtend(b0 | (b1 & 0x0F) << 8, bits: 12)
        out[i + 1] = signExtend(b2 | (b1 & 0xF0) << 4, bits: 12)
        i += 2
        j += 3
      }
      if i < count {
        out[i] = signExtend(UInt32(b[j]) | (UInt32(b[j + 1]) & 0x0F) << 8, bits: 12)
      }
    case .packed310:
      var i = 0, j = 0
      while i < count {
        let w0 = UInt32(b[j]) | UInt32(b[j + 1]) << 8
        out[i] = signExtend((w0 & 0x7FF) >> 1, bits: 10)
        if i + 1 < count {
          let w1 = UInt32(b[j + 2]) | UInt32(b[j + 3]) << 8
          out[i + 1] = signExtend((w1 & 0x7FF) >> 1, bits: 10)
          if i + 2 < count { out[i + 2] = signExtend((w0 >> 11) | (w1 >> 11) << 5, bits: 10) }
        }
        i += 3
        j += 4
      }
    case .packed311:
      var i = 0, j = 0
      while i < count {
        let w =
          UInt32(b[j]) | UInt32(b[j + 1]) << 8 | UInt32(b[j + 2]) << 16 | UInt32(b[j + 3]) << 24
        out[i] = signExtend(w & 0x3FF, bits: 10)
        if i + 1 < count { out[i + 1] = signExtend((w >> 10) & 0x3FF, bits: 10) }
        if i + 2 < count { out[i + 2] = signExtend((w >> 20) & 0x3FF, bits: 10) }
        i += 3
        j += 4
      }
    }
    initialized = count
  }
}

@inline(__always)
private func signExtend(_ value: UInt32, bits: Int) -> Int32 {
  let shift = UInt32(32 - bits)
  return Int32(bitPattern: value << shift) >> Int32(shift)
}
