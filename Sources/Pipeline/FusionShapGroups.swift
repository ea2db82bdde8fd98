import Modelling
import Tables

/// A combined model's mean |SHAP| by feature group: for each group, the sum over its features in the
/// model of the feature's mean |SHAP| (`importance`, log-odds over the test rows), and its share of the
/// sum over all the model's features. A feature listed in two groups counts for the first. With SHAP
/// values additive per row, the shares say how much of the model's explanation (the average size of
/// its per-feature attributions) each group carries; they are not a test of added value (see the
/// paired comparisons).
///
/// - Throws: `PipelineError.invalid` when a model feature is in no group.
func groupShares(
  importance: [(feature: String, gain: Double, meanAbsoluteSHAP: Double)], groups: [String], members: [[String]]
) throws -> [GroupShare] {
  var groupOf: [String: Int] = [:]
  for (g, columns) in members.enumerated() { for c in columns where groupOf[c] == nil { groupOf[c] = g } }
  var sums = [Double](repeating: 0, count: groups.count), counts = [Int](repeating: 0, count: groups.count)
  for row in importance {
    guard let g = groupOf[row.feature] else {
      throw PipelineError.invalid(file: "importance.csv", reason: "feature \(row.feature) belongs to no fusion group")
    }
    sums[g] += row.meanAbsoluteSHAP.isNaN ? 0 : row.meanAbsoluteSHAP
    counts[g] += 1
  }
  let total = sums.reduce(0, +)
  return groups.indices.map {
    GroupShare(group: groups[$0], features: counts[$0], meanAbsoluteSHAP: sums[$0], share: total > 0 ? sums[$0] / total : .nan)
  }
}

extension FusionAnalysis {
  /// `fusion-shap-groups.csv`: one row per target, learner and group of the early-fusion model.
  public var groupSharesCSV: String {
    var text = "target,learner,model,group,features_in_model,mean_abs_shap_sum,share\n"
    for t in targets {
      for s in t.groupShares ?? [] {
        text += csvLine([
          t.target, (t.learner ?? .trees).rawValue, t.sharesModel ?? "", s.group, String(s.features),
          formatCell(s.meanAbsoluteSHAP), formatCell(s.share),
        ])
      }
    }
    return text
  }

  /// One console line per target with group shares: "SHAP by group (MODEL, mean |SHAP| ...)".
  func groupSharesLine(_ t: FusionTarget) -> String? {
    guard let shares = t.groupShares, let model = t.sharesModel else { return nil }
    let cells = shares.map { s in
      "\(s.group) \(s.share.isNaN ? "-" : String(format: "%.1f %%", 100 * s.share)) (\(s.features) features)"
    }
    return "  SHAP by group (\(model), share of mean |SHAP| on the test rows): " + cells.joined(separator: ", ")
  }
}
