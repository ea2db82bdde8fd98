import Foundation

/// One plot axis: the data range it shows and its tick marks, all at "nice" values.
public struct Axis: Sendable, Equatable {
  /// The range the axis shows (a whole number of steps, covering the data).
  public let range: ClosedRange<Double>
  /// Tick values, from the range's lower to its upper bound.
  public let ticks: [Double]
  /// Distance between ticks: 1, 2, 2.5 or 5 times a power of ten.
  public let step: Double

  /// The tick labels: as many decimals as the step needs, no more (0.25 -> 2 decimals, 5 -> 0).
  public var labels: [String] { ticks.map { tickLabel($0, step: step) } }

  /// An axis with the given range and ticks; `niceAxis` is how axes are normally made.
  public init(range: ClosedRange<Double>, ticks: [Double], step: Double) {
    self.range = range; self.ticks = ticks; self.step = step
  }
}

/// The mantissas of nice tick steps, in order.
let niceMantissas = [1.0, 2.0, 2.5, 5.0]

/// An axis for data from `low` to `high` with at most `maxTicks` ticks at a nice step
/// (1, 2, 2.5 or 5 x 10^k; Heckbert, "Nice numbers for graph labels", Graphics Gems 1990), the
/// smallest such step that fits. The range is widened to whole steps, so it covers the data; every
/// tick is an integer multiple of the step, so 0 is a tick whenever the range crosses it.
///
/// - Parameters:
///   - includeZero: widen the range to reach 0 (bar lengths, counts).
///   - integer: steps of at least 1 and no 2.5 below 10 (counts of features).
///   - clampTo: never extend the range beyond these bounds (probabilities: 0...1).
public func niceAxis(
  _ low: Double, _ high: Double, maxTicks: Int = 6, includeZero: Bool = false, integer: Bool = false,
  clampTo bounds: ClosedRange<Double>? = nil
) -> Axis {
  var lo = low.isFinite ? low : 0, hi = high.isFinite ? high : 1
  if lo > hi { swap(&lo, &hi) }
  if includeZero { lo = min(lo, 0); hi = max(hi, 0) }
  if hi - lo < 1e-12 {
    let pad = lo == 0 ? 1 : abs(lo) * 0.1
    lo -= pad; hi += pad
    if let bounds { lo = max(lo, bounds.lowerBound); hi = min(hi, bounds.upperBound) }
  }
  let count = max(2, maxTicks)
  var exponent = floor(log10((hi - lo) / Double(count - 1)))
  while true {
    for m in niceMantissas {
      let step = m * pow(10, exponent)
      if integer && (step < 1 || (m == 2.5 && step < 10)) { continue }
      let first = floor(lo / step + 1e-9), last = ceil(hi / step - 1e-9)
      guard Int(last - first) + 1 <= count else { continue }
      var ticks = stride(from: first, through: last, by: 1).map { clean($0 * step) }
      if let bounds { ticks = ticks.filter { bounds.contains($0) } }
      let range = (ticks.first.map { min($0, lo) } ?? lo)...(ticks.last.map { max($0, hi) } ?? hi)
      return Axis(range: range, ticks: ticks, step: step)
    }
    exponent += 1
  }
}

/// Removes binary noise from a product of an integer and a step (0.30000000000000004 -> 0.3).
func clean(_ v: Double) -> Double {
  v == 0 ? 0 : Double(String(format: "%.12g", v)) ?? v
}

/// A tick label with the decimals the step needs.
func tickLabel(_ v: Double, step: Double) -> String {
  var decimals = max(0, Int(-floor(log10(step) + 1e-9)))
  let scaled = step * pow(10, Double(decimals))
  if abs(scaled - scaled.rounded()) > 1e-6 { decimals += 1 }
  let text = String(format: "%.\(decimals)f", v)
  return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
}

/// Whether `v` is an integer multiple of a nice step (1, 2, 2.5 or 5 x 10^k).
public func isNiceMultiple(_ v: Double, of step: Double) -> Bool {
  let k = v / step
  guard abs(k - k.rounded()) < 1e-6 else { return false }
  let exponent = floor(log10(step) + 1e-9)
  let m = step / pow(10, exponent)
  return niceMantissas.contains { abs($0 - m) < 1e-6 }
}
