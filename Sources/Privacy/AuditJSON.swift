import Foundation

extension ReidentificationAudit {
  /// The audit as JSON (keys sorted, NaN and unavailable figures as null). Keys:
  ///
  /// - counts: `n_ecgs`, `n_patients`, `n_patients_with_repeats`, `n_gallery` (probe-bearing
  ///   patients plus single-ECG distractors), `n_distractors`, `n_probes`, `features`,
  ///   `features_used`, `duplicate_columns`;
  /// - Euclidean attack: `rank1`, `rank1_ci`, `rank10`, `rank10_ci`, `eer`, `eer_ci` ([lower,
  ///   upper], 95 % patient bootstrap), `chance_rank1`, `bootstrap_resamples`, `cmc` (first 100
  ///   ranks), `time_gap` ({median, q1, q3, unit}, null without times);
  /// - `rank1_permuted`, `rank10_permuted`, `eer_permuted`, `chance_rank1_permuted`: negative control;
  /// - `learned_metric`: {rank1, rank1_ci, rank10, eer, chance_rank1, euclidean_same_halves_rank1,
  ///   shrinkage}, null when off;
  /// - `gallery_growth`: [{enrolled, draws, rank1_mean, rank1_sd, chance_rank1}];
  /// - `group_importance`: {group: {drop, permutation, rank1_without, permuted_rank1, features}} and
  ///   `group_importance_baseline_rank1`;
  /// - `sex_auroc`, `age_mae`, `age_mae_baseline`, `age_over65_auroc`;
  /// - `k1_fraction`, `k_below5_fraction`, `k_anonymity` ({quasi_identifiers, steps,
  ///   k1_fraction_age_sex_only, classes});
  /// - `target`, `mitigation`: [{name, rank1, rank10, eer, rank1_learned, k1_fraction,
  ///   target_auroc, target_auroc_change}]; `notes`.
  public func json() throws -> Data {
    let s = linkage.summary
    let iv = linkage.intervals
    var o: [String: Any] = [
      "source": source, "n_ecgs": ecgCount, "n_patients": patientCount, "n_patients_with_repeats": repeatPatientCount,
      "n_gallery": linkage.design.galleryRows.count, "n_distractors": linkage.design.distractorCount,
      "n_probes": s.probeCount, "features": featureNames, "features_used": linkage.featuresUsed,
      "duplicate_columns": duplicateColumns.map { ["dropped": $0.dropped, "keeps": $0.keeps] },
      "rank1": number(s.rank1), "rank10": number(s.rank10), "eer": number(s.equalErrorRate?.rate),
      "chance_rank1": number(s.chanceRank1), "rank1_ci": pair(iv?.rank1), "rank10_ci": pair(iv?.rank10),
      "eer_ci": pair(iv?.equalErrorRate), "bootstrap_resamples": iv?.resamples ?? 0,
      "cmc": s.cmc.prefix(100).map { number($0) },
      "rank1_permuted": number(permuted.rank1), "rank10_permuted": number(permuted.rank10),
      "eer_permuted": number(permuted.equalErrorRate?.rate), "chance_rank1_permuted": number(permuted.chanceRank1),
      "sex_auroc": number(attributes.sex?.auroc), "age_mae": number(attributes.age?.meanAbsoluteError),
      "age_mae_baseline": number(attributes.age?.baselineMeanAbsoluteError),
      "age_over65_auroc": number(attributes.age?.over65AUROC),
      "k1_fraction": number(kAnonymity.report.uniqueFraction),
      "k_below5_fraction": number(kAnonymity.report.belowFiveFraction),
      "target": targetName.map { $0 as Any } ?? NSNull(), "notes": notes,
    ]
    o["time_gap"] =
      linkage.timeGaps.map { g -> Any in
        ["median": number(g.median), "q1": number(g.lowerQuartile), "q3": number(g.upperQuartile), "unit": timeUnit ?? ""]
      } ?? NSNull()
    o["learned_metric"] =
      learnedMetric.map { m -> Any in
        [
          "rank1": number(m.mahalanobis.rank1), "rank10": number(m.mahalanobis.rank10),
          "eer": number(m.mahalanobis.equalErrorRate?.rate), "chance_rank1": number(m.mahalanobis.chanceRank1),
          "rank1_ci": pair(m.mahalanobisIntervals?.rank1), "euclidean_same_halves_rank1": number(m.euclidean.rank1),
          "shrinkage": m.halves.map { number($0.shrinkage) },
        ]
      } ?? NSNull()
    o["gallery_growth"] = galleryGrowth.map {
      [
        "enrolled": $0.enrolled, "draws": $0.draws, "rank1_mean": number($0.meanRank1), "rank1_sd": number($0.sdRank1),
        "chance_rank1": number($0.chanceRank1),
      ] as [String: Any]
    }
    var groups: [String: Any] = [:]
    for g in attribution.groups {
      groups[g.group] = [
        "drop": number(g.dropImportance), "permutation": number(g.permutationImportance),
        "rank1_without": number(g.rank1WithoutGroup), "permuted_rank1": number(g.permutedRank1Mean),
        "features": g.columns.map { featureNames[$0] },
      ]
    }
    o["group_importance"] = groups
    o["group_importance_baseline_rank1"] = number(attribution.baselineRank1)
    o["k_anonymity"] = [
      "quasi_identifiers": kAnonymity.quasiIdentifiers, "steps": kAnonymity.steps.map { number($0) },
      "k1_fraction_age_sex_only": number(kAnonymity.demographicsOnly?.uniqueFraction),
      "classes": kAnonymity.report.classCount,
    ]
    let baseAUROC = mitigations.first { $0.mitigation == .original }?.targetAUROC
    o["mitigation"] = mitigations.map { m -> [String: Any] in
      [
        "name": m.mitigation.label, "rank1": number(m.euclidean.rank1), "rank10": number(m.euclidean.rank10),
        "eer": number(m.euclidean.equalErrorRate?.rate), "rank1_learned": number(m.learnedRank1),
        "k1_fraction": number(m.kAnonymity.uniqueFraction), "target_auroc": number(m.targetAUROC),
        "target_auroc_change": number(m.targetAUROC.flatMap { a in baseAUROC.map { a - $0 } }),
      ]
    }
    return try JSONSerialization.data(withJSONObject: o, options: [.prettyPrinted, .sortedKeys])
  }
}

/// A JSON number, or null for nil and NaN (JSON has no NaN).
private func number(_ x: Double?) -> Any {
  guard let x, x.isFinite else { return NSNull() }
  return x
}

/// [lower, upper] of an interval, or null.
private func pair(_ i: PercentileInterval?) -> Any {
  guard let i else { return NSNull() }
  return [number(i.lower), number(i.upper)]
}
