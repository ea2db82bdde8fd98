/// Shrinkage of the within-patient covariance before it is inverted: Sigma_w = (1 - w) S + w (tr S / p) I.
public enum CovarianceShrinkage: Sendable, Equatable {
  /// Ledoit and Wolf's linear shrinkage weight (Ledoit and Wolf, "A well-conditioned estimator for
  /// large-dimensional covariance matrices", J. Multivariate Anal. 88:365-411, 2004), computed on the within-patient
  /// residuals. It minimises the covariance's Frobenius risk, not the attack's error; heavy-tailed residuals (as in
  /// MIMIC) push it towards 1, i.e. towards Euclidean distances.
  case ledoitWolf
  /// A fixed weight w, 0...1.
  case fixed(Double)
  /// The weight of `grid` with the best rank-1 in an inner attack run entirely on the metric-fitting half: its
  /// patients are split again (bit 1 of the same seeded hash), the metric is fitted on one part for every weight
  /// and the other part is attacked. The attacked half is never looked at. Falls back to `ledoitWolf` when the
  /// inner split has no patient to probe. This is the default (the strongest attacker that respects the split).
  case innerValidation(grid: [Double])

  /// The default grid of `innerValidation`.
  public static let defaultGrid: [Double] = [0, 0.01, 0.03, 0.1, 0.3, 1]
}

/// Pooled within-patient scatter of standardised features, from which whitening transforms are built.
struct WithinPatientScatter: Sendable {
  let dimension: Int
  /// Covariance of the residuals from each patient's mean, divisor n - patients, row-major.
  let covariance: [Double]
  /// Ledoit-Wolf weight of the residuals (divisor n, as in the paper).
  let ledoitWolf: Double
  /// Number of residual vectors (ECGs of multi-ECG patients) and of those patients.
  let ecgCount: Int
  let patientCount: Int

  /// `rows` is row-major (n x dimension, standardised, no NaN); `groups` are the row indices of each patient.
  init(rows: [Double], dimension p: Int, groups: [[Int]], source: String) throws(PrivacyError) {
    var residuals: [Double] = []
    for group in groups where group.count >= 2 {
      var mean = [Double](repeating: 0, count: p)
      for r in group { for f in 0..<p { mean[f] += rows[r * p + f] } }
      for f in 0..<p { mean[f] /= Double(group.count) }
      for r in group { for f in 0..<p { residuals.append(rows[r * p + f] - mean[f]) } }
    }
    let n = residuals.count / max(p, 1)
    let k = groups.filter { $0.count >= 2 }.count
    guard p > 0, n - k >= 1 else {
      throw .insufficientData(
        table: source, field: "patient_id",
        problem: "the metric-fitting patients include none with two ECGs to estimate within-patient covariance")
    }
    var scatter = [Double](repeating: 0, count: p * p)
    for i in 0..<n {
      for a in 0..<p {
        let ra = residuals[i * p + a]
        for b in 0...a { scatter[a * p + b] += ra * residuals[i * p + b] }
      }
    }
    for a in 0..<p { for b in 0..<a { scatter[b * p + a] = scatter[a * p + b] } }
    dimension = p
    covariance = scatter.map { $0 / Double(n - k) }
    ledoitWolf = ledoitWolfWeight(residuals: residuals, covariance: scatter.map { $0 / Double(n) }, n: n, p: p)
    ecgCount = n
    patientCount = k
  }

  /// The whitening for shrinkage weight w (0...1).
  func whitening(weight: Double, source: String) throws(PrivacyError) -> WithinPatientWhitening {
    guard (0...1).contains(weight) else {
      throw .invalidArgument(table: source, field: "shrinkage", problem: "weight \(weight) is outside 0...1")
    }
    let p = dimension
    let mu = (0..<p).reduce(0.0) { $0 + covariance[$1 * p + $1] } / Double(p)
    var shrunk = covariance.map { (1 - weight) * $0 }
    for a in 0..<p { shrunk[a * p + a] += weight * mu }
    guard let l = choleskyFactor(shrunk, p) else {
      throw .numericalFailure(
        table: source, field: "within-patient covariance",
        problem: "not positive definite after shrinkage \(weight); use a larger shrinkage")
    }
    return WithinPatientWhitening(dimension: p, cholesky: l, shrinkage: weight)
  }
}

