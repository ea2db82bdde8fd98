// A FLAC stream decoder for WFDB formats 508, 516 and 524 (signal(5), WFDB 10.7): RFC 9639
// (IETF 2024) sections 8 (metadata: STREAMINFO) and 9 (frames). Goals in order: 1) exactly the
// samples libFLAC gives (checked against wfdb-python/libsndfile, which use libFLAC); 2) every
// corrupt stream a fault naming the byte, checked by each frame's CRC-8 and CRC-16; 3) speed.
// Deviations: frames must follow one another (no resynchronisation past damage, which would drop
// samples silently); streams deeper than 24 bits (not WFDB) are refused; the MD5 of STREAMINFO
// is not checked (the frame CRCs are).

/// A decoded FLAC stream.
struct FLACAudio: Equatable {
  /// Samples of each channel (inter-channel sample order), as integers of `bitsPerSample` bits.
  var channels: [[Int32]]
  /// Bits per sample from STREAMINFO (4...24 here).
  var bitsPerSample: Int
  /// Total samples per channel STREAMINFO declares (0: unknown).
  var declaredSamples: Int
  /// Bytes of the stream decoded (metadata and whole frames).
  var consumedBytes: Int
  /// True when decoding stopped at the sample limit with frames still unread.
  var stoppedEarly: Bool
}

/// Decodes a FLAC stream from its first byte (`fLaC`).
///
/// - Parameter sampleLimit: stop after the frame that reaches this many samples per channel (the
///   channels are then cut to it); nil decodes the whole stream, at most 2^31 samples in all.
func decodeFLAC(_ bytes: UnsafeRawBufferPointer, sampleLimit: Int?) throws(FLACFault) -> FLACAudio {
  var reader = FLACBitReader(bytes)
  guard bytes.count >= 4, try reader.read(32) == 0x664C_6143 else {
    throw FLACFault(byteOffset: 0, reason: "not a FLAC stream (no \"fLaC\" marker)")
  }
  // Metadata blocks: STREAMINFO first, then any others, which are skipped.
  var info: (channels: Int, bits: Int, total: Int)? = nil
  var last = false
  while !last {
    last = try reader.read(1) == 1
    let type = try reader.read(7), length = Int(try reader.read(24))
    if info == nil {
      guard type == 0, length == 34 else { throw reader.fault("the first metadata block is not a 34-byte STREAMINFO") }
      _ = try reader.read(32)  // block sizes
      _ = try reader.read(32)  // minimum frame size, start of maximum
      _ = try reader.read(16)
      _ = try reader.read(20)  // sample rate: WFDB takes the rate from the header
      let channels = Int(try reader.read(3)) + 1, bits = Int(try reader.read(5)) + 1
      let total = Int(try reader.read(4)) << 32 | Int(try reader.read(32))
      try reader.skipBytes(16)  // MD5
      guard bits >= 4, bits <= 24 else { throw reader.fault("\(bits) bits per sample (WFDB FLAC formats hold 4 to 24)") }
      info = (channels, bits, total)
    } else {
      guard type != 127 else { throw reader.fault("metadata block type 127 is forbidden") }
      try reader.skipBytes(length)
    }
  }
  let stream = info!
  let cap = sampleLimit ?? (Int(Int32.max) / stream.channels)
  var channels = [[Int32]](repeating: [], count: stream.channels)
  let reserve = min(stream.total, cap, 1 << 24)
  for c in channels.indices { channels[c].reserveCapacity(reserve) }
  var work = [[Int32]](repeating: [], count: stream.channels)
  var decoded = 0
  while reader.remaining > 0, decoded < cap {
    let frameStart = reader.byteOffset
    let header = try readFLACFrameHeader(&reader, bytes: bytes, streamBits: stream.bits)
    guard header.channels == stream.channels else {
      throw reader.fault("a frame of \(header.channels) channels in a stream of \(stream.channels)")
    }
    for c in 0..<header.channels {
      if work[c].count < header.blockSize { work[c] = [Int32](repeating: 0, count: header.blockSize) }
      let bits = header.bitsPerSample + (header.sideChannel == c ? 1 : 0)
      try decodeFLACSubframe(&reader, blockSize: header.blockSize, bitsPerSample: bits, into: &work[c])
    }
    reader.alignToByte()
    let crcEnd = reader.byteOffset
    let stored = try reader.read(16)
    guard stored == UInt32(flacCRC16(bytes, from: frameStart, to: crcEnd)) else {
      throw FLACFault(byteOffset: frameStart, reason: "the frame's CRC-16 does not match its contents")
    }
    decorrelate(&work, header: header)
    for c in 0..<header.channels { channels[c].append(contentsOf: work[c][0..<header.blockSize]) }
    decoded += header.blockSize
  }
  if stream.total > 0, decoded < cap, decoded != stream.total {
    throw reader.fault("the frames hold \(decoded) samples per channel; STREAMINFO declares \(stream.total)")
  }
  if sampleLimit == nil, decoded >= cap, reader.remaining > 0 {
    throw reader.fault("more than \(cap) samples per channel")
  }
  if decoded > cap { for c in channels.indices { channels[c].removeLast(decoded - cap) } }
  return FLACAudio(
    channels: channels, bitsPerSample: stream.bits, declaredSamples: stream.total, consumedBytes: reader.byteOffset,
    stoppedEarly: decoded > cap || reader.remaining > 0)
}

/// Undoes inter-channel decorrelation (RFC 9639 4.2): left/side, side/right, mid/side.
private func decorrelate(_ work: inout [[Int32]], header: FLACFrameHeader) {
  let n = header.blockSize
  switch header.assignment {
  case .leftSide:
    for i in 0..<n { work[1][i] = work[0][i] &- work[1][i] }
  case .sideRight:
    for i in 0..<n { work[0][i] = work[0][i] &+ work[1][i] }
  case .midSide:
    for i in 0..<n {
      let side = work[1][i]
      let mid = (work[0][i] &<< 1) | (side & 1)
      work[0][i] = (mid &+ side) >> 1
      work[1][i] = (mid &- side) >> 1
    }
  case .independent:
    break
  }
}
