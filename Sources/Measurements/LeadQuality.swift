import Core
import DSP

/// What makes a lead unusable for measurement.
public enum LeadProblem: String, Sendable, Equatable {
  /// More than half of the samples are missing (NaN).
  case missing
  /// The lead does not vary: robust range (99th - 1st percentile) below 0.02 mV.
  case flat
  /// The lead is clipped (`clippedRuns`) over more than half of the record, or over more than
  /// 2 % of it in three runs or more: its waves themselves exceed the amplifier's or the
  /// converter's range. One or two runs (a start-up transient, a baseline excursion) do not make
  /// a lead saturated: the lead is delineated, and the beats they touch are left out of its
  /// amplitudes (`maskingClippedRuns` in `measureECG`).
  case saturated
}

/// Screens one lead (mV) before it is used: missing, flat or saturated.
public func leadProblem(_ x: [Double], samplingRate fs: Double) -> LeadProblem? {
  screenLead(x, samplingRate: fs).problem
}

/// `leadProblem`, and the lead's clipped runs (`clippedRuns`; empty for a missing or flat lead),
/// found once for both the screen and the masking in `measureECG`.
func screenLead(_ x: [Double], samplingRate fs: Double) -> (problem: LeadProblem?, clipped: [Range<Int>]) {
  var valid = 0
  for v in x where !v.isNaN { valid += 1 }
  if valid * 2 < x.count || valid < 10 { return (.missing, []) }
  // The percentiles from at most about 1,000 evenly spaced valid samples: a flat lead is flat
  // in any subset, and selection on 10 s at 500 Hz cost a tenth of `extract`'s time.
  let step = Swift.max(1, valid / 1000)
  var work: [Double] = []
  work.reserveCapacity(valid / step + 1)
  var seen = 0
  for v in x where !v.isNaN {
    if seen % step == 0 { work.append(v) }
    seen += 1
  }
  let p1 = orderStatistic(&work, rank: work.count / 100)
  let p99 = orderStatistic(&work, rank: work.count - 1 - work.count / 100)
  if p99 - p1 < 0.02 { return (.flat, []) }
  let runs = clippedRuns(x, samplingRate: fs)
  let clipped = runs.reduce(0) { $0 + $1.count }
  let saturated = clipped * 2 > x.count || (runs.count >= 3 && Double(clipped) > 0.02 * Double(x.count))
  return (saturated ? .saturated : nil, runs)
}

/// The runs, 40 ms or longer, in which a lead (mV) sits at its lowest or its highest value:
/// there the amplifier or the converter clipped, and the samples do not show the signal. LUDB
/// 115's lead II, for example, sits at its minimum for its first 0.28 s and is normal after.
public func clippedRuns(_ x: [Double], samplingRate fs: Double) -> [Range<Int>] {
  var lo = Double.infinity, hi = -Double.infinity
  for v in x where !v.isNaN { lo = Swift.min(lo, v); hi = Swift.max(hi, v) }
  let minimumRun = max(2, SamplingRate(hertz: fs).samples(0.04))
  // Clipped runs are made of extreme samples: with too few of those, no need to find the runs.
  var extremes = 0
  for v in x where v == lo || v == hi { extremes += 1 }
  guard extremes >= minimumRun, lo < hi else { return [] }
  var runs: [Range<Int>] = []
  var start = 0
  for i in 0...x.count {
    if i < x.count, x[i] == lo || x[i] == hi, i > start, x[i] == x[start] { continue }
    if i - start >= minimumRun, x[start] == lo || x[start] == hi { runs.append(start..<i) }
    start = i
  }
  return runs
}

/// The lead with its clipped runs (`clippedRuns`) as missing samples (NaN), so that the beats
/// they touch are left out of that lead rather than measured on a clipped signal.
public func maskingClippedRuns(_ x: [Double], runs: [Range<Int>]) -> [Double] {
  guard !runs.isEmpty else { return x }
  var y = x
  for r in runs { for i in r { y[i] = .nan } }
  return y
}

