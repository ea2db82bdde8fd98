import Foundation

extension ReidentificationAudit {
  /// The audit as plain-text lines, for a command's standard output and the validation records.
  public func summaryLines() -> [String] {
    let d = linkage.design, s = linkage.summary, iv = linkage.intervals
    var lines = [
      "\(source): \(ecgCount) ECGs of \(patientCount) patients, \(repeatPatientCount) with two or more ECGs;"
        + " \(linkage.featuresUsed.count) features used"
        + (linkage.featuresDropped.isEmpty ? "" : " (constant in the gallery: \(linkage.featuresDropped.joined(separator: ", ")))")
        + (duplicateColumns.isEmpty ? "" : "; \(duplicateColumns.count) copies of other columns left out")
    ]
    var design = "design: gallery \(d.galleryRows.count) ECGs (\(d.distractorCount) single-ECG distractors), \(s.probeCount) probes"
    if let g = linkage.timeGaps {
      design +=
        "; earliest ECG enrolled, gallery-to-probe gap median \(fixed(g.median, 1)) \(timeUnit ?? "")"
        + " (IQR \(fixed(g.lowerQuartile, 1))-\(fixed(g.upperQuartile, 1)))"
    } else {
      design += "; one ECG per patient enrolled at random (seeded)"
    }
    lines.append(design)
    lines.append(
      "linkage, Euclidean on gallery-standardised features: rank-1 \(fixed(s.rank1)) \(interval(iv?.rank1)),"
        + " rank-10 \(fixed(s.rank10)) \(interval(iv?.rank10)), EER \(fixed(s.equalErrorRate?.rate)) \(interval(iv?.equalErrorRate)),"
        + " chance rank-1 \(fixed(s.chanceRank1, 5)) (\(iv?.resamples ?? 0) patient-bootstrap resamples)")
    if let m = learnedMetric {
      lines.append(
        "linkage, learned metric (Mahalanobis fitted on the other half of the patients): rank-1 \(fixed(m.mahalanobis.rank1))"
          + " \(interval(m.mahalanobisIntervals?.rank1)), rank-10 \(fixed(m.mahalanobis.rank10)),"
          + " EER \(fixed(m.mahalanobis.equalErrorRate?.rate)), chance \(fixed(m.mahalanobis.chanceRank1, 5));"
          + " Euclidean on the same halves: rank-1 \(fixed(m.euclidean.rank1)); shrinkage per half \(m.halves.map { fixed($0.shrinkage, 2) }.joined(separator: ", "))"
      )
    }
    lines.append(
      "negative control, patient ids permuted: rank-1 \(fixed(permuted.rank1, 5)) (chance \(fixed(permuted.chanceRank1, 5))),"
        + " rank-10 \(fixed(permuted.rank10, 4)), EER \(fixed(permuted.equalErrorRate?.rate))")
    lines.append(
      "gallery growth (closed set, rank-1 mean ± SD over draws): "
        + galleryGrowth.map {
          "\($0.enrolled) patients \(fixed($0.meanRank1))\($0.draws > 1 ? " ± \(fixed($0.sdRank1))" : "") (chance \(fixed($0.chanceRank1, 4)))"
        }.joined(separator: "; "))
    let ranked = attribution.groups.sorted { $0.dropImportance + $0.permutationImportance > $1.dropImportance + $1.permutationImportance }
    lines.append(
      "feature groups, rank-1 lost without / with permuted group (baseline \(fixed(attribution.baselineRank1))): "
        + ranked.map { "\($0.group) (\($0.columns.count)) \(fixed($0.dropImportance)) / \(fixed($0.permutationImportance))" }
        .joined(separator: "; "))
    let attributeLine = "attributes from the features alone (patient-grouped cross-validation, XGBoost): "
    var parts: [String] = []
    if let sex = attributes.sex { parts.append("sex AUROC \(fixed(sex.auroc)) (\(sex.ecgCount) ECGs, \(sex.maleCount) male)") }
    if let age = attributes.age {
      parts.append(
        "age MAE \(fixed(age.meanAbsoluteError, 1)) years (no-feature baseline \(fixed(age.baselineMeanAbsoluteError, 1))),"
          + " AUROC for age over 65 \(fixed(age.over65AUROC))")
    }
    lines.append(attributeLine + (parts.isEmpty ? "none (\(attributes.notes.joined(separator: "; ")))" : parts.joined(separator: "; ")))
    let k = kAnonymity
    lines.append(
      "k-anonymity over \(k.quasiIdentifiers.joined(separator: ", ")) at \(ReleaseSteps.release.label)"
        + (k.quasiIdentifiers.contains("age") ? ", whole years:" : ":")
        + " k = 1 for \(percent(k.report.uniqueFraction)), k < 5 for \(percent(k.report.belowFiveFraction))"
        + (k.demographicsOnly.map { "; age and sex alone: k = 1 for \(percent($0.uniqueFraction))" } ?? ""))
    lines.append("mitigation                                        rank-1  rank-10  EER    learned  k=1      \(targetName ?? "target") AUROC")
    let base = mitigations.first { $0.mitigation == .original }?.targetAUROC
    for m in mitigations {
      let change = m.targetAUROC.flatMap { a in base.map { a - $0 } }
      let name = m.mitigation.label.padding(toLength: 48, withPad: " ", startingAt: 0)
      lines.append(
        "  \(name)  \(fixed(m.euclidean.rank1))   \(fixed(m.euclidean.rank10))   \(fixed(m.euclidean.equalErrorRate?.rate))  "
          + "\(fixed(m.learnedRank1))   \(percent(m.kAnonymity.uniqueFraction).padding(toLength: 7, withPad: " ", startingAt: 0))  "
          + "\(fixed(m.targetAUROC))\(change.map { " (\($0 >= 0 ? "+" : "")\(fixed($0)))" } ?? "")")
    }
    lines += notes.map { "note: \($0)" }
    return lines
  }
}

/// A fixed-point number, "-" for nil or NaN.
func fixed(_ x: Double?, _ digits: Int = 3) -> String {
  guard let x, x.isFinite else { return "-" }
  return String(format: "%.\(digits)f", x)
}

/// "[lower, upper]", or "" without an interval.
func interval(_ i: PercentileInterval?) -> String {
  guard let i else { return "" }
  return "[\(fixed(i.lower)), \(fixed(i.upper))]"
}

/// A fraction as a percentage with one decimal.
func percent(_ x: Double) -> String { x.isFinite ? String(format: "%.1f %%", 100 * x) : "-" }
