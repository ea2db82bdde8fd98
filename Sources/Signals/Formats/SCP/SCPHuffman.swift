/// SCP-ECG Huffman tables and the bit-level decoder (EN 1064:2005 section 2, clause 5.5, and the
/// default table of annex C / clause 5.5.4).
///
/// A table is a list of code structures: prefix length (bits), total code length (bits), table mode
/// switch (1 = a value, 0 = switch to another table), base value, base code. The base code is stored
/// with its first transmitted bit in the least significant position, so it is bit-reversed here.
/// When the total length exceeds the prefix, the bits after the prefix carry the value itself as a
/// two's-complement integer (as the default table's 18- and 26-bit codes do; this reader follows
/// that reading for custom tables too). A switch code's base value is the number of the table to
/// continue with, counted from 1 (a 0 is taken as the first table). Every lead starts with table 1.
struct SCPHuffmanTable: Sendable, Equatable {
  struct Entry: Sendable, Equatable {
    var prefixBits: Int
    var extraBits: Int
    /// Table number (1-based) to switch to, or nil for a value code.
    var switchTo: Int?
    var value: Int
    /// The prefix in transmission order (first bit most significant).
    var code: UInt32
  }

  let entries: [Entry]
  let maxPrefix: Int
  /// When small enough (at most max(4096, 64 x entries) slots, so memory stays proportional to the
  /// table's bytes): entry index + 1 at `(1 << length) | code`, 0 where no code.
  private let heap: [Int32]
  /// Otherwise: entry index by `length << 32 | code`.
  private let map: [UInt64: Int]
  private var usesHeap: Bool { !heap.isEmpty }

  /// Builds a table; throws when a code structure is impossible or two structures share a code.
  init(entries: [Entry], field: String, file: String) throws(FormatReadError) {
    guard !entries.isEmpty else {
      throw .malformed(file: file, field: field, reason: "a Huffman table with no code structures")
    }
    var maxPrefix = 0
    for (k, entry) in entries.enumerated() {
      guard (1...32).contains(entry.prefixBits), (0...31).contains(entry.extraBits),
        UInt64(entry.code) < UInt64(1) << entry.prefixBits
      else {
        throw .malformed(
          file: file, field: "\(field) code \(k)",
          reason: "prefix \(entry.prefixBits) bits, code \(entry.prefixBits + entry.extraBits) bits")
      }
      maxPrefix = max(maxPrefix, entry.prefixBits)
    }
    self.entries = entries
    self.maxPrefix = maxPrefix
    var heap: [Int32] = []
    var map: [UInt64: Int] = [:]
    if maxPrefix <= 20, 1 << (maxPrefix + 1) <= max(4096, 64 * entries.count) {
      heap = [Int32](repeating: 0, count: 1 << (maxPrefix + 1))
      for (k, entry) in entries.enumerated() {
        let slot = (1 << entry.prefixBits) | Int(entry.code)
        guard heap[slot] == 0 else {
          throw .malformed(file: file, field: "\(field) code \(k)", reason: "repeats the prefix of another code")
        }
        heap[slot] = Int32(k + 1)
      }
    } else {
      for (k, entry) in entries.enumerated() {
        let key = UInt64(entry.prefixBits) << 32 | UInt64(entry.code)
        guard map[key] == nil else {
          throw .malformed(file: file, field: "\(field) code \(k)", reason: "repeats the prefix of another code")
        }
        map[key] = k
      }
    }
    self.heap = heap
    self.map = map
  }

  /// The entry whose prefix is `code` (the last `length` bits read), if any.
  @inline(__always) func entryIndex(code: UInt32, length: Int) -> Int? {
    if usesHeap {
      let found = heap[(1 << length) | Int(code)]
      return found == 0 ? nil : Int(found) - 1
    }
    return map[UInt64(length) << 32 | UInt64(code)]
  }

  /// The default table of EN 1064 (19 codes): 0 -> "0"; +-k for k = 1...8 -> k ones, a zero and a sign
  /// bit (0 positive); "1111111110" + 8-bit value; "1111111111" + 16-bit value.
  static let standard: SCPHuffmanTable = {
    var entries = [Entry(prefixBits: 1, extraBits: 0, switchTo: nil, value: 0, code: 0)]
    for k in 1...8 {
      let ones = UInt32((1 << k) - 1) << 2
      entries.append(Entry(prefixBits: k + 2, extraBits: 0, switchTo: nil, value: k, code: ones))
      entries.append(Entry(prefixBits: k + 2, extraBits: 0, switchTo: nil, value: -k, code: ones | 1))
    }
    entries.append(Entry(prefixBits: 10, extraBits: 8, switchTo: nil, value: 0, code: 0b11_1111_1110))
    entries.append(Entry(prefixBits: 10, extraBits: 16, switchTo: nil, value: 0, code: 0b11_1111_1111))
    // The entries above are distinct by construction.
    return try! SCPHuffmanTable(entries: entries, field: "default Huffman table", file: "")
  }()

