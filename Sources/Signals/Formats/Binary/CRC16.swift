/// CRC-CCITT as SCP-ECG uses it (EN 1064 clause 5.3.2 / annex: polynomial x^16 + x^12 + x^5 + 1,
/// i.e. 0x1021, initial value 0xFFFF, bits processed most significant first, no final XOR;
/// also known as CRC-16/CCITT-FALSE). Check value for ASCII "123456789" is 0x29B1.
enum CRC16CCITT {
  private static let table: [UInt16] = (0..<256).map { byte in
    var crc = UInt16(byte) << 8
    for _ in 0..<8 {
      crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1
    }
    return crc
  }

  /// The CRC of `bytes`.
  static func checksum<C: Collection>(_ bytes: C) -> UInt16 where C.Element == UInt8 {
    var crc: UInt16 = 0xFFFF
    for byte in bytes {
      crc = (crc << 8) ^ table[Int((crc >> 8) ^ UInt16(byte))]
    }
    return crc
  }
}
