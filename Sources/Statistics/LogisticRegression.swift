import Foundation

/// A fitted logistic model P(y = 1) = σ(β₀ + Σ βⱼ xⱼ).
public struct LogisticModel: Sendable, Equatable, Codable {
  /// β₀ then one coefficient per input column (log-odds per unit of the input).
  public let coefficients: [Double]
  /// Newton iterations used, and whether the step fell below 1e-10 before the limit.
  public let iterations: Int
  public let converged: Bool

  /// The predicted probability of one row (`x`: one value per input column).
  public func probability(_ x: [Double]) -> Double {
    var eta = coefficients[0]
    for (j, v) in x.enumerated() { eta += coefficients[j + 1] * v }
    return 1 / (1 + exp(-eta))
  }
}

/// The logit log(p / (1 − p)) of a probability clipped to [1e-6, 1 − 1e-6], the scale on which
/// late fusion combines models' outputs.
public func logit(_ p: Double) -> Double {
  let q = min(max(p, 1e-6), 1 - 1e-6)
  return log(q / (1 - q))
}

/// Maximum-likelihood logistic regression by Newton-Raphson with step halving (the log-likelihood
/// never decreases), as used for late fusion: the outcome regressed on each model's logit. A ridge
/// penalty `ridge`·Σβⱼ² (not on the intercept; default 1e-6) keeps the fit finite when the classes are
/// separable; at that size it moves no coefficient measurably otherwise.
///
/// - Parameters:
///   - columns: input columns, each one value per row.
///   - labels: the outcome of each row.
/// - Returns: nil without both classes, with mismatched lengths or non-finite inputs, or when the
///   Hessian is singular.
public func fitLogistic(columns: [[Double]], labels: [Bool], ridge: Double = 1e-6, maxIterations: Int = 100) -> LogisticModel? {
  let n = labels.count, k = columns.count + 1
  guard n > 0, labels.contains(true), labels.contains(false), columns.allSatisfy({ $0.count == n && $0.allSatisfy(\.isFinite) }) else {
    return nil
  }
  func x(_ i: Int, _ j: Int) -> Double { j == 0 ? 1 : columns[j - 1][i] }
  func logLikelihood(_ b: [Double]) -> Double {
    var l = 0.0
    for i in 0..<n {
      var eta = 0.0
      for j in 0..<k { eta += b[j] * x(i, j) }
      l -= labels[i] ? softplus(-eta) : softplus(eta)
    }
    return l - ridge * b.dropFirst().reduce(0) { $0 + $1 * $1 }
  }
  var beta = [Double](repeating: 0, count: k)
  var current = logLikelihood(beta)
  for iteration in 1...maxIterations {
    var gradient = [Double](repeating: 0, count: k)
    var hessian = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
    for i in 0..<n {
      var eta = 0.0
      for j in 0..<k { eta += beta[j] * x(i, j) }
      let mu = 1 / (1 + exp(-eta)), w = mu * (1 - mu), r = (labels[i] ? 1 : 0) - mu
      for a in 0..<k {
        gradient[a] += r * x(i, a)
        for b in 0...a { hessian[a][b] += w * x(i, a) * x(i, b) }
      }
    }
    for a in 1..<k {
      gradient[a] -= 2 * ridge * beta[a]
      hessian[a][a] += 2 * ridge
    }
    for a in 0..<k { for b in (a + 1)..<k { hessian[a][b] = hessian[b][a] } }
    guard var step = solveSymmetric(hessian, gradient) else { return nil }
    var halvings = 0
    while logLikelihood(zip(beta, step).map(+)) < current - 1e-12 * abs(current), halvings < 60 {
      step = step.map { $0 / 2 }
      halvings += 1
    }
    beta = zip(beta, step).map(+)
    current = logLikelihood(beta)
    if step.allSatisfy({ abs($0) < 1e-10 }) { return LogisticModel(coefficients: beta, iterations: iteration, converged: true) }
  }
  return LogisticModel(coefficients: beta, iterations: maxIterations, converged: false)
}

/// Solves H·s = g for a symmetric positive-definite H by Gaussian elimination with partial pivoting;
/// nil when H is singular.
func solveSymmetric(_ h: [[Double]], _ g: [Double]) -> [Double]? {
  let k = g.count
  var a = h, b = g
  for col in 0..<k {
    guard let pivot = (col..<k).max(by: { abs(a[$0][col]) < abs(a[$1][col]) }), abs(a[pivot][col]) > 1e-300 else { return nil }
    a.swapAt(col, pivot)
    b.swapAt(col, pivot)
    for row in (col + 1)..<k {
      let f = a[row][col] / a[col][col]
      for c in col..<k { a[row][c] -= f * a[col][c] }
      b[row] -= f * b[col]
    }
  }
  var s = [Double](repeating: 0, count: k)
  for row in stride(from: k - 1, through: 0, by: -1) {
    var v = b[row]
    for c in (row + 1)..<k { v -= a[row][c] * s[c] }
    s[row] = v / a[row][row]
  }
  return s.allSatisfy(\.isFinite) ? s : nil
}
