/// A problem in a FLAC stream: the byte where it was found and what is wrong. Mapped to
/// `SignalsError.compressedData` (with the file name) at the reader's boundary.
struct FLACFault: Error, Equatable {
  var byteOffset: Int
  var reason: String
}

/// Reads a FLAC stream bit by bit, most significant bit first (RFC 9639 section 5: all fields
/// are big-endian, packed without padding inside a frame).
///
/// Every read is bounds-checked and throws `FLACFault` at the end of the data, so a truncated or
/// corrupt stream is an error, never a read past the buffer.
struct FLACBitReader {
  private let bytes: UnsafeRawBufferPointer
  /// Position in bits from the start of `bytes`.
  private(set) var position: Int

  init(_ bytes: UnsafeRawBufferPointer, byteOffset: Int = 0) {
    self.bytes = bytes
    self.position = byteOffset * 8
  }

  /// Bits left to read.
  var remaining: Int { bytes.count * 8 - position }
  /// The byte the next bit belongs to.
  var byteOffset: Int { position >> 3 }
  var isByteAligned: Bool { position & 7 == 0 }

  func fault(_ reason: String) -> FLACFault { FLACFault(byteOffset: byteOffset, reason: reason) }

  /// The next 64 bits without consuming them, zero-padded past the end of the data.
  @inline(__always)
  private func peek64() -> UInt64 {
    let byte = position >> 3, shift = UInt64(position & 7)
    var word: UInt64 = 0, ninth: UInt64 = 0
    if byte + 9 <= bytes.count {
      word = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: byte, as: UInt64.self))
      ninth = UInt64(bytes[byte + 8])
    } else {
      for k in 0..<8 { word = word << 8 | (byte + k < bytes.count ? UInt64(bytes[byte + k]) : 0) }
      ninth = byte + 8 < bytes.count ? UInt64(bytes[byte + 8]) : 0
    }
    // Shifting out the `shift` bits already read leaves room for the top bits of the ninth byte.
    return shift == 0 ? word : word << shift | ninth >> (8 - shift)
  }

  /// Reads an unsigned field of `count` bits (0...32).
  @inline(__always)
  mutating func read(_ count: Int) throws(FLACFault) -> UInt32 {
    guard count > 0 else { return 0 }
    guard count <= remaining else { throw fault("the stream ends inside a \(count)-bit field") }
    let value = peek64() >> UInt64(64 - count)
    position += count
    return UInt32(truncatingIfNeeded: value)
  }

  /// Reads a two's complement field of `count` bits (0...32), sign-extended.
  @inline(__always)
  mutating func readSigned(_ count: Int) throws(FLACFault) -> Int64 {
    guard count > 0 else { return 0 }
    let raw = Int64(try read(count))
    let shift = Int64(64 - count)
    return (raw << shift) >> shift
  }

  /// Reads a unary number: the count of 0 bits before the next 1 bit (RFC 9639 9.2.7.2).
  /// A run longer than `limit` is a fault (a corrupt stream, not a residual).
  @inline(__always)
  mutating func readUnary(limit: Int) throws(FLACFault) -> Int {
    var zeros = 0
    while true {
      let word = peek64()
      let available = min(64, remaining)
      guard available > 0 else { throw fault("the stream ends inside a unary code") }
      let lead = word.leadingZeroBitCount
      if lead < available {
        position += lead + 1
        zeros += lead
        guard zeros <= limit else { throw fault("a unary code of \(zeros) bits") }
        return zeros
      }
      position += available
      zeros += available
      guard zeros <= limit else { throw fault("a unary code of more than \(limit) bits") }
    }
  }

  /// Reads one Rice-coded residual with parameter `parameter` (0...30): a unary quotient, then
  /// `parameter` low bits, zigzag-folded to a signed value (RFC 9639 9.2.7.2). A value outside
  /// the 32-bit range is a fault.
  @inline(__always)
  mutating func readRice(_ parameter: Int) throws(FLACFault) -> Int32 {
    let word = peek64()
    let quotient = word.leadingZeroBitCount
    let length = quotient + 1 + parameter
    let folded: UInt64
    if length <= 64, length <= remaining {
      // The whole code is inside the 64-bit window.
      let low = parameter == 0 ? 0 : (word &<< UInt64(quotient + 1)) &>> UInt64(64 - parameter)
      folded = UInt64(quotient) &<< UInt64(parameter) | low
      position += length
    } else {
      let q = try readUnary(limit: Int(UInt32.max >> UInt32(parameter)))
      folded = UInt64(q) << UInt64(parameter) | UInt64(try read(parameter))
    }
    guard folded <= UInt64(UInt32.max) else { throw fault("a residual outside the 32-bit range") }
    let half = Int64(folded >> 1)
    return Int32(truncatingIfNeeded: folded & 1 == 0 ? half : -half - 1)
  }

  /// Skips to the next byte boundary.
  mutating func alignToByte() { position = (position + 7) & ~7 }

  /// Skips `count` whole bytes (the reader must be byte-aligned).
  mutating func skipBytes(_ count: Int) throws(FLACFault) {
    guard count >= 0, count <= remaining / 8 else { throw fault("a block of \(count) bytes runs past the end") }
    position += count * 8
  }
}
