import Foundation

/// Net reclassification improvement and integrated discrimination improvement of a new model
/// over a base model scored on the same rows (Pencina et al., Statistics in Medicine 2008 and
/// 2011).
public struct Reclassification: Sendable, Equatable, Codable {
  /// Events: (moved up − moved down) / events. Non-events: (moved down − moved up) / non-events.
  public let nriEvents: Double
  public let nriNonEvents: Double
  public var nri: Double { nriEvents + nriNonEvents }
  /// Asymptotic standard error and two-sided p-value of the NRI (Pencina 2008, eq. 5 and 6).
  public let nriStandardError: Double
  public let nriPValue: Double
  /// IDI = (mean new − mean base) over events − the same over non-events.
  public let idi: Double
  public let idiStandardError: Double
  public let idiPValue: Double
  /// Nil for the continuous (category-free) NRI.
  public let thresholds: [Double]?
}

/// Computes NRI and IDI, optionally with row weights (integer weights = repeated rows; used by
/// the bootstrap).
///
/// - Parameter thresholds: risk-category cut points for the categorical NRI (a row moves up
///   when its new category is higher); nil for the continuous NRI (moves up when p_new > p_base).
/// - Returns: nil when there are no events or no non-events.
public func reclassification(
  labels: [Bool], base: [Double], new: [Double], thresholds: [Double]? = nil, weights: [Double]? = nil
) -> Reclassification? {
  precondition(base.count == labels.count && new.count == labels.count)
  let cuts = thresholds?.sorted()
  func category(_ p: Double) -> Int { cuts!.reduce(0) { $0 + (p >= $1 ? 1 : 0) } }
  var n = [0.0, 0.0], up = [0.0, 0.0], down = [0.0, 0.0]
  var sumD = [0.0, 0.0], sumD2 = [0.0, 0.0]
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
  }
  guard n[0] > 0, n[1] > 0 else { return nil }
  let nriE = (up[0] - down[0]) / n[0], nriN = (down[1] - up[1]) / n[1]
  func nriVariance(_ g: Int) -> Double {
    (up[g] + down[g]) / (n[g] * n[g]) - (up[g] - down[g]) * (up[g] - down[g]) / (n[g] * n[g] * n[g])
  }
  let nriSE = max(0, nriVariance(0) + nriVariance(1)).squareRoot()
  let meanD = [sumD[0] / n[0], sumD[1] / n[1]]
  func meanVariance(_ g: Int) -> Double {
    guard n[g] > 1 else { return 0 }
    return (sumD2[g] - n[g] * meanD[g] * meanD[g]) / (n[g] - 1) / n[g]
  }
  let idi = meanD[0] - meanD[1]
  let idiSE = max(0, meanVariance(0) + meanVariance(1)).squareRoot()
  func p(_ x: Double, _ se: Double) -> Double { se > 0 ? 2 * normalCDF(-abs(x / se)) : (x == 0 ? 1 : 0) }
  return Reclassification(
    nriEvents: nriE, nriNonEvents: nriN, nriStandardError: nriSE, nriPValue: p(nriE + nriN, nriSE),
    idi: idi, idiStandardError: idiSE, idiPValue: p(idi, idiSE), thresholds: cuts)
}
