import Foundation
import Privacy

/// Attribute inference and k-anonymity of an audit, as HTML.
func attributesAndUniqueness(_ audit: ReidentificationAudit) -> String {
  var h =
    "<h3>What the features reveal without a gallery</h3><table><tr><th class=l>attribute</th><th>from the features alone</th><th>for comparison</th><th>ECGs</th></tr>"
  if let sex = audit.attributes.sex {
    h += String(
      format: "<tr><td class=l>sex</td><td>AUROC <b>%.3f</b></td><td>0.5 without information</td><td>%d (%d male)</td></tr>", sex.auroc,
      sex.ecgCount, sex.maleCount)
  }
  if let age = audit.attributes.age {
    h += String(
      format: "<tr><td class=l>age</td><td>mean absolute error <b>%.1f</b> years</td><td>%.1f years predicting the median age</td><td>%d</td></tr>",
      age.meanAbsoluteError, age.baselineMeanAbsoluteError, age.ecgCount)
    h += String(
      format:
        "<tr><td class=l>age over 65</td><td>AUROC <b>%.3f</b> (predicted age as the score)</td><td>0.5 without information</td><td>%d</td></tr>",
      age.over65AUROC ?? .nan, age.ecgCount)
  }
  if audit.attributes.sex == nil && audit.attributes.age == nil {
    h += "<tr><td class=l colspan=4>" + escapeHTML(audit.attributes.notes.joined(separator: "; ")) + "</td></tr>"
  }
  h +=
    "</table><p class=muted>XGBoost with patient-grouped cross-validation: every ECG is predicted by a model that saw none of its patient's ECGs.</p>"
  let k = audit.kAnonymity
  h += "<h3>Uniqueness</h3><p>Over "
  h += zip(k.quasiIdentifiers, k.steps).map { name, step in
    "<code>\(escapeHTML(name))</code>" + (step > 0 ? " (step \(String(format: "%g", step)))" : "")
  }.joined(separator: ", ")
  h += String(
    format: ": <b>%.1f %%</b> of ECGs are unique (k = 1) and %.1f %% are in a group of fewer than 5 (Sweeney 2002).", 100 * k.report.uniqueFraction,
    100 * k.report.belowFiveFraction)
  if let demo = k.demographicsOnly {
    h += String(format: " Age and sex alone make %.1f %% unique.", 100 * demo.uniqueFraction)
  }
  return h + "</p>"
}

/// The mitigation table: identification left and utility cost of each transformation.
func mitigationTable(_ audit: ReidentificationAudit) -> String {
  let base = audit.mitigations.first { $0.mitigation == .original }
  var h = "<h3>Mitigation: identification left and utility cost</h3>"
  h += "<p class=muted>Each transformation is applied to every ECG's features, then the same attacks are run and the target"
  h += " \(audit.targetName.map { "<code>\(escapeHTML($0))</code>" } ?? "(none given)") is trained and tested on the transformed table with the same"
  h += " patient-grouped folds (paired). Coarsening rounds each feature with a unit to its step; top/bottom coding clamps each"
  h += " feature at its quantiles; noise adds a Gaussian of the stated fraction of each feature's SD to every value.</p>"
  h +=
    "<table><tr><th>#</th><th class=l>mitigation</th><th>rank-1</th><th>change</th><th>rank-10</th><th>EER</th><th>learned rank-1</th><th>k = 1</th><th>target AUROC</th><th>change</th></tr>"
  for (i, m) in audit.mitigations.enumerated() {
    let dRank = base.map { m.euclidean.rank1 - $0.euclidean.rank1 }
    let dAUROC = m.targetAUROC.flatMap { a in base?.targetAUROC.map { a - $0 } }
    h += "<tr><td>\(i + 1)</td><td class=l>\(escapeHTML(m.mitigation.label))</td>"
    h += String(
      format: "<td><b>%.4f</b></td><td>%@</td><td>%.4f</td><td>%.3f</td>", m.euclidean.rank1, signed(dRank, 4), m.euclidean.rank10,
      m.euclidean.equalErrorRate?.rate ?? .nan)
    h += String(
      format: "<td>%@</td><td>%.1f %%</td><td>%@</td><td>%@</td></tr>", m.learnedRank1.map { String(format: "%.4f", $0) } ?? "",
      100 * m.kAnonymity.uniqueFraction,
      m.targetAUROC.map { String(format: "<b>%.3f</b>", $0) } ?? "", signed(dAUROC, 3))
  }
  return h + "</table>"
}

/// "+0.012", "-0.300", or "" for nil.
private func signed(_ x: Double?, _ digits: Int) -> String {
  guard let x, x.isFinite else { return "" }
  return String(format: "%+.\(digits)f", x)
}
