import Foundation

/// Resamples a signal from one whole-number rate to another with a polyphase anti-aliasing
/// FIR filter, as SciPy's `resample_poly(x, up, down)` with its default Kaiser window
/// (beta 5) and zero padding at the edges: `up/down = to/from` reduced by their GCD, filter
/// of `20 max(up, down) + 1` taps with cut-off at `1 / max(up, down)` of Nyquist.
///
/// Output length is `ceil(n * up / down)`. Sample `k` of the output is at time `k / to` s,
/// aligned with input sample 0.
///
/// - Parameters:
///   - x: input samples.
///   - from: input rate in Hz (a whole number, e.g. 360).
///   - to: output rate in Hz (a whole number, e.g. 500).
public func resample(_ x: [Double], from: Double, to: Double) throws(DSPError) -> [Double] {
  guard from.isFinite, from > 0, from == from.rounded() else { throw .invalidSamplingRate(from) }
  guard to.isFinite, to > 0, to == to.rounded() else { throw .invalidSamplingRate(to) }
  let g = gcd(Int(from), Int(to))
  let up = Int(to) / g, down = Int(from) / g
  if up == 1 && down == 1 || x.isEmpty { return x }
  let n = x.count
  let outCount = (n * up) / down + ((n * up) % down == 0 ? 0 : 1)
  let maxRate = max(up, down)
  let halfLength = 10 * maxRate
  var h = lowpassFIR(taps: 2 * halfLength + 1, cutoff: 1 / Double(maxRate), kaiserBeta: 5)
  for i in h.indices { h[i] *= Double(up) }
  // Pad the filter so that output samples sit at its centre (SciPy's bookkeeping).
  let prePad = down - halfLength % down
  let preRemove = (halfLength + prePad) / down
  var postPad = 0
  func producedLength(_ lengthH: Int) -> Int { ((n - 1) * up + lengthH - 1) / down + 1 }
  while producedLength(h.count + prePad + postPad) < outCount + preRemove { postPad += 1 }
  h = [Double](repeating: 0, count: prePad) + h + [Double](repeating: 0, count: postPad)
  // upfirdn restricted to the kept outputs: y[k] = sum_j h[j] * xUp[k * down - j].
  var y = [Double](repeating: 0, count: outCount)
  let hCount = h.count
  h.withUnsafeBufferPointer { hb in
    x.withUnsafeBufferPointer { xb in
      for k in 0..<outCount {
        let t = (k + preRemove) * down
        // j = t - m * up for input sample m; need 0 <= j < hCount and 0 <= m < n.
        var m = max(0, (t - hCount + up) / up)
        let mEnd = min(n - 1, t / up)
        var acc = 0.0
        while m <= mEnd {
          let j = t - m * up
          if j < hCount { acc += hb[j] * xb[m] }
          m += 1
        }
        y[k] = acc
      }
    }
  }
  return y
}

/// Windowed-sinc low-pass FIR (SciPy `firwin(taps, cutoff, window=('kaiser', beta))`): cutoff
/// relative to Nyquist, unit gain at DC.
func lowpassFIR(taps: Int, cutoff: Double, kaiserBeta beta: Double) -> [Double] {
  let alpha = 0.5 * Double(taps - 1)
  let i0Beta = besselI0(beta)
  var h = (0..<taps).map { i -> Double in
    let m = Double(i) - alpha
    let sinc = m == 0 ? 1 : sin(Double.pi * cutoff * m) / (Double.pi * cutoff * m)
    let r = taps > 1 ? 2 * Double(i) / Double(taps - 1) - 1 : 0
    let window = besselI0(beta * (1 - r * r).squareRoot()) / i0Beta
    return cutoff * sinc * window
  }
  let sum = h.reduce(0, +)
  for i in h.indices { h[i] /= sum }
  return h
}

/// Modified Bessel function of the first kind, order 0, by its power series (converges for
/// all the arguments a Kaiser window uses).
func besselI0(_ x: Double) -> Double {
  var sum = 1.0, term = 1.0, k = 1.0
  let q = x * x / 4
  while term > 1e-17 * sum {
    term *= q / (k * k)
    sum += term
    k += 1
  }
  return sum
}

private func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