  /// Reverses the low `count` bits of a stored base code into transmission order.
  static func reversed(_ stored: UInt32, bits count: Int) -> UInt32 {
    var source = stored
    var result: UInt32 = 0
    for _ in 0..<count {
      result = (result << 1) | (source & 1)
      source >>= 1
    }
    return result
  }
}

/// How section 5 / 6 sample data are encoded.
enum SCPEncoding: Sendable {
  /// No section 2 (or 0 tables): 2-byte little-endian signed values.
  case uncompressed
  /// Huffman tables (the default table is `[SCPHuffmanTable.standard]`).
  case huffman([SCPHuffmanTable])
}

enum SCPSampleDecoder {
  /// Decodes exactly `count` values of one lead and undoes the difference encoding.
  ///
  /// - Parameters:
  ///   - differences: 0 none, 1 first differences, 2 second differences (EN 1064 5.7.1 / 5.8.1):
  ///     x[0] (and x[1] for 2) are stored as values, then d = x[n] - x[n-1] or
  ///     d = x[n] - 2 x[n-1] + x[n-2]. Reconstruction wraps to 16 bits as the standard's samples are
  ///     2-byte integers.
  /// - Throws: `malformed` naming `field` when the bits run out or match no code.
  static func decode(
    _ bytes: ArraySlice<UInt8>, count: Int, encoding: SCPEncoding, differences: Int,
    field: String, file: String
  ) throws(FormatReadError) -> [Int16] {
    var values = [Int16](repeating: 0, count: count)
    switch encoding {
    case .uncompressed:
      guard bytes.count / 2 >= count else {
        throw .malformed(
          file: file, field: field,
          reason: "\(bytes.count) bytes hold fewer than \(count) 2-byte samples")
      }
      var at = bytes.startIndex
      for n in 0..<count {
        values[n] = Int16(bitPattern: UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8)
        at += 2
      }
    case .huffman(let tables):
      try huffman(bytes, into: &values, tables: tables, field: field, file: file)
    }
    undoDifferences(&values, order: differences)
    return values
  }

  private static func huffman(
    _ bytes: ArraySlice<UInt8>, into values: inout [Int16], tables: [SCPHuffmanTable],
    field: String, file: String
  ) throws(FormatReadError) {
    let base = bytes.startIndex
    let totalBits = bytes.count * 8
    var bit = 0
    var table = tables[0]
    var tableNumber = 1
    var n = 0
    while n < values.count {
      var code: UInt32 = 0
      var length = 0
      var found: Int?
      while found == nil {
        guard length < table.maxPrefix, bit < totalBits else {
          let reason =
            bit >= totalBits
            ? "the data end after \(n) of \(values.count) samples"
            : "the bits at bit \(bit - length) match no code of Huffman table \(tableNumber)"
          throw .malformed(file: file, field: field, reason: reason)
        }
        code = (code << 1) | UInt32((bytes[base + (bit >> 3)] >> (7 - UInt8(bit & 7))) & 1)
        bit += 1
        length += 1
        found = table.entryIndex(code: code, length: length)
      }
      let entry = table.entries[found!]
      if let target = entry.switchTo {
        let index = target == 0 ? 0 : target - 1
        guard index < tables.count else {
          throw .malformed(file: file, field: field, reason: "switch to Huffman table \(target) of \(tables.count)")
        }
        table = tables[index]
        tableNumber = index + 1
        continue
      }
      var value = entry.value
      if entry.extraBits > 0 {
        guard totalBits - bit >= entry.extraBits else {
          throw .malformed(file: file, field: field, reason: "the data end inside sample \(n) of \(values.count)")
        }
        var raw = 0
        for _ in 0..<entry.extraBits {
          raw = (raw << 1) | Int((bytes[base + (bit >> 3)] >> (7 - UInt8(bit & 7))) & 1)
          bit += 1
        }
        let signBit = 1 << (entry.extraBits - 1)
        value = (raw & signBit) != 0 ? raw - (signBit << 1) : raw
      }
      values[n] = Int16(truncatingIfNeeded: value)
      n += 1
    }
  }

  /// Undoes first (order 1) or second (order 2) differences in place, with 16-bit wrapping.
  static func undoDifferences(_ values: inout [Int16], order: Int) {
    if order == 1 {
      for n in values.indices.dropFirst() { values[n] = values[n] &+ values[n - 1] }
    } else if order == 2 {
      guard values.count > 2 else { return }
      for n in 2..<values.count {
        values[n] = values[n] &+ (values[n - 1] &* 2) &- values[n - 2]
      }
    }
  }
}
