// FLAC subframes, RFC 9639 (Coalson, van Beurden, Weaver; IETF 2024) section 9.2. Goals in order:
// 1) the exact samples of every valid stream; 2) a fault, never a trap or an out-of-bounds read,
// on a corrupt one (all arithmetic on stream values is checked or done in 64 bits); 3) speed.
// Deviation: a decoded sample outside the subframe's bit depth is a fault (a valid encoder never
// writes one; libFLAC does not check).

/// Decodes one subframe of `blockSize` samples at `bitsPerSample` bits (the frame's depth, one
/// more for a side channel) into `samples[0..<blockSize]`.
func decodeFLACSubframe(
  _ reader: inout FLACBitReader, blockSize: Int, bitsPerSample: Int, into samples: inout [Int32]
) throws(FLACFault) {
  guard try reader.read(1) == 0 else { throw reader.fault("a subframe header whose first bit is not 0") }
  let type = Int(try reader.read(6))
  var wasted = 0
  if try reader.read(1) == 1 { wasted = try reader.readUnary(limit: bitsPerSample) + 1 }
  let depth = bitsPerSample - wasted
  guard depth > 0 else { throw reader.fault("\(wasted) wasted bits in a \(bitsPerSample)-bit subframe") }

  switch type {
  case 0:
    let value = Int32(truncatingIfNeeded: try reader.readSigned(depth))
    for i in 0..<blockSize { samples[i] = value }
  case 1:
    for i in 0..<blockSize { samples[i] = Int32(truncatingIfNeeded: try reader.readSigned(depth)) }
  case 8...12:
    let order = type - 8
    try readWarmUp(&reader, order: order, blockSize: blockSize, depth: depth, into: &samples)
    try readResidual(&reader, order: order, blockSize: blockSize, into: &samples)
    try predictFixed(order: order, blockSize: blockSize, depth: depth, samples: &samples, reader: reader)
  case 32...63:
    let order = type - 31
    try readWarmUp(&reader, order: order, blockSize: blockSize, depth: depth, into: &samples)
    let precision = Int(try reader.read(4)) + 1
    guard precision < 16 else { throw reader.fault("a coefficient precision of 16 bits (reserved)") }
    let shift = Int(try reader.readSigned(5))
    guard shift >= 0 else { throw reader.fault("a negative prediction shift \(shift)") }
    var coefficients = [Int64](repeating: 0, count: order)
    for j in 0..<order { coefficients[j] = try reader.readSigned(precision) }
    try readResidual(&reader, order: order, blockSize: blockSize, into: &samples)
    try predictLPC(coefficients, shift: shift, blockSize: blockSize, depth: depth, samples: &samples, reader: reader)
  default:
    throw reader.fault("subframe type \(type) is reserved")
  }
  if wasted > 0 {
    for i in 0..<blockSize { samples[i] = samples[i] &<< Int32(wasted) }
  }
}

private func readWarmUp(
  _ reader: inout FLACBitReader, order: Int, blockSize: Int, depth: Int, into samples: inout [Int32]
) throws(FLACFault) {
  guard order <= blockSize else { throw reader.fault("predictor order \(order) above the block size \(blockSize)") }
  for i in 0..<order { samples[i] = Int32(truncatingIfNeeded: try reader.readSigned(depth)) }
}

/// Reads the partitioned Rice residual (RFC 9639 9.2.7) into `samples[order..<blockSize]`.
private func readResidual(
  _ reader: inout FLACBitReader, order: Int, blockSize: Int, into samples: inout [Int32]
) throws(FLACFault) {
  let method = try reader.read(2)
  guard method < 2 else { throw reader.fault("residual coding method \(method) is reserved") }
  let parameterBits = method == 0 ? 4 : 5
  let escape = (1 << parameterBits) - 1
  let partitionOrder = Int(try reader.read(4))
  let partitionSize = blockSize >> partitionOrder
  guard partitionSize << partitionOrder == blockSize, partitionSize >= order, partitionSize > 0 || order == 0 else {
    throw reader.fault("partition order \(partitionOrder) does not fit a block of \(blockSize) with order \(order)")
  }
  var i = order
  for partition in 0..<(1 << partitionOrder) {
    let end = (partition + 1) * partitionSize
    let parameter = Int(try reader.read(parameterBits))
    if parameter == escape {
      let bits = Int(try reader.read(5))
      while i < end {
        samples[i] = Int32(truncatingIfNeeded: try reader.readSigned(bits))
        i += 1
      }
    } else {
      while i < end {
        samples[i] = try reader.readRice(parameter)
        i += 1
      }
    }
  }
}

/// Fixed polynomial predictors of order 0...4 (RFC 9639 9.2.5), in place over the residual.
private func predictFixed(
  order: Int, blockSize: Int, depth: Int, samples: inout [Int32], reader: FLACBitReader
) throws(FLACFault) {
  guard order > 0 else { return try checkRange(samples, from: 0, to: blockSize, depth: depth, reader: reader) }
  let low = -(Int64(1) << (depth - 1)), high = (Int64(1) << (depth - 1)) - 1
  try samples.withUnsafeMutableBufferPointer { (s) throws(FLACFault) in
    for i in order..<blockSize {
      let a = Int64(s[i - 1])
      let prediction: Int64
      switch order {
      case 1: prediction = a
      case 2: prediction = 2 * a - Int64(s[i - 2])
      case 3: prediction = 3 * a - 3 * Int64(s[i - 2]) + Int64(s[i - 3])
      default: prediction = 4 * a - 6 * Int64(s[i - 2]) + 4 * Int64(s[i - 3]) - Int64(s[i - 4])
      }
      let value = Int64(s[i]) + prediction
      guard value >= low, value <= high else { throw reader.fault("a sample outside \(depth) bits") }
      s[i] = Int32(truncatingIfNeeded: value)
    }
  }
}

/// Linear prediction with quantised coefficients (RFC 9639 9.2.6), in place over the residual.
private func predictLPC(
  _ coefficients: [Int64], shift: Int, blockSize: Int, depth: Int, samples: inout [Int32], reader: FLACBitReader
) throws(FLACFault) {
  let order = coefficients.count
  let low = -(Int64(1) << (depth - 1)), high = (Int64(1) << (depth - 1)) - 1
  try samples.withUnsafeMutableBufferPointer { (s) throws(FLACFault) in
    try coefficients.withUnsafeBufferPointer { (c) throws(FLACFault) in
      for i in order..<blockSize {
        // At most 32 products of a 15-bit coefficient and a 33-bit sample: no overflow in 64 bits.
        var sum: Int64 = 0
        for j in 0..<order { sum &+= c[j] &* Int64(s[i - 1 - j]) }
        let value = Int64(s[i]) + (sum >> Int64(shift))
        guard value >= low, value <= high else { throw reader.fault("a sample outside \(depth) bits") }
        s[i] = Int32(truncatingIfNeeded: value)
      }
    }
  }
}

private func checkRange(_ s: [Int32], from: Int, to: Int, depth: Int, reader: FLACBitReader) throws(FLACFault) {
  let low = -(Int64(1) << (depth - 1)), high = (Int64(1) << (depth - 1)) - 1
  for i in from..<to where Int64(s[i]) < low || Int64(s[i]) > high {
    throw reader.fault("a sample outside \(depth) bits")
  }
}
