import Foundation

/// Net reclassification improvement and integrated discrimination improvement of a new model
/// over a base model scored on the same rows (Pencina et al., Statistics in Medicine 27:157, 2008
/// and 30:11, 2011).
public struct Reclassification: Sendable, Equatable, Codable {
  /// How the standard errors treat the rows.
  public enum Method: String, Sendable, Codable {
    /// Patients as independent units: the ratio estimators' Taylor-linearised variance summed per
    /// patient, times C/(C − 1) (Cochran, Sampling Techniques, 3rd ed. 1977, ch. 6).
    case clustered = "cluster-robust (patients)"
    /// Rows as independent units: Pencina (2008) asymptotic standard errors.
    case pencina = "Pencina (2008)"
  }
  /// Events: (moved up − moved down) / events. Non-events: (moved down − moved up) / non-events.
  public let nriEvents: Double
  public let nriNonEvents: Double
  public var nri: Double { nriEvents + nriNonEvents }
  /// Standard error and two-sided p-value of the NRI.
  public let nriStandardError: Double
  public let nriPValue: Double
  /// IDI = (mean new − mean base) over events − the same over non-events.
  public let idi: Double
  public let idiStandardError: Double
  public let idiPValue: Double
  /// Nil for the continuous (category-free) NRI.
  public let thresholds: [Double]?
  public let method: Method
}

/// Computes NRI and IDI, optionally with row weights (integer weights = repeated rows; used by
/// the bootstrap).
///
/// Standard errors. Without `clusters`, Pencina (2008, eq. 5 and 6): Var(NRI) = Σ_g [(u_g + d_g)/n_g²
/// − (u_g − d_g)²/n_g³] over events and non-events (u, d: rows moved up and down), Var(IDI) = v_E/E +
/// v_F/F with v the sample variance of p_new − p_base. With `clusters` (patients), each measure is a
/// ratio of sums over patients c (a_c = Σ_events move, e_c events, b_c = Σ_nonevents (−move), f_c
/// non-events, s_c and t_c the sums of p_new − p_base over events and non-events), linearised:
///
///     u_c(NRI) = (a_c − NRI_events·e_c) / Σe + (b_c − NRI_nonevents·f_c) / Σf
///     u_c(IDI) = (s_c − IDI_events·e_c) / Σe − (t_c − IDI_nonevents·f_c) / Σf
///     Var = C / (C − 1) · Σ_c u_c²
///
/// so a patient's ECGs count as one unit and duplicating rows within patients changes nothing. With
/// one row per patient this is Pencina's variance times C/(C − 1) (NRI) and within O(1/C) of it (IDI).
///
/// - Parameters:
///   - thresholds: risk-category cut points for the categorical NRI (a row moves up when its new
///     category is higher); nil for the continuous NRI (moves up when p_new > p_base).
///   - clusters: the patient of each row, or nil for independent rows.
/// - Returns: nil when there are no events or no non-events (or, with patients, fewer than two).
public func reclassification(
  labels: [Bool], base: [Double], new: [Double], thresholds: [Double]? = nil, weights: [Double]? = nil,
  clusters: [String]? = nil
) -> Reclassification? {
  precondition(base.count == labels.count && new.count == labels.count && (clusters?.count ?? labels.count) == labels.count)
  let cuts = thresholds?.sorted()
  func category(_ p: Double) -> Int { cuts!.reduce(0) { $0 + (p >= $1 ? 1 : 0) } }
  let index = clusters.map { ClusterIndex(ids: $0, labels: labels) }
  let units = index?.count ?? 0
  // Per group (0 events, 1 non-events): weight, up, down, Σd, Σd²; per patient: e, a, s, f, b, t.
  var n = [0.0, 0.0], up = [0.0, 0.0], down = [0.0, 0.0], sumD = [0.0, 0.0], sumD2 = [0.0, 0.0]
  var perPatient = [[Double]](repeating: [Double](repeating: 0, count: units), count: 6)
  for i in labels.indices {
    let w = weights?[i] ?? 1
    guard w > 0 else { continue }
    let g = labels[i] ? 0 : 1
    n[g] += w
    let moved: Int
    if cuts != nil { moved = category(new[i]) - category(base[i]) } else { moved = new[i] > base[i] ? 1 : new[i] < base[i] ? -1 : 0 }
    if moved > 0 { up[g] += w } else if moved < 0 { down[g] += w }
    let d = new[i] - base[i]
    sumD[g] += w * d
    sumD2[g] += w * d * d
    if let index {
      let c = index.clusterOfRow[i], sign = moved > 0 ? 1.0 : moved < 0 ? -1.0 : 0
      perPatient[3 * g][c] += w
      perPatient[3 * g + 1][c] += w * (g == 0 ? sign : -sign)
      perPatient[3 * g + 2][c] += w * d
    }
  }
  guard n[0] > 0, n[1] > 0, index == nil || units >= 2 else { return nil }
  let nriE = (up[0] - down[0]) / n[0], nriN = (down[1] - up[1]) / n[1]
  let meanD = [sumD[0] / n[0], sumD[1] / n[1]]
  let nriSE: Double, idiSE: Double
  if index != nil {
    var nriSquares = 0.0, idiSquares = 0.0
    for c in 0..<units {
      let (e, a, s, f, b, t) = (perPatient[0][c], perPatient[1][c], perPatient[2][c], perPatient[3][c], perPatient[4][c], perPatient[5][c])
      let u = (a - nriE * e) / n[0] + (b - nriN * f) / n[1]
      let v = (s - meanD[0] * e) / n[0] - (t - meanD[1] * f) / n[1]
      nriSquares += u * u
      idiSquares += v * v
    }
    let factor = Double(units) / Double(units - 1)
    nriSE = (factor * nriSquares).squareRoot()
    idiSE = (factor * idiSquares).squareRoot()
  } else {
    func nriVariance(_ g: Int) -> Double {
      (up[g] + down[g]) / (n[g] * n[g]) - (up[g] - down[g]) * (up[g] - down[g]) / (n[g] * n[g] * n[g])
    }
    func meanVariance(_ g: Int) -> Double {
      guard n[g] > 1 else { return 0 }
      return (sumD2[g] - n[g] * meanD[g] * meanD[g]) / (n[g] - 1) / n[g]
    }
    nriSE = max(0, nriVariance(0) + nriVariance(1)).squareRoot()
    idiSE = max(0, meanVariance(0) + meanVariance(1)).squareRoot()
  }
  let idi = meanD[0] - meanD[1]
  func p(_ x: Double, _ se: Double) -> Double { se > 0 ? 2 * normalCDF(-abs(x / se)) : (x == 0 ? 1 : 0) }
  return Reclassification(
    nriEvents: nriE, nriNonEvents: nriN, nriStandardError: nriSE, nriPValue: p(nriE + nriN, nriSE),
    idi: idi, idiStandardError: idiSE, idiPValue: p(idi, idiSE), thresholds: cuts,
    method: index == nil ? .pencina : .clustered)
}
