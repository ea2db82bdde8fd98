// Obuchowski NA. Nonparametric analysis of clustered ROC curve data. Biometrics 53:567-578, 1997.
//
// Clusters i = 1…I (patients); cluster i holds mᵢ positives X_ij and nᵢ negatives Y_ik (either may be 0,
// and a cluster may hold both). M = Σ mᵢ, N = Σ nᵢ; I10 = #clusters with mᵢ > 0, I01 = #clusters with nᵢ > 0.
//   θ̂ = (1/(M·N)) Σ over all positive-negative pairs ψ(X, Y), ψ = 1 / 1/2 / 0 for > / = / <
//       (identical to the unclustered AUROC),
//   V10(X_ij) = (1/N) Σ_all negatives ψ(X_ij, Y),   V10(X_i·) = Σ_j V10(X_ij)   (0 when mᵢ = 0),
//   V01(Y_ik) = (1/M) Σ_all positives ψ(X, Y_ik),   V01(Y_i·) = Σ_k V01(Y_ik)   (0 when nᵢ = 0),
//   S10 = I10 / ((I10 − 1)·M) · Σᵢ (V10(X_i·) − mᵢθ̂)²
//   S01 = I01 / ((I01 − 1)·N) · Σᵢ (V01(Y_i·) − nᵢθ̂)²
//   S11 = I / (I − 1)         · Σᵢ (V10(X_i·) − mᵢθ̂)(V01(Y_i·) − nᵢθ̂)
//   Var(θ̂) = S10/M + S01/N + 2·S11/(M·N).
// For two scores a, b on the same rows every S becomes a cross-product of a's and b's residuals and
//   Cov(θ̂a, θ̂b) = S10ab/M + S01ab/N + (S11ab + S11ba)/(M·N),  S11ab = I/(I−1) Σᵢ rXᵢ(a)·rYᵢ(b).
// With every cluster of size 1, S11 = 0 and S10, S01 are DeLong's sample variances (denominators M − 1,
// N − 1): the result is classic DeLong (1988). Duplicating every row k times inside its cluster multiplies
// the residuals by k and M, N by k, leaving Var(θ̂) unchanged.

/// One score's cluster residuals rXᵢ = V10(X_i·) − mᵢθ̂ and rYᵢ = V01(Y_i·) − nᵢθ̂.
struct ClusterComponents: Sendable {
  let auc: Double
  let positiveResiduals: [Double]
  let negativeResiduals: [Double]

  init(scores: [Double], labels: [Bool], index: ClusterIndex) {
    let placement = PlacementValues(scores: scores, labels: labels)
    let sums = index.sums(placement.values, labels: labels)
    let theta = placement.auc
    auc = theta
    positiveResiduals = (0..<index.count).map { sums.positive[$0] - Double(index.positivesIn[$0]) * theta }
    negativeResiduals = (0..<index.count).map { sums.negative[$0] - Double(index.negativesIn[$0]) * theta }
  }
}

/// Obuchowski's S10, S01, S11 (cross-products of scores a and b; a = b gives the variance terms).
struct ObuchowskiTerms: Sendable, Equatable {
  let s10: Double, s01: Double, s11ab: Double, s11ba: Double
  let positives: Double, negatives: Double

  init(_ a: ClusterComponents, _ b: ClusterComponents, index: ClusterIndex) {
    func dot(_ x: [Double], _ y: [Double]) -> Double {
      var s = 0.0
      for i in x.indices { s += x[i] * y[i] }
      return s
    }
    let m = Double(index.positivesIn.reduce(0, +)), n = Double(index.negativesIn.reduce(0, +))
    let i10 = Double(index.clustersWithPositives), i01 = Double(index.clustersWithNegatives)
    let i = Double(index.count)
    s10 = i10 / ((i10 - 1) * m) * dot(a.positiveResiduals, b.positiveResiduals)
    s01 = i01 / ((i01 - 1) * n) * dot(a.negativeResiduals, b.negativeResiduals)
    s11ab = i / (i - 1) * dot(a.positiveResiduals, b.negativeResiduals)
    s11ba = i / (i - 1) * dot(b.positiveResiduals, a.negativeResiduals)
    positives = m
    negatives = n
  }

  /// Cov(θ̂a, θ̂b) = S10/M + S01/N + (S11ab + S11ba)/(M·N).
  var covariance: Double { s10 / positives + s01 / negatives + (s11ab + s11ba) / (positives * negatives) }
}