/// A learned Mahalanobis metric: the inverse of the (shrunk) pooled within-patient covariance of standardised
/// features, as in the within-class whitening of linear discriminant analysis and the "similar pairs" term of KISS
/// metric learning (Koestinger et al., CVPR 2012). It is applied as a whitening y = L^-1 z, where L L' is the shrunk
/// covariance (Cholesky), so that Euclidean distances of y are the Mahalanobis distances of z.
struct WithinPatientWhitening: Sendable {
  let dimension: Int
  /// Lower-triangular Cholesky factor L, row-major.
  let cholesky: [Double]
  /// Shrinkage weight used.
  let shrinkage: Double

  /// y = L^-1 z for every row of `rows` (row-major, count x dimension), by forward substitution.
  func whiten(_ rows: [Double]) -> [Double] {
    let p = dimension
    var out = [Double](repeating: 0, count: rows.count)
    for i in 0..<(rows.count / p) {
      for a in 0..<p {
        var s = rows[i * p + a]
        for b in 0..<a { s -= cholesky[a * p + b] * out[i * p + b] }
        out[i * p + a] = s / cholesky[a * p + a]
      }
    }
    return out
  }
}

/// Ledoit-Wolf weight: with S the covariance (divisor n), m = tr(S)/p, d2 = |S - mI|^2/p,
/// b2 = min(sum_i |x_i x_i' - S|^2 / n^2 / p, d2); weight = b2 / d2 (0 when d2 = 0 is impossible: then 1).
func ledoitWolfWeight(residuals x: [Double], covariance s: [Double], n: Int, p: Int) -> Double {
  let m = (0..<p).reduce(0.0) { $0 + s[$1 * p + $1] } / Double(p)
  var d2 = 0.0
  for a in 0..<p { for b in 0..<p { let v = s[a * p + b] - (a == b ? m : 0); d2 += v * v } }
  d2 /= Double(p)
  guard d2 > 0 else { return 1 }
  let sNorm2 = s.reduce(0.0) { $0 + $1 * $1 }
  var total = 0.0
  for i in 0..<n {
    var norm2 = 0.0
    var quad = 0.0
    for a in 0..<p {
      let xa = x[i * p + a]
      norm2 += xa * xa
      var row = 0.0
      for b in 0..<p { row += s[a * p + b] * x[i * p + b] }
      quad += xa * row
    }
    total += norm2 * norm2 - 2 * quad + sNorm2
  }
  let b2 = min(total / Double(n) / Double(n) / Double(p), d2)
  return b2 / d2
}

/// Cholesky factor (lower, row-major) of a symmetric p x p matrix, nil if it is not positive definite.
func choleskyFactor(_ a: [Double], _ p: Int) -> [Double]? {
  var l = [Double](repeating: 0, count: p * p)
  for i in 0..<p {
    for j in 0...i {
      var s = a[i * p + j]
      for k in 0..<j { s -= l[i * p + k] * l[j * p + k] }
      if i == j {
        guard s > 0 else { return nil }
        l[i * p + i] = s.squareRoot()
      } else {
        l[i * p + j] = s / l[j * p + j]
      }
    }
  }
  return l
}

/// Ledoit-Wolf shrinkage weight (0...1) of the covariance X'X / n of already centred rows (n x p), as used by the
/// learned metric; equals scikit-learn's `ledoit_wolf_shrinkage(X, assume_centered=True)`.
public func ledoitWolfShrinkage(centredRows rows: [[Double]]) -> Double {
  guard let p = rows.first?.count, p > 0 else { return 1 }
  let n = rows.count
  let x = rows.flatMap { $0 }
  var s = [Double](repeating: 0, count: p * p)
  for i in 0..<n { for a in 0..<p { for b in 0..<p { s[a * p + b] += x[i * p + a] * x[i * p + b] } } }
  return ledoitWolfWeight(residuals: x, covariance: s.map { $0 / Double(n) }, n: n, p: p)
}
