import DSP

/// What makes a lead unusable for measurement.
public enum LeadProblem: String, Sendable, Equatable {
  /// More than half of the samples are missing (NaN).
  case missing
  /// The lead does not vary: robust range (99th - 1st percentile) below 0.02 mV.
  case flat
  /// The signal sits at its extreme values for more than 2 % of the record in runs of at least
  /// 40 ms: the amplifier or the converter clipped.
  case saturated
}

/// Screens one lead (mV) before it is used: missing, flat or saturated.
public func leadProblem(_ x: [Double], samplingRate fs: Double) -> LeadProblem? {
  let valid = x.filter { !$0.isNaN }
  if valid.count * 2 < x.count || valid.count < 10 { return .missing }
  var work = valid
  let p1 = orderStatistic(&work, rank: work.count / 100)
  let p99 = orderStatistic(&work, rank: work.count - 1 - work.count / 100)
  if p99 - p1 < 0.02 { return .flat }
  let lo = valid.min()!, hi = valid.max()!
  let minimumRun = max(2, Int(0.04 * fs))
  var clipped = 0, run = 0, previous = Double.nan
  for v in x {
    if (v == lo || v == hi) && (run == 0 || v == previous) { run += 1 } else {
      if run >= minimumRun { clipped += run }
      run = (v == lo || v == hi) ? 1 : 0
    }
    previous = v
  }
  if run >= minimumRun { clipped += run }
  return Double(clipped) > 0.02 * Double(x.count) ? .saturated : nil
}

/// Template-matching signal quality of one lead: the mean Pearson correlation between each
/// beat's segment (R - 250 ms to R + 450 ms in `measureECG`) and the lead's median beat over the
/// same span, in [-1, 1] (in the manner of Orphanidou et al., IEEE J Biomed Health Inform 2015).
/// NaN with fewer than two segments. Clean sinus records score above 0.9; noise, artefact and
/// wandering baselines pull it down.
func templateQuality(segments: [[Double]], template: [Double]) -> Double {
  guard segments.count >= 2 else { return .nan }
  var total = 0.0
  for s in segments { total += pearson(s, template) }
  return total / Double(segments.count)
}

func pearson(_ a: [Double], _ b: [Double]) -> Double {
  let n = Double(a.count)
  let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
  var sab = 0.0, saa = 0.0, sbb = 0.0
  for i in a.indices {
    let da = a[i] - ma, db = b[i] - mb
    sab += da * db; saa += da * da; sbb += db * db
  }
  return saa > 0 && sbb > 0 ? sab / (saa * sbb).squareRoot() : 0
}

/// Sample-by-sample median of equally long segments.
func columnMedian(_ segments: [[Double]]) -> [Double] {
  guard let first = segments.first else { return [] }
  var column = [Double](repeating: 0, count: segments.count)
  let m = segments.count
  return first.indices.map { i in
    for k in segments.indices { column[k] = segments[k][i] }
    let upper = orderStatistic(&column, rank: m / 2)
    guard m % 2 == 0 else { return upper }
    var lower = -Double.infinity
    for k in 0..<(m / 2) where column[k] > lower { lower = column[k] }
    return (lower + upper) / 2
  }
}