/// Template-matching signal quality of one lead: the mean Pearson correlation between each
/// beat's segment (R - 250 ms to R + 450 ms in `measureECG`) and the lead's median beat over the
/// same span, in [-1, 1] (in the manner of Orphanidou et al., IEEE J Biomed Health Inform 2015).
/// NaN with fewer than two segments. Clean sinus records score above 0.9; noise, artefact and
/// wandering baselines pull it down.
func templateQuality(segments: [[Double]], template: [Double]) -> Double {
  guard segments.count >= 2 else { return .nan }
  var total = 0.0
  for s in segments { total += pearsonCorrelation(s, template) }
  return total / Double(segments.count)
}

/// Sample-by-sample median of equally long segments (the mean of the two middle values for an
/// even count), NaN-free.
///
/// Neighbouring samples of the beats are ordered nearly alike, so each column is sorted by
/// insertion starting from the previous column's order: close to one comparison per beat
/// instead of a fresh selection (this took a tenth of `extract`'s time). Insertion sort is
/// quadratic when the order is far off, as it is for the first column and for noisy beats of a
/// long record (a 24 h Holter lead has 100,000 beats: `extract` took 162 s, 72 % of it here), so
/// a column whose insertion sort moves values more than 4 times per beat is sorted afresh
/// (O(m log m)). The median is the same either way.
func columnMedian(_ segments: [[Double]]) -> [Double] {
  guard let first = segments.first else { return [] }
  let m = segments.count
  precondition(segments.allSatisfy { $0.count == first.count }, "segments of unequal length")
  let length = first.count
  // Column by column in one buffer: column i is columns[i * m ..< (i + 1) * m].
  var columns = [Double](repeating: 0, count: m * length)
  columns.withUnsafeMutableBufferPointer { c in
    for (k, segment) in segments.enumerated() {
      segment.withUnsafeBufferPointer { s in
        for i in 0..<length { c[i * m + k] = s[i] }
      }
    }
  }
  var order = Array(0..<m), values = [Double](repeating: 0, count: m)
  let budget = 4 * m + 16
  return [Double](unsafeUninitializedCapacity: length) { out, count in
    columns.withUnsafeBufferPointer { c in
      order.withUnsafeMutableBufferPointer { order in
        values.withUnsafeMutableBufferPointer { values in
          for i in 0..<length {
            for k in 0..<m { values[k] = c[i * m + order[k]] }
            var moves = 0
            for a in 1..<max(1, m) {
              let v = values[a], o = order[a]
              var b = a - 1
              while b >= 0 && values[b] > v {
                values[b + 1] = values[b]; order[b + 1] = order[b]
                b -= 1
              }
              values[b + 1] = v; order[b + 1] = o
              moves += a - 1 - b
              if moves > budget { break }
            }
            if moves > budget {
              // Far from the previous order: sort this column's beats afresh.
              let column = UnsafeBufferPointer(rebasing: c[(i * m)..<((i + 1) * m)])
              order.sort { column[$0] < column[$1] }
              for k in 0..<m { values[k] = column[order[k]] }
            }
            out[i] = m % 2 == 1 ? values[m / 2] : (values[m / 2 - 1] + values[m / 2]) / 2
          }
        }
      }
    }
    count = length
  }
}

/// The windows (R - 450 ms to R + 750 ms of `signal`, mV) of the beats at `rPeaks` that fit in
/// the signal and touch no NaN of `masked` (the lead with its missing samples and clipped runs
/// as NaN): what a lead's median beat is made of in `measureECG`.
package func medianBeatSegments(_ signal: [Double], masked: [Double], rPeaks: [Int], samplingRate fs: Double) -> [[Double]] {
  let pre = SamplingRate(hertz: fs).samples(0.45), post = SamplingRate(hertz: fs).samples(0.75)
  let n = signal.count
  return rPeaks.compactMap { r in
    guard r - pre >= 0 && r + post < n && !(masked[(r - pre)...(r + post)].contains(where: \.isNaN)) else { return nil }
    return Array(signal[(r - pre)...(r + post)])
  }
}
