import Foundation
import Modelling
import Statistics

/// `path` relative to the folder `base` (`../data/features.csv`), so a report shows no path of the
/// machine that made it; a relative `path` is returned as is.
public func relativePath(_ path: String, from base: String) -> String {
  guard path.hasPrefix("/") else { return path }
  let target = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
  let origin = URL(fileURLWithPath: base).standardizedFileURL.pathComponents
  var common = 0
  while common < min(target.count, origin.count), target[common] == origin[common] { common += 1 }
  let ups = Array(repeating: "..", count: origin.count - common)
  let rest = ups + target[common...]
  return rest.isEmpty ? "." : rest.joined(separator: "/")
}

/// The methods paragraph, generated from `study.json`; every path is relative to the study folder.
func methodsParagraph(_ data: StudyReportData, unit: String, delong: AUROCMethod) -> String {
  let config = data.summary.configuration, folder = data.folder
  let o = config.options, p = o.parameters
  var h = "<h2>Methods</h2><p>"
  h +=
    "Rows of <code>\(escapeHTML(relativePath(config.table, from: folder)))</code>\(config.labels.isEmpty ? "" : " joined on <code>\(escapeHTML(config.idColumn))</code> with " + config.labels.map { "<code>\(escapeHTML(relativePath($0, from: folder)))</code>" }.joined(separator: ", ")) were split "
  if config.split.method.hasPrefix("patient") {
    h +=
      "into \(config.split.folds ?? 20) folds grouped by <code>\(escapeHTML(config.patientColumn))</code> (no patient in two folds) and stratified on every target, age quartile and sex (iterative stratification, seed \(config.split.seed ?? 0)); the last fold is the test partition, the one before it validation, the rest training. "
  } else {
    h +=
      "by the given fold column <code>\(escapeHTML(config.split.foldColumn ?? ""))</code> (validation folds \(config.split.validationFolds ?? []), test folds \(config.split.testFolds ?? [])), checked for patient leaks. "
  }
  h +=
    "Each target was modelled with gradient-boosted trees (XGBoost, binary:logistic, eta \(p.learningRate), max_depth \(p.maxDepth), tree_method \(p.treeMethod.rawValue), at most \(p.maxRounds) rounds, early stopping after \(p.earlyStoppingRounds) rounds without improvement of validation \(p.evalMetric.rawValue), missing values handled natively). "
  if o.rfe {
    h +=
      "Features were selected per target by recursive feature elimination: the feature with the lowest gain was removed one at a time, each subset scored by validation AUROC, keeping at least \(o.minimumECGFeatures) ECG features\(o.parsimonyTolerance.map { "; the smallest subset within \($0) of the best validation AUROC was kept" } ?? "; the best subset was kept"). "
  }
  if o.variants.contains(where: { $0.learner == .linear }) {
    h +=
      "Variants named NAME+linear were fitted instead by a linear probe: L2-regularised logistic regression on features standardised with the training rows' mean and standard deviation (missing values at the training mean), the inverse penalty C chosen from \(linearProbeGrid.map { "\($0)" }.joined(separator: ", ")) by validation AUROC, without feature elimination; its SHAP values are βⱼ·zⱼ (features independent, training rows as background). "
  }
  if !o.sexSpecific.isEmpty {
    h +=
      "Sex-specific targets ("
      + o.sexSpecific.sorted { $0.key < $1.key }.map { "\(escapeHTML($0.key)): \($0.value.rawValue)" }.joined(separator: ", ")
      + ") used that sex's rows only and no sex feature. "
  }
  h += "Targets with fewer than \(o.minimumPositives) positives or negatives in any partition were not trained. "
  h +=
    "On the test partition, AUROC intervals are percentile bootstraps over \(unit) (\(data.bootstrap.resamples) resamples, seed \(data.bootstrap.seed); resamples with one class were drawn again) and the normal approximation of \(delong == .clusteredDeLong ? "the clustered DeLong method (Obuchowski, Biometrics 1997: structural components summed per patient)" : "DeLong's method (DeLong et al., Biometrics 1988; ECGs independent)"); paired comparisons use the same DeLong form, and NRI and IDI p-values \(delong == .clusteredDeLong ? "cluster-robust (patient-level) standard errors" : "Pencina's (2008) standard errors"); calibration slopes come from logistic recalibration (Cox 1958), SHAP values from XGBoost's exact TreeSHAP in log-odds.</p>"
  return h
}
