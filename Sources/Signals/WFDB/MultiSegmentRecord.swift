import Foundation

/// A multi-segment record read into memory: its master header, the record's signals in layout
/// order, and every segment's samples with the layout signal each segment signal carries.
///
/// Follows header(5) of the WFDB Applications Guide: the record is its segments end to end;
/// a null segment (`~`) is a gap, and a signal a segment does not carry is missing there. Both
/// read as invalid samples (NaN in physical units), as wfdb-python 4.3.1's `rdrecord` gives them.
public struct MultiSegmentRecord: Sendable {
  /// The master header.
  public var header: MultiSegmentHeader
  /// The record's signals in layout order: the layout segment's signal lines (variable layout;
  /// format 0, file `~`) or the first stored segment's (fixed layout).
  public var layout: [SignalSpecification]
  /// One entry per segment of `header.segments`: the segment read as a record, or nil for a null
  /// segment or the layout segment.
  public var segments: [Record?]
  /// For each segment, for each layout signal, the segment's signal carrying it (nil: missing).
  public var signalMaps: [[Int?]]
  /// Problems that did not stop the read, from every segment.
  public var warnings: [SignalsWarning]

  /// Frames in the whole record.
  public var frameCount: Int { header.frameCount }
  /// Signal descriptions (lead names) in layout order.
  public var signalNames: [String] { layout.map(\.description) }

  /// Layout signal `index` in the layout's physical units over the whole record, each segment's
  /// samples converted with that segment's own gain and baseline (and from its units, where
  /// they are another voltage unit: uV, mV, V); NaN in gaps and where the segment lacks the signal.
  public func physical(_ index: Int) -> [Double] {
    let spf = layout[index].samplesPerFrame
    var out: [Double] = []
    out.reserveCapacity(frameCount * spf)
    for (k, segment) in header.segments.enumerated() {
      guard let record = segments[k], let source = signalMaps[k][index] else {
        out.append(contentsOf: repeatElement(.nan, count: segment.sampleCount * spf))
        continue
      }
      let values = record.physical(source)
      let factor = unitFactor(from: record.header.signals[source].units, to: layout[index].units) ?? 1
      out.append(contentsOf: factor == 1 ? values : values.map { $0 * factor })
    }
    return out
  }

  /// The record as one single-segment `Record` of digital samples, gaps and missing signals
  /// holding the format's invalid value (what wfdb-python's `multi_to_single(physical=False)`
  /// gives). Every segment carrying a signal must store it with the same gain, baseline and
  /// units, or its digital values mean different things; storage formats may differ.
  ///
  /// - Throws: `SignalsError.segmentMismatch` naming the signal, the segment and the field that
  ///   differs; `readRecording(at:)` reads such records in physical units instead.
  public func joined(file: String) throws(SignalsError) -> Record {
    var specs: [SignalSpecification] = []
    var digital: [[Int32]] = []
    for (i, signal) in layout.enumerated() {
      var spec: SignalSpecification? = nil
      for (k, record) in segments.enumerated() {
        guard let record, let source = signalMaps[k][i] else { continue }
        let s = record.header.signals[source]
        guard let first = spec else {
          spec = s
          continue
        }
        // Storage formats may differ (16 in one segment, FLAC 516 in the next): the digital values
        // mean the same; the joined signal is labelled with the widest format, whose invalid value
        // marks the gaps.
        if s.format.defaultResolution > first.format.defaultResolution { spec?.format = s.format }
        let differs =
          s.adcGain != first.adcGain
          ? "gain \(first.adcGain) and \(s.adcGain)"
          : s.baseline != first.baseline
            ? "baseline \(first.baseline) and \(s.baseline)"
            : s.units != first.units ? "units \(first.units) and \(s.units)" : nil
        if let differs {
          throw .segmentMismatch(
            file: file, segment: record.name,
            reason: "signal \(signal.description) is stored with \(differs) in different segments: its digital "
              + "samples cannot be joined (readRecording reads them in physical units)")
        }
      }
      var joined = spec ?? signal
      (joined.skew, joined.byteOffset, joined.checksum) = (0, 0, nil)
      // The joined samples are in memory, not in a file: format 8 differences are integrated
      // already (no invalid value of their own) and FLAC is decoded, so the label is the plain
      // integer format of the same width, whose invalid value marks the gaps.
      switch joined.format {
      case .difference8, .flac16: joined.format = .int16
      case .flac8: joined.format = .offset8
      case .flac24: joined.format = .int24
      default: break
      }
      let invalid = joined.format.invalidSampleValue ?? Int32(Int16.min)
      var samples: [Int32] = []
      samples.reserveCapacity(frameCount * signal.samplesPerFrame)
      for (k, segment) in header.segments.enumerated() {
        if let record = segments[k], let source = signalMaps[k][i] {
          samples.append(contentsOf: record.digital[source])
        } else {
          samples.append(contentsOf: repeatElement(invalid, count: segment.sampleCount * signal.samplesPerFrame))
        }
      }
      specs.append(joined)
      digital.append(samples)
    }
    var record = header.record
    record.signals = specs
    record.sampleCount = frameCount
    return Record(header: record, digital: digital, warnings: warnings)
  }
}

/// The factor converting values in `from` units to `to` units: 1 when they are the same, the
/// ratio when both are voltages, nil otherwise.
func unitFactor(from: String, to: String) -> Double? {
  if from == to { return 1 }
  guard let a = millivoltsPerUnit(from), let b = millivoltsPerUnit(to) else { return nil }
  return a / b
}
