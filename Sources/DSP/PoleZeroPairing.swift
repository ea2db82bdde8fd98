import ComplexModule

/// Groups zeros, poles and gain into second-order sections with the "nearest" pairing of
/// SciPy's `zpk2sos`: repeatedly take the pole closest to the unit circle, pair it with the
/// nearest zero, and order the sections so that those poles come last (which keeps
/// intermediate signals small). Conjugate pairs are assumed complete.
func zpkToSOS(zeros zIn: [Complex<Double>], poles pIn: [Complex<Double>], gain: Double) -> SOSFilter {
  if zIn.isEmpty && pIn.isEmpty {
    return SOSFilter(sections: [Biquad(b0: gain, b1: 0, b2: 0, a1: 0, a2: 0)])
  }
  var z = zIn, p = pIn
  if p.count < z.count { p += Array(repeating: .zero, count: z.count - p.count) }
  if z.count < p.count { z += Array(repeating: .zero, count: p.count - z.count) }
  let sectionCount = (max(p.count, z.count) + 1) / 2
  if p.count % 2 == 1 {
    p.append(.zero)
    z.append(.zero)
  }
  z = halfConjugates(z)
  p = halfConjugates(p)
  func isReal(_ c: Complex<Double>) -> Bool { c.imaginary == 0 }
  func nearest(_ from: [Complex<Double>], to: Complex<Double>, real: Bool) -> Int {
    let order = from.indices.sorted { (from[$0] - to).length < (from[$1] - to).length }
    return order.first { isReal(from[$0]) == real }!
  }
  func argmin(_ values: [Double]) -> Int {
    var best = 0
    for i in values.indices where values[i] < values[best] { best = i }
    return best
  }
  var pairs: [(p1: Complex<Double>, p2: Complex<Double>, z1: Complex<Double>, z2: Complex<Double>)] = []
  for _ in 0..<sectionCount {
    let p1 = p.remove(at: argmin(p.map { Swift.abs(1 - $0.length) }))
    var p2 = Complex<Double>.zero, z1: Complex<Double>, z2 = Complex<Double>.zero
    if isReal(p1) && !p.contains(where: isReal) {
      // The last real pole: pair it with the nearest real zero in a first-order section.
      z1 = z.remove(at: nearest(z, to: p1, real: true))
    } else {
      let z1Index: Int
      if !isReal(p1) && z.filter(isReal).count == 1 {
        z1Index = nearest(z, to: p1, real: false)
      } else {
        z1Index = argmin(z.map { (p1 - $0).length })
      }
      z1 = z.remove(at: z1Index)
      if !isReal(p1) {
        p2 = p1.conjugate
        if !isReal(z1) {
          z2 = z1.conjugate
        } else {
          z2 = z.remove(at: nearest(z, to: p1, real: true))
        }
      } else {
        let p2Index: Int
        if !isReal(z1) {
          z2 = z1.conjugate
          p2Index = nearest(p, to: z1, real: true)
        } else {
          let realIndices = p.indices.filter { isReal(p[$0]) }
          p2Index = realIndices[argmin(realIndices.map { Swift.abs(p[$0].length - 1) })]
          z2 = z.remove(at: nearest(z, to: p[p2Index], real: true))
        }
        p2 = p.remove(at: p2Index)
      }
    }
    pairs.append((p1, p2, z1, z2))
  }
  pairs.reverse()
  let sections = pairs.enumerated().map { (i, s) -> Biquad in
    let k = i == 0 ? gain : 1
    // (x - r1)(x - r2) = x^2 - (r1 + r2) x + r1 r2; a real pair or a conjugate pair is real.
    let bSum = s.z1 + s.z2, bProd = s.z1 * s.z2
    let aSum = s.p1 + s.p2, aProd = s.p1 * s.p2
    return Biquad(
      b0: k, b1: -k * bSum.real, b2: k * bProd.real, a1: -aSum.real, a2: aProd.real)
  }
  return SOSFilter(sections: sections)
}

/// SciPy `_cplxreal`: complex values with positive imaginary part (one per conjugate pair,
/// averaged with its partner), ordered by real part, followed by the real values in ascending
/// order. Values within 100 eps |z| of the real axis count as real.
private func halfConjugates(_ values: [Complex<Double>]) -> [Complex<Double>] {
  let tolerance = 100 * Double.ulpOfOne
  var reals: [Double] = []
  var positive: [Complex<Double>] = [], negative: [Complex<Double>] = []
  for v in values {
    if Swift.abs(v.imaginary) <= tolerance * v.length {
      reals.append(v.real)
    } else if v.imaginary > 0 {
      positive.append(v)
    } else {
      negative.append(v)
    }
  }
  let byRealThenImag: (Complex<Double>, Complex<Double>) -> Bool = {
    $0.real != $1.real ? $0.real < $1.real : Swift.abs($0.imaginary) < Swift.abs($1.imaginary)
  }
  positive.sort(by: byRealThenImag)
  negative.sort(by: byRealThenImag)
  let averaged = zip(positive, negative).map { ($0 + $1.conjugate) / 2 }
  return averaged + reals.sorted().map { Complex($0) }
}
