import Core
import Delineation
import Signals

/// The signal quality (`signalQuality`: Orphanidou et al. 2015 with Li et al. 2008's kurtosis) of
/// one lead of a record read block by block, for records too long to hold whole (a 24 h Holter).
///
/// Blocks of about `blockLength` seconds (a whole number of quality windows) are read in turn and
/// judged with the beats `beats` (ascending samples) inside them, so the windows are those of one
/// pass over the record; only the band-pass filter's edges at a block boundary and beats within
/// 0.25 s of it (left out of that window's template) differ. Time grows linearly with the
/// record's length; memory holds one block.
///
/// - Parameters:
///   - lead: the signal (0-based).
///   - blockLength: seconds per block, rounded up to a whole number of windows.
/// - Returns: the windows in order, covering the record.
/// - Throws: `SignalsError` when a block cannot be read.
public func signalQualityInBlocks(
  _ stream: RecordStream, lead: Int, beats: [Int], blockLength: Double = 300,
  parameters: SignalQualityParameters = .init()
) throws(SignalsError) -> [QualityWindow] {
  let rate = SamplingRate(hertz: stream.samplingFrequency)
  let window = max(1, rate.samples(parameters.window))
  let block = max(1, (rate.samples(blockLength) + window - 1) / window) * window
  var windows: [QualityWindow] = [], first = 0
  var lo = 0
  while lo < stream.frameCount {
    // The record's last short remainder joins its block, as `signalQuality` joins a short last window.
    var hi = min(stream.frameCount, lo + block)
    if stream.frameCount - hi < window / 2 { hi = stream.frameCount }
    while first < beats.count && beats[first] < lo { first += 1 }
    var end = first
    while end < beats.count && beats[end] < hi { end += 1 }
    let x = try stream.physical(frames: lo..<hi)[lead]
    let local = beats[first..<end].map { $0 - lo }
    for var w in signalQuality(x, beats: local, samplingRate: stream.samplingFrequency, parameters: parameters) {
      w.range = (w.range.lowerBound + lo)..<(w.range.upperBound + lo)
      windows.append(w)
    }
    lo = hi
  }
  return windows
}
