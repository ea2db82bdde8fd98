// Signals handed over as a strided view of float64 samples: sample `s` of lead `l` is at
// `base[s * sampleStride + l * leadStride]` (strides in elements, either sign). A C-ordered
// (samples x leads) array has strides (leads, 1), a Fortran-ordered one (1, samples), one
// column of a wider array (width, 1): NumPy passes any of them without copying.
import Foundation

/// A strided (samples x leads) view of float64 samples in the caller's memory.
struct StridedSignals {
  var base: UnsafePointer<Double>
  var samples: Int
  var leads: Int
  var sampleStride: Int
  var leadStride: Int

  /// Checks the view: a non-null base, at least one sample and one lead, strides whose offsets
  /// fit in the address space. (The caller guarantees that the memory the view spans exists.)
  init(
    _ base: UnsafePointer<Double>?, samples: Int64, leads: Int64, sampleStride: Int64, leadStride: Int64
  ) throws {
    guard let base else { throw ABIError(.invalidArgument, "signals is NULL") }
    guard samples > 0 else { throw ABIError(.invalidArgument, "signals have \(samples) samples; at least 1 is needed") }
    guard leads > 0 else { throw ABIError(.invalidArgument, "signals have \(leads) leads; at least 1 is needed") }
    let (a, overflowA) = (samples - 1).multipliedReportingOverflow(by: Swift.abs(sampleStride))
    let (b, overflowB) = (leads - 1).multipliedReportingOverflow(by: Swift.abs(leadStride))
    let (span, overflowC) = a.addingReportingOverflow(b)
    guard !overflowA, !overflowB, !overflowC, span < Int64.max / 8 else {
      throw ABIError(.invalidArgument, "strides (\(sampleStride), \(leadStride)) overflow for \(samples) x \(leads) samples")
    }
    self.base = base
    self.samples = Int(samples)
    self.leads = Int(leads)
    self.sampleStride = Int(sampleStride)
    self.leadStride = Int(leadStride)
  }

  /// Each lead as a Swift array (the library's input type), NaN kept as a missing sample.
  ///
  /// - Throws: `ABIError.invalidArgument` naming the lead and sample of an infinite value: NaN
  ///   marks a missing sample, but an infinity is a broken conversion upstream.
  func leadArrays(names: [String]) throws -> [[Double]] {
    var out: [[Double]] = []
    out.reserveCapacity(leads)
    for l in 0..<leads {
      let start = base + l * leadStride
      var lead = [Double](repeating: 0, count: samples)
      var infinite: Int?
      lead.withUnsafeMutableBufferPointer { dst in
        if sampleStride == 1 {
          dst.baseAddress!.update(from: start, count: samples)
        } else {
          for s in 0..<samples { dst[s] = start[s * sampleStride] }
        }
        infinite = dst.firstIndex { $0.isInfinite }
      }
      if let infinite {
        throw ABIError(.invalidArgument, "lead \(names[l]), sample \(infinite): \(lead[infinite]) is not a finite value (NaN marks a missing sample)")
      }
      out.append(lead)
    }
    return out
  }
}

/// The lead names of a C array of `count` strings; NULL names every lead by its 0-based index.
func leadNames(_ names: UnsafePointer<UnsafePointer<CChar>?>?, count: Int) throws -> [String] {
  guard let names else { return (0..<count).map(String.init) }
  return try (0..<count).map { i in
    guard let name = names[i] else { throw ABIError(.invalidArgument, "lead name \(i) is NULL") }
    return String(cString: name)
  }
}

/// A finite sampling rate, or an invalid-argument error (the library checks its range).
func samplingRate(_ fs: Double) throws -> Double {
  guard fs.isFinite, fs > 0 else { throw ABIError(.invalidArgument, "sampling rate \(fs) Hz is not a positive number") }
  return fs
}
