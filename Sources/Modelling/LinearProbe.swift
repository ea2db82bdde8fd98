import Core
import Foundation
import Statistics

/// Which learner fits a study variant: gradient-boosted trees (XGBoost) or the linear probe.
public enum Learner: String, Sendable, Codable, CaseIterable {
  /// XGBoost trees with early stopping and, in studies with `rfe`, recursive feature elimination.
  case trees
  /// L2-regularised logistic regression on standardised features (`LinearProbe`), the way
  /// representation-learning papers evaluate an embedding (a "linear probe").
  case linear
}

extension FeatureVariant {
  /// The suffix of a variant fitted by the linear probe: `ecg+linear` has the features of `ecg`.
  public static let linearSuffix = "+linear"

  /// The learner this variant is fitted with: `.linear` for names ending in `+linear`.
  public var learner: Learner { rawValue.hasSuffix(Self.linearSuffix) ? .linear : .trees }

  /// The variant whose features this one uses (itself for trees, the name without `+linear`).
  public var featureVariant: FeatureVariant {
    learner == .linear ? FeatureVariant(String(rawValue.dropLast(Self.linearSuffix.count))) : self
  }

  /// The same features fitted with `learner`.
  public func with(_ learner: Learner) -> FeatureVariant {
    learner == .linear ? FeatureVariant(featureVariant.rawValue + Self.linearSuffix) : featureVariant
  }
}

/// A fitted linear probe: P(y = 1) = σ(β₀ + Σ βⱼ zⱼ) with zⱼ = (xⱼ − meanⱼ) / scaleⱼ, the feature
/// standardised with the training rows' mean and sample standard deviation; a missing value (NaN) is
/// imputed with the training mean (zⱼ = 0), and a feature constant in training has scale 0 and zⱼ = 0.
///
/// Fitted by maximum likelihood with the penalty Σβⱼ² / (2C) (not on the intercept), which is
/// scikit-learn's `LogisticRegression(C=C)` on standardised inputs; `fitLogistic` solves it by
/// Newton-Raphson. SHAP values under feature independence with the training rows as background
/// (Lundberg & Lee, NeurIPS 2017, linear models): φⱼ = βⱼ·zⱼ = βⱼ/scaleⱼ·(xⱼ − meanⱼ), in log-odds.
public struct LinearProbe: Sendable, Codable, Equatable {
  /// Always "linear-probe": tells a stored probe from an XGBoost model.
  public var kind = "linear-probe"
  public let features: [String]
  /// Training mean and sample standard deviation of each feature, in the feature's unit.
  public let means: [Double]
  public let scales: [Double]
  /// β₀ (log-odds).
  public let intercept: Double
  /// βⱼ, log-odds per training standard deviation of feature j.
  public let coefficients: [Double]
  /// The inverse regularisation strength C.
  public let inverseRegularisation: Double

  /// Standardises one value of feature `j`.
  public func standardised(_ x: Double, feature j: Int) -> Double {
    x.isNaN || scales[j] == 0 ? 0 : (x - means[j]) / scales[j]
  }

  /// Log-odds of one row (`x`: one value per feature, NaN for missing).
  public func margin(_ x: [Double]) -> Double {
    var eta = intercept
    for j in features.indices { eta += coefficients[j] * standardised(x[j], feature: j) }
    return eta
  }

  /// P(y = 1) of one row.
  public func probability(_ x: [Double]) -> Double { 1 / (1 + exp(-margin(x))) }

  /// SHAP values of one row, log-odds, one per feature; they sum to `margin(x) - intercept`.
  public func contributions(_ x: [Double]) -> [Double] {
    features.indices.map { coefficients[$0] * standardised(x[$0], feature: $0) }
  }

  /// Fits the probe on training columns (one array of values per feature, NaN for missing).
  ///
  /// - Parameter inverseRegularisation: C > 0; the penalty is Σβⱼ² / (2C).
  /// - Returns: nil without both classes or when the fit fails (see `fitLogistic`).
  public static func fit(
    features: [String], columns: [[Double]], labels: [Bool], inverseRegularisation c: Double
  ) -> LinearProbe? {
    guard c > 0, columns.count == features.count else { return nil }
    var means: [Double] = [], scales: [Double] = []
    for column in columns {
      let present = column.filter { !$0.isNaN }
      let m = present.isEmpty ? 0 : mean(present)
      let s = present.count > 1 ? standardDeviation(present) : 0
      means.append(m)
      scales.append(s.isFinite && s > 0 ? s : 0)
    }
    let standardisedColumns = columns.indices.map { j in
      columns[j].map { $0.isNaN || scales[j] == 0 ? 0 : ($0 - means[j]) / scales[j] }
    }
    guard let model = fitLogistic(columns: standardisedColumns, labels: labels, ridge: 1 / (2 * c)) else { return nil }
    return LinearProbe(
      features: features, means: means, scales: scales, intercept: model.coefficients[0],
      coefficients: Array(model.coefficients.dropFirst()), inverseRegularisation: c)
  }

  /// The probe as JSON bytes (`model.json` of a linear-probe variant).
  public func serialized() throws -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return [UInt8](try encoder.encode(self))
  }

  /// Reads a probe written by `serialized()`; nil when the bytes are not one (an XGBoost model).
  public static func decode(_ bytes: [UInt8]) -> LinearProbe? {
    guard let probe = try? JSONDecoder().decode(LinearProbe.self, from: Data(bytes)), probe.kind == "linear-probe" else {
      return nil
    }
    return probe
  }
}
