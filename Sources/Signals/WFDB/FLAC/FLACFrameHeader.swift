/// How a frame stores its channels (RFC 9639 9.1.3).
enum FLACChannelAssignment: Equatable {
  case independent, leftSide, sideRight, midSide
}

/// A FLAC frame header (RFC 9639 9.1).
struct FLACFrameHeader: Equatable {
  var blockSize: Int
  var channels: Int
  var bitsPerSample: Int
  var assignment: FLACChannelAssignment
  /// The channel holding the side signal (one bit deeper), if any.
  var sideChannel: Int? {
    switch assignment {
    case .independent: return nil
    case .leftSide, .midSide: return 1
    case .sideRight: return 0
    }
  }
}

/// Reads a frame header at a byte boundary and checks its CRC-8.
func readFLACFrameHeader(
  _ reader: inout FLACBitReader, bytes: UnsafeRawBufferPointer, streamBits: Int
) throws(FLACFault) -> FLACFrameHeader {
  let start = reader.byteOffset
  let sync = try reader.read(16)
  // 14-bit sync code 0b11111111111110, a reserved 0 bit, then the blocking strategy bit.
  guard sync >> 1 == 0x7FFC else { throw FLACFault(byteOffset: start, reason: "no frame sync code where a frame must start") }
  let sizeCode = try reader.read(4), rateCode = try reader.read(4)
  let channelCode = Int(try reader.read(4)), depthCode = try reader.read(3)
  guard try reader.read(1) == 0 else { throw reader.fault("a frame header's reserved bit is set") }
  // The frame or sample number, coded like UTF-8 in 1 to 7 bytes: only its length matters here.
  let first = try reader.read(8)
  let extra: Int
  switch first {
  case 0x00...0x7F: extra = 0
  case 0xC0...0xDF: extra = 1
  case 0xE0...0xEF: extra = 2
  case 0xF0...0xF7: extra = 3
  case 0xF8...0xFB: extra = 4
  case 0xFC...0xFD: extra = 5
  case 0xFE: extra = 6
  default: throw reader.fault("an invalid coded frame number")
  }
  for _ in 0..<extra {
    guard try reader.read(8) & 0xC0 == 0x80 else { throw reader.fault("an invalid coded frame number") }
  }
  let blockSize: Int
  switch sizeCode {
  case 0: throw reader.fault("block size code 0 is reserved")
  case 1: blockSize = 192
  case 2...5: blockSize = 576 << (Int(sizeCode) - 2)
  case 6: blockSize = Int(try reader.read(8)) + 1
  case 7: blockSize = Int(try reader.read(16)) + 1
  default: blockSize = 256 << (Int(sizeCode) - 8)
  }
  switch rateCode {
  case 12: _ = try reader.read(8)
  case 13, 14: _ = try reader.read(16)
  case 15: throw reader.fault("sample rate code 15 is forbidden")
  default: break
  }
  let depths = [streamBits, 8, 12, 0, 16, 20, 24, 32]
  let bits = depths[Int(depthCode)]
  guard bits != 0 else { throw reader.fault("sample size code 3 is reserved") }
  guard bits == streamBits else { throw reader.fault("a \(bits)-bit frame in a \(streamBits)-bit stream") }
  let end = reader.byteOffset
  guard try reader.read(8) == UInt32(flacCRC8(bytes, from: start, to: end)) else {
    throw FLACFault(byteOffset: start, reason: "the frame header's CRC-8 does not match")
  }
  let assignment: FLACChannelAssignment
  switch channelCode {
  case 0...7: assignment = .independent
  case 8: assignment = .leftSide
  case 9: assignment = .sideRight
  case 10: assignment = .midSide
  default: throw FLACFault(byteOffset: start, reason: "channel assignment \(channelCode) is reserved")
  }
  return FLACFrameHeader(
    blockSize: blockSize, channels: channelCode <= 7 ? channelCode + 1 : 2, bitsPerSample: bits, assignment: assignment)
}

/// CRC-8 of a frame header: polynomial x^8 + x^2 + x + 1, initial value 0 (RFC 9639 9.1.8).
func flacCRC8(_ bytes: UnsafeRawBufferPointer, from: Int, to: Int) -> UInt8 {
  var crc: UInt8 = 0
  for i in from..<to { crc = flacCRC8Table[Int(crc ^ bytes[i])] }
  return crc
}

/// CRC-16 of a frame: polynomial x^16 + x^15 + x^2 + 1, initial value 0 (RFC 9639 9.3).
func flacCRC16(_ bytes: UnsafeRawBufferPointer, from: Int, to: Int) -> UInt16 {
  var crc: UInt16 = 0
  for i in from..<to { crc = (crc << 8) ^ flacCRC16Table[Int(UInt8(crc >> 8) ^ bytes[i])] }
  return crc
}

private let flacCRC8Table: [UInt8] = (0..<256).map { n in
  var c = UInt8(n)
  for _ in 0..<8 { c = c & 0x80 != 0 ? (c << 1) ^ 0x07 : c << 1 }
  return c
}

private let flacCRC16Table: [UInt16] = (0..<256).map { n in
  var c = UInt16(n) << 8
  for _ in 0..<8 { c = c & 0x8000 != 0 ? (c << 1) ^ 0x8005 : c << 1 }
  return c
}
