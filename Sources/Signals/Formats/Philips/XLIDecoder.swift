import Foundation

/// Decoder for Philips "XLI" waveform compression (SierraECG / PhilipsECG XML `parsedwaveforms`).
///
/// The format is undocumented by Philips; this follows the description reverse-engineered by
/// C. Watford (sierra-ecg-tools wiki, "XLI Compression in Detail", MIT licence). The stream is a
/// sequence of per-lead chunks, each: a 32-bit little-endian byte count, a 16-bit field (always
/// 1), a 16-bit signed seed, then that many bytes of LZW with fixed 10-bit codes (MSB first, codes
/// 0-255 literal bytes, 256-1022 dictionary entries, 1023 end, no dictionary reset). The LZW
/// output is split in halves, high bytes first then low bytes, giving signed 16-bit codes c[i].
/// Samples follow a second-order predictor: x[0] = c[0], x[1] = c[1], and for i >= 2
/// x[i] = 2 x[i-1] - x[i-2] - r[i] with r[2] = seed and r[i] = c[i-1] - 64 afterwards.
enum XLIDecoder {
  static let codeBits = 10
  static let endCode = 1023

  /// Decodes the first `leadCount` chunks of `data` into integer samples (one array per lead).
  /// `maximumSamples` bounds the samples of one lead (the LZW output is cut off beyond it).
  static func decode(
    _ data: [UInt8], leadCount: Int, maximumSamples: Int, file: String, field: String
  )
    throws(FormatReadError) -> [[Int]]
  {
    var leads: [[Int]] = []
    var offset = 0
    for lead in 0..<leadCount {
      let chunkField = "\(field) chunk \(lead + 1)"
      guard data.count - offset >= 8 else {
        throw .malformed(file: file, field: chunkField, reason: "XLI stream ends after \(lead) of \(leadCount) leads")
      }
      let size = Int(Int32(bitPattern: littleEndianUInt32(data, at: offset)))
      let seed = Int(Int16(bitPattern: UInt16(data[offset + 6]) | UInt16(data[offset + 7]) << 8))
      offset += 8
      guard size >= 0, size <= data.count - offset else {
        throw .malformed(
          file: file, field: chunkField,
          reason: "chunk claims \(size) bytes but \(data.count - offset) remain (truncated?)")
      }
      let bytes = try lzwDecode(
        data[offset..<(offset + size)], maximumBytes: 2 * maximumSamples + 2,
        file: file, field: chunkField)
      offset += size
      leads.append(try predictorDecode(interleave(bytes), seed: seed, file: file, field: chunkField))
    }
    return leads
  }

  private static func littleEndianUInt32(_ data: [UInt8], at offset: Int) -> UInt32 {
    UInt32(data[offset]) | UInt32(data[offset + 1]) << 8 | UInt32(data[offset + 2]) << 16
      | UInt32(data[offset + 3]) << 24
  }

  /// LZW with fixed 10-bit codes; a code beyond the dictionary is a corrupt stream.
  static func lzwDecode(
    _ slice: ArraySlice<UInt8>, maximumBytes: Int, file: String, field: String
  )
    throws(FormatReadError) -> [UInt8]
  {
    let input = Array(slice)
    let capacity = endCode  // codes 0 ..< 1023 can be defined
    var prefix = [Int](repeating: -1, count: capacity)
    var suffix = [UInt8](repeating: 0, count: capacity)
    var length = [Int](repeating: 1, count: capacity)
    for code in 0..<256 { suffix[code] = UInt8(code) }
    var nextCode = 256
    var previous = -1
    var output: [UInt8] = []
    output.reserveCapacity(min(maximumBytes, input.count * 4))
    var bitBuffer: UInt32 = 0, bitCount = 0
    var position = input.startIndex
    while true {
      while bitCount < codeBits && position < input.endIndex {
        bitBuffer = bitBuffer << 8 | UInt32(input[position])
        bitCount += 8
        position += 1
      }
      if bitCount < codeBits { break }
      let code = Int((bitBuffer >> UInt32(bitCount - codeBits)) & 0x3FF)
      bitCount -= codeBits
      bitBuffer &= (1 << UInt32(bitCount)) - 1
      if code >= endCode { break }
      var firstByte: UInt8
      if code < nextCode {
        let start = output.count
        if start + length[code] > maximumBytes { throw tooLong(file, field, maximumBytes) }
        for _ in 0..<length[code] { output.append(0) }
        var walk = code, cursor = output.count - 1
        while walk >= 0 {
          output[cursor] = suffix[walk]
          walk = prefix[walk]
          cursor -= 1
        }
        firstByte = output[start]
      } else if code == nextCode && previous >= 0 {
        let start = output.count, previousLength = length[previous]
        if start + previousLength + 1 > maximumBytes { throw tooLong(file, field, maximumBytes) }
        for offset in (start - previousLength)..<start { output.append(output[offset]) }
        firstByte = output[start]
        output.append(firstByte)
      } else {
        throw .malformed(
          file: file, field: field,
          reason: "corrupt XLI stream: LZW code \(code) before it is defined (next \(nextCode))")
      }
      if previous >= 0 && nextCode < capacity {
        prefix[nextCode] = previous
        suffix[nextCode] = firstByte
        length[nextCode] = length[previous] + 1
        nextCode += 1
      }
      previous = code
    }
    return output
  }

  private static func tooLong(_ file: String, _ field: String, _ limit: Int) -> FormatReadError {
    .malformed(file: file, field: field, reason: "XLI lead decompresses to more than \(limit) bytes")
  }

  /// Rebuilds the signed 16-bit codes from the high-byte half and the low-byte half
  /// (an odd byte count is padded with one zero byte).
  static func interleave(_ bytes: [UInt8]) -> [Int] {
    let half = (bytes.count + 1) / 2
    var codes = [Int](repeating: 0, count: half)
    for index in 0..<half {
      let low = half + index < bytes.count ? UInt16(bytes[half + index]) : 0
      codes[index] = Int(Int16(bitPattern: UInt16(bytes[index]) << 8 | low))
    }
    return codes
  }

  /// Undoes the second-order prediction; a sample outside the signed 16-bit range means a
  /// corrupt stream (carts store 16-bit samples).
  static func predictorDecode(
    _ codes: [Int], seed: Int, file: String, field: String
  )
    throws(FormatReadError) -> [Int]
  {
    guard codes.count > 2 else { return codes }
    var samples = codes
    var residual = seed
    for index in 2..<codes.count {
      let value = 2 * samples[index - 1] - samples[index - 2] - residual
      guard value >= -32768 && value <= 32767 else {
        throw .malformed(
          file: file, field: field,
          reason: "corrupt XLI stream: sample \(index) = \(value) leaves the 16-bit range")
      }
      residual = codes[index] - 64
      samples[index] = value
    }
    return samples
  }
}
