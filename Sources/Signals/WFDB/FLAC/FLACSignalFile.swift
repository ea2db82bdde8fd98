import Foundation

/// The samples of one FLAC signal file (formats 508, 516, 524; signal(5), WFDB 10.7) in the
/// order of an uncompressed signal file: frame by frame, each signal's `samplesPerFrame`
/// samples in header order, so the record reader demultiplexes them like any other format.
///
/// Layout, as the WFDB library and wfdb-python 4.3.1 write it: signal `j` of the file is FLAC
/// channel `j`; sample `k` of frame `f` is the channel's sample `f * spf + k` (every signal of a
/// file has the same `spf`). The header's offset field counts samples per channel to skip here,
/// not bytes (as wfdb-python reads it). The FLAC sample rate is ignored (the header's rules).
///
/// - Parameters:
///   - frames: the header's sample count, or nil to take every frame the file holds.
///   - extraFrames: frames past `frames` that skewed signals may use, if present.
/// - Returns: the stream of `available` frames (at least `frames` of them) and the frame count.
/// - Throws: `SignalsError.compressedData` for a malformed stream, a channel count or bit depth
///   that does not fit the header, or fewer (or, unless `allowTrailing`, more) samples than it needs.
func readFLACSignalFile(
  path: String, specs: [SignalSpecification], frames: Int?, extraFrames: Int, allowTrailing: Bool
) throws(SignalsError) -> (stream: [Int32], frames: Int, available: Int) {
  let data = try readFile(path)
  let spf = specs[0].samplesPerFrame
  guard specs.allSatisfy({ $0.samplesPerFrame == spf }) else {
    throw .inconsistentSignalFile(file: path, reason: "signals sharing a FLAC file must have the same samples per frame")
  }
  let offset = specs[0].byteOffset
  let needed = frames.map { ($0 + extraFrames) * spf + offset }
  let result = data.withUnsafeBytes { raw in Result { () throws(FLACFault) in try decodeFLAC(raw, sampleLimit: needed) } }
  let audio: FLACAudio
  switch result {
  case .success(let decoded): audio = decoded
  case .failure(let fault): throw .compressedData(file: path, byteOffset: fault.byteOffset, reason: fault.reason)
  }
  func problem(_ reason: String) -> SignalsError {
    .compressedData(file: path, byteOffset: audio.consumedBytes, reason: reason)
  }
  guard audio.channels.count == specs.count else {
    throw problem("the FLAC stream has \(audio.channels.count) channels; the header puts \(specs.count) signals in it")
  }
  let maxBits = specs[0].format.rawValue - 500
  guard audio.bitsPerSample <= maxBits else {
    throw problem("\(audio.bitsPerSample)-bit FLAC samples in format \(specs[0].format.rawValue) (at most \(maxBits) bits)")
  }
  let held = max(0, (audio.channels.first?.count ?? 0) - offset)
  let frameCount = frames ?? held / spf
  guard frameCount > 0 else { throw .emptyRecord(file: path) }
  guard held >= frameCount * spf else {
    throw problem("the FLAC stream holds \(held) samples per signal after the offset; the header needs \(frameCount * spf)")
  }
  if audio.stoppedEarly, !allowTrailing {
    throw problem("the FLAC stream holds more than the \(frameCount + extraFrames) frames the header accounts for")
  }
  let available = min(frameCount + extraFrames, held / spf)
  let width = specs.count * spf
  var stream = [Int32](repeating: 0, count: available * width)
  for (j, channel) in audio.channels.enumerated() {
    channel.withUnsafeBufferPointer { c in
      for f in 0..<available {
        for k in 0..<spf { stream[f * width + j * spf + k] = c[offset + f * spf + k] }
      }
    }
  }
  return (stream, frameCount, available)
}
