/// Counts, for one probe, what a scoring pass needs from its distances, eight gallery entries at a time. The
/// distances arrive tile by tile (a run of gallery blocks); `add` accumulates one tile.
struct ProbeTally {
  /// Gallery entries strictly closer than the genuine distance.
  var less = 0
  /// Gallery entries at exactly the genuine distance, the genuine entry included.
  var equal = 0
  /// Impostor distances below the window's lower end.
  var below = 0
  /// Largest distance seen.
  var maximum = 0.0

  /// `tile` holds the distances of gallery entries first ..< first + count (whole blocks, padding past count);
  /// `own` is the genuine entry, `genuine` its distance. Impostor distances inside `window` (both ends included)
  /// are appended to `stored`.
  mutating func add(
    tile: UnsafeMutableBufferPointer<SIMD8<Double>>, first: Int, count: Int, own: Int, genuine: Double,
    window: (lower: Double, upper: Double)?, stored: inout [Double]
  ) {
    let full = count / 8
    let dg = SIMD8<Double>(repeating: genuine)
    let loValue = window?.lower ?? .infinity
    let hiValue = window?.upper ?? -.infinity
    let lo = SIMD8<Double>(repeating: loValue)
    let hi = SIMD8<Double>(repeating: hiValue)
    let one = SIMD8<Int64>(repeating: 1)
    var lessV = SIMD8<Int64>.zero
    var equalV = SIMD8<Int64>.zero
    var belowV = SIMD8<Int64>.zero
    var maxV = SIMD8<Double>(repeating: maximum)
    let collect = window != nil
    for b in 0..<full {
      let v = tile[b]
      lessV.replace(with: lessV &+ one, where: v .< dg)
      equalV.replace(with: equalV &+ one, where: v .== dg)
      maxV = pointwiseMax(maxV, v)
      if collect {
        belowV.replace(with: belowV &+ one, where: v .< lo)
        let inside = (v .>= lo) .& (v .<= hi)
        if any(inside) {
          for lane in 0..<8 where inside[lane] && first + b * 8 + lane != own { stored.append(v[lane]) }
        }
      }
    }
    less += Int(lessV.wrappedSum())
    equal += Int(equalV.wrappedSum())
    below += Int(belowV.wrappedSum())
    maximum = maxV.max()
    for j in (full * 8)..<count {
      let v = tile[full][j % 8]
      if v < genuine { less += 1 }
      if v == genuine { equal += 1 }
      if v > maximum { maximum = v }
      if collect, first + j != own {
        if v < loValue { below += 1 } else if v <= hiValue { stored.append(v) }
      }
    }
    // The genuine entry was counted below the window in the block loop when it lies in this tile's whole blocks.
    if collect, own >= first, own < first + full * 8, genuine < loValue { below -= 1 }
  }
}
