import Core
import Foundation

// The MIT annotation format, annot(5) in the WFDB Applications Guide: a sequence of 16-bit
// little-endian words, each a 6-bit code A and a 10-bit value I.
//   A = 1...49   an annotation of type A, I samples after the previous one
//   A = 59 SKIP  I = 0; the next two words hold a signed 32-bit interval, high word first
//   A = 60 NUM   sets `number` (low 8 bits of I, signed) of the current annotation
//   A = 61 SUB   sets `subtype` (low 8 bits, signed)
//   A = 62 CHN   sets `channel` (low 8 bits)
//   A = 63 AUX   I bytes of text follow, padded to an even count
//   A = 0, I = 0 end of file
// `number` and `channel` persist from one annotation to the next; `subtype` and `aux` do not.

private enum Pseudo {
  static let skip: UInt16 = 59
  static let num: UInt16 = 60
  static let sub: UInt16 = 61
  static let chn: UInt16 = 62
  static let aux: UInt16 = 63
}

/// Reads an annotation file of a record, e.g. `readAnnotations(record: "mitdb/100",
/// annotator: "atr")` or LUDB's per-lead `annotator: "ii"`.
public func readAnnotations(
  record: String, annotator: String
) throws(SignalsError)
  -> AnnotationSet
{
  try readAnnotationFile(at: record + "." + annotator)
}

/// Reads an MIT-format annotation file.
public func readAnnotationFile(at path: String) throws(SignalsError) -> AnnotationSet {
  try decodeAnnotations([UInt8](try readFile(path)), file: path)
}

/// Reads a record's annotation file and checks it against the record: an annotation after the
/// record's last sample (`sampleCount` samples at the annotation's rate) means the file belongs to
/// another record or is corrupt.
///
/// - Throws: `SignalsError.annotationSyntax` naming the file, the count of such annotations and
///   the first one.
public func readAnnotations(record: String, annotator: String, sampleCount: Int) throws(SignalsError) -> AnnotationSet {
  let path = record + "." + annotator
  let set = try readAnnotationFile(at: path)
  let outside = set.annotations.filter { $0.sample >= sampleCount }
  if let first = outside.first {
    throw .annotationSyntax(
      file: path, byteOffset: 0,
      reason:
        "\(outside.count) annotation(s) after the record's last sample \(sampleCount - 1), the first at sample \(first.sample): the file does not belong to this record"
    )
  }
  return set
}

/// Decodes MIT-format annotation bytes. Exposed for tests and in-memory use.
public func decodeAnnotations(
  _ bytes: [UInt8], file: String
)
  throws(SignalsError) -> AnnotationSet
{
  var annotations: [Annotation] = []
  var time = 0
  var channel: UInt8 = 0
  var number: Int8 = 0
  var current: Annotation? = nil
  var offset = 0
  let n = bytes.count
  func word(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }

  var ended = false
  while offset + 1 < n {
    let w = word(offset)
    let a = w >> 10, value = w & 0x3FF
    if a == 0 && value == 0 {
      ended = true
      break
    }
    switch a {
    case Pseudo.skip:
      guard offset + 6 <= n else {
        throw .annotationSyntax(file: file, byteOffset: offset, reason: "SKIP cut off by end of file")
      }
      let interval = Int32(bitPattern: UInt32(word(offset + 2)) << 16 | UInt32(word(offset + 4)))
      time += Int(interval)
      offset += 6
      continue
    case Pseudo.num, Pseudo.sub, Pseudo.chn, Pseudo.aux:
      guard current != nil else {
        throw .annotationSyntax(
          file: file, byteOffset: offset, reason: "modifier (code \(a)) before any annotation")
      }
      let low = UInt8(value & 0xFF)
      if a == Pseudo.num {
        number = Int8(bitPattern: low)
        current!.number = number
      } else if a == Pseudo.sub {
        current!.subtype = Int8(bitPattern: low)
      } else if a == Pseudo.chn {
        channel = low
        current!.channel = channel
      } else {
        let length = Int(value)
        guard offset + 2 + length <= n else {
          throw .annotationSyntax(
            file: file, byteOffset: offset, reason: "aux text of \(length) bytes cut off by end of file")
        }
        var text = Array(bytes[(offset + 2)..<(offset + 2 + length)])
        while text.last == 0 { text.removeLast() }
        current!.aux = String(decoding: text, as: UTF8.self)
        offset += length + (length & 1)
      }
      offset += 2
      continue
    default:
      if let done = current { annotations.append(done) }
      time += Int(value)
      guard time >= 0 else {
        throw .annotationSyntax(file: file, byteOffset: offset, reason: "negative annotation time")
      }
      current = Annotation(
        sample: time, code: AnnotationCode(rawValue: UInt8(a)), channel: channel, number: number)
      offset += 2
    }
  }
  if let done = current { annotations.append(done) }
  // An MIT annotation file ends with the end-of-file word (0x0000) and nothing after it but zero
  // padding: a truncated file, a text file or random bytes do not, though they may otherwise
  // decode as plausible annotations.
  guard ended else {
    throw .annotationSyntax(file: file, byteOffset: n, reason: "no end-of-file marker: the file is truncated or not an MIT annotation file")
  }
  if let extra = bytes[(offset + 2)...].firstIndex(where: { $0 != 0 }) {
    throw .annotationSyntax(
      file: file, byteOffset: extra, reason: "\(n - offset - 2) bytes after the end-of-file marker: not an MIT annotation file")
  }

  // A NOTE at sample 0 whose text declares the time resolution is file metadata, not an
  // annotation (as in wfdb-python); so are code-0 placeholders.
  var fs: Double? = nil
  annotations.removeAll { ann in
    if ann.code.rawValue == 0 { return true }
    if ann.sample == 0, ann.code == .note, ann.aux.hasPrefix("## time resolution: ") {
      fs = Double(ann.aux.dropFirst("## time resolution: ".count))
      return true
    }
    return false
  }
  return AnnotationSet(annotations: annotations, samplingFrequency: fs)
}

