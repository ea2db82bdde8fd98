// DeLong ER, DeLong DM, Clarke-Pearson DL. Biometrics 44:837-845, 1988 (independent rows), and its
// extension to clustered rows: Obuchowski NA. Nonparametric analysis of clustered ROC curve data.
// Biometrics 53:567-578, 1997. One implementation serves both: without patients every row is its own
// cluster, and Obuchowski's variance is then exactly DeLong's (formula in ObuchowskiTerms.swift).

/// How an AUROC interval or test accounts for the rows' dependence.
public enum AUROCMethod: String, Sendable, Codable, CaseIterable {
  /// Obuchowski (1997): the structural components are summed per patient, so a patient's ECGs count as
  /// one unit. The default wherever a patient column exists.
  case clusteredDeLong = "clustered DeLong (Obuchowski 1997)"
  /// DeLong (1988): every row independent (no patient column, or `--unit ecg`).
  case deLong = "DeLong (1988)"

  /// A short label for table headers: "clustered DeLong" or "DeLong".
  public var shortName: String { self == .clusteredDeLong ? "clustered DeLong" : "DeLong" }
}

/// An AUROC with its DeLong variance and normal-approximation confidence interval.
public struct AUROCEstimate: Sendable, Equatable, Codable {
  public let auc: Double
  public let variance: Double
  /// Normal-approximation interval auc ± z·√variance, clipped to [0, 1].
  public let lower: Double
  public let upper: Double
  /// How the variance treats the rows.
  public let method: AUROCMethod
  /// Units of the variance: patients (clustered) or rows (classic).
  public let clusters: Int
}

/// A comparison of two AUROCs.
public struct AUROCComparison: Sendable, Equatable, Codable {
  public let a: AUROCEstimate
  public let b: AUROCEstimate
  /// AUC_B − AUC_A.
  public let difference: Double
  public let standardError: Double
  /// difference / standardError.
  public let z: Double
  /// Two-sided p-value of "the AUROCs are equal".
  public let pValue: Double
  /// Normal-approximation confidence interval of the difference.
  public let lower: Double
  public let upper: Double
  public var method: AUROCMethod { a.method == .clusteredDeLong || b.method == .clusteredDeLong ? .clusteredDeLong : .deLong }
}

/// The cluster design: patients when given, else one cluster per row. Nil when positives or negatives
/// lie in fewer than two clusters (the variance is undefined).
func aurocDesign(labels: [Bool], clusters: [String]?) -> (ClusterIndex, AUROCMethod)? {
  let index = clusters.map { ClusterIndex(ids: $0, labels: labels) } ?? ClusterIndex(singletonsFor: labels)
  guard index.clustersWithPositives >= 2, index.clustersWithNegatives >= 2 else { return nil }
  return (index, clusters == nil ? .deLong : .clusteredDeLong)
}

func estimate(
  _ c: ClusterComponents, variance v: Double, index: ClusterIndex, method: AUROCMethod, confidence: Double
)
  -> AUROCEstimate
{
  let h = normalQuantile(0.5 + confidence / 2) * max(0, v).squareRoot()
  return AUROCEstimate(
    auc: c.auc, variance: v, lower: max(0, c.auc - h), upper: min(1, c.auc + h), method: method, clusters: index.count)
}

/// One AUROC with its DeLong variance and interval: clustered by patient (Obuchowski 1997) when
/// `clusters` is given, classic DeLong (1988) when it is nil. O(n log n) (one sort, as the fast
/// algorithm of Sun and Xu, IEEE Signal Processing Letters 21:1389, 2014).
///
/// - Parameter clusters: the patient of each row, or nil when rows are independent.
/// - Returns: nil unless positives and negatives each lie in at least two clusters (rows, without
///   patients).
public func delongAUROC(
  scores: [Double], labels: [Bool], clusters: [String]? = nil, confidence: Double = 0.95
) -> AUROCEstimate? {
  precondition(scores.count == labels.count && (clusters?.count ?? labels.count) == labels.count)
  guard let (index, method) = aurocDesign(labels: labels, clusters: clusters) else { return nil }
  let c = ClusterComponents(scores: scores, labels: labels, index: index)
  let v = ObuchowskiTerms(c, c, index: index).covariance
  return estimate(c, variance: v, index: index, method: method, confidence: confidence)
}

func comparison(_ a: AUROCEstimate, _ b: AUROCEstimate, variance: Double, confidence: Double) -> AUROCComparison {
  let d = b.auc - a.auc
  let se = max(0, variance).squareRoot()
  let z = se > 0 ? d / se : (d == 0 ? 0 : d.sign == .minus ? -.infinity : .infinity)
  let h = normalQuantile(0.5 + confidence / 2) * se
  return AUROCComparison(
    a: a, b: b, difference: d, standardError: se, z: z, pValue: 2 * normalCDF(-abs(z)),
    lower: d - h, upper: d + h)
}

/// DeLong's test for two correlated AUROCs: two models scored on the same rows. Var(B − A) =
/// Var(A) + Var(B) − 2 Cov(A, B) from the structural components, summed per patient when `clusters`
/// is given (Obuchowski 1997, two-modality case), per row otherwise (DeLong 1988).
///
/// - Returns: nil unless positives and negatives each lie in at least two clusters.
public func delongTest(
  labels: [Bool], a: [Double], b: [Double], clusters: [String]? = nil, confidence: Double = 0.95
) -> AUROCComparison? {
  precondition(a.count == labels.count && b.count == labels.count && (clusters?.count ?? labels.count) == labels.count)
  guard let (index, method) = aurocDesign(labels: labels, clusters: clusters) else { return nil }
  let ca = ClusterComponents(scores: a, labels: labels, index: index)
  let cb = ClusterComponents(scores: b, labels: labels, index: index)
  let va = ObuchowskiTerms(ca, ca, index: index).covariance, vb = ObuchowskiTerms(cb, cb, index: index).covariance
  let cab = ObuchowskiTerms(ca, cb, index: index).covariance
  return comparison(
    estimate(ca, variance: va, index: index, method: method, confidence: confidence),
    estimate(cb, variance: vb, index: index, method: method, confidence: confidence),
    variance: va + vb - 2 * cab, confidence: confidence)
}

/// Compares AUROCs of two independent cohorts (e.g. internal vs external validation):
/// Var(B − A) = Var(A) + Var(B), each cohort's variance from `delongAUROC` (clustered by its own
/// patients when they are given).
public func unpairedAUROCTest(
  labelsA: [Bool], scoresA: [Double], clustersA: [String]? = nil, labelsB: [Bool], scoresB: [Double],
  clustersB: [String]? = nil, confidence: Double = 0.95
) -> AUROCComparison? {
  guard let a = delongAUROC(scores: scoresA, labels: labelsA, clusters: clustersA, confidence: confidence),
    let b = delongAUROC(scores: scoresB, labels: labelsB, clusters: clustersB, confidence: confidence)
  else { return nil }
  return comparison(a, b, variance: a.variance + b.variance, confidence: confidence)
}