/// Encodes annotations in the MIT format (the inverse of `decodeAnnotations`).
///
/// - Throws: `SignalsError.annotationValue` when times are not ascending, a time is negative,
///   a code is not 1...49, or an aux text exceeds 255 bytes.
public func encodeAnnotations(_ set: AnnotationSet) throws(SignalsError) -> [UInt8] {
  var out: [UInt8] = []
  out.reserveCapacity(set.annotations.count * 2 + 16)
  func put(_ w: UInt16) {
    out.append(UInt8(w & 0xFF))
    out.append(UInt8(w >> 8))
  }
  func putCore(delta: Int, code: UInt16) {
    if delta > 1023 {
      put(Pseudo.skip << 10)
      let u = UInt32(bitPattern: Int32(delta))
      put(UInt16(u >> 16))
      put(UInt16(u & 0xFFFF))
      put(code << 10)
    } else {
      put(code << 10 | UInt16(delta))
    }
  }
  var time = 0
  var channel: UInt8 = 0
  var number: Int8 = 0
  if let fs = set.samplingFrequency {
    let text = Array("## time resolution: \(formatFrequency(fs))".utf8)
    putCore(delta: 0, code: UInt16(AnnotationCode.note.rawValue))
    put(Pseudo.aux << 10 | UInt16(text.count))
    out += text
    if text.count & 1 == 1 { out.append(0) }
  }
  for (index, ann) in set.annotations.enumerated() {
    guard (1...49).contains(ann.code.rawValue) else {
      throw .annotationValue(index: index, reason: "code \(ann.code.rawValue) is not 1...49")
    }
    guard ann.sample >= time else {
      throw .annotationValue(
        index: index, reason: "sample \(ann.sample) is before the previous one (\(time))")
    }
    guard ann.sample - time <= Int(Int32.max) else {
      throw .annotationValue(index: index, reason: "gap of \(ann.sample - time) samples")
    }
    putCore(delta: ann.sample - time, code: UInt16(ann.code.rawValue))
    time = ann.sample
    if ann.subtype != 0 { put(Pseudo.sub << 10 | UInt16(UInt8(bitPattern: ann.subtype))) }
    if ann.channel != channel {
      put(Pseudo.chn << 10 | UInt16(ann.channel))
      channel = ann.channel
    }
    if ann.number != number {
      put(Pseudo.num << 10 | UInt16(UInt8(bitPattern: ann.number)))
      number = ann.number
    }
    if !ann.aux.isEmpty {
      let text = Array(ann.aux.utf8)
      guard text.count <= 255 else {
        throw .annotationValue(index: index, reason: "aux text longer than 255 bytes")
      }
      put(Pseudo.aux << 10 | UInt16(text.count))
      out += text
      if text.count & 1 == 1 { out.append(0) }
    }
  }
  put(0)
  return out
}

/// Writes annotations in the MIT format to `path` with `writeFileAtomically`, so an
/// interrupted write never leaves a partial file.
public func writeAnnotationFile(_ set: AnnotationSet, to path: String) throws(SignalsError) {
  let data = Data(try encodeAnnotations(set))
  do { try writeFileAtomically(data, to: path) } catch { throw .writeFailed(file: error.file, reason: error.reason) }
}

private func formatFrequency(_ fs: Double) -> String {
  fs == fs.rounded() ? String(Int(fs)) : String(fs)
}
