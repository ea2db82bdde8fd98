import Modelling
import Statistics

/// The report's fusion section (`fusion.json`): per target, each model's AUROC with its intervals,
/// its paired comparison with the reference (risk-factor-only) model, continuous and categorical NRI
/// and IDI, the early-fusion model's mean |SHAP| by group, and the low / medium / high strata with n,
/// events, PPV and NPV and their intervals. Every interval and p-value names its method; with the linear
/// probe each target appears once per learner.
func fusionSection(_ f: FusionAnalysis) -> String {
  guard !f.targets.isEmpty else { return "" }
  var h = "<h2>Fusion: ECG and clinical risk factors</h2>"
  if f.targets.contains(where: { $0.learner == .linear }) {
    h +=
      "<p class=muted>Variants named NAME+linear are linear probes: L2-regularised logistic regression on the training "
      + "rows' standardised features (missing values at the training mean), C chosen on the validation partition.</p>"
  }
  let first = f.targets[0].models.first
  let delong = first?.auroc.method.rawValue ?? ""
  let unit = first?.aurocBootstrap?.unit.rawValue ?? "patient"
  let se = f.targets.flatMap(\.models).compactMap { $0.versusReference?.continuous.method.rawValue }.first ?? ""
  h +=
    "<p class=muted>Each feature group was trained alone; early fusion trains one model on every group's features; late fusion "
    + "combines the groups' models by a logistic model on their logits fitted on the validation partition (the test partition fits "
    + "nothing). On the test rows every model scored: AUROC with its \(escapeHTML(delong)) 95 % interval and percentile bootstrap "
    + "interval over \(unit)s; differences from the reference model by the paired \(escapeHTML(delong)) test; NRI and IDI p-values from "
    + "\(escapeHTML(se)) standard errors"
    + (f.thresholds.isEmpty ? "" : "; categorical NRI at risk thresholds \(f.thresholds.map { "\($0)" }.joined(separator: ", "))")
    + ". p-values are not adjusted for multiplicity.</p>"
  for t in f.targets {
    guard let m0 = t.models.first else { continue }
    h += "<h3>\(escapeHTML(t.target)) <span class=muted>(test: \(m0.rows) ECGs, \(m0.patients) patients, \(m0.positives) positives; "
    let learner = (t.learner ?? .trees) == .linear ? "linear probe; " : ""
    h += "\(learner)reference \(escapeHTML(t.reference)))</span></h3>"
    h += "<table><tr><th class=l>model</th><th>AUROC</th><th>\(escapeHTML(first?.auroc.method.shortName ?? "DeLong")) 95 % CI</th>"
    h += "<th>bootstrap 95 % CI</th><th>Δ AUROC vs reference (95 % CI)</th><th>p</th><th>continuous NRI (p)</th>"
    h += "<th>categorical NRI (p)</th><th>IDI (p)</th></tr>"
    for m in t.models {
      h += "<tr><td class=l>\(escapeHTML(m.model))</td>"
      h += String(format: "<td><b>%.3f</b></td><td>%.3f–%.3f</td>", m.auroc.auc, m.auroc.lower, m.auroc.upper)
      h += m.aurocBootstrap.map { String(format: "<td>%.3f–%.3f</td>", $0.percentileLower, $0.percentileUpper) } ?? "<td></td>"
      if let v = m.versusReference {
        h += String(
          format: "<td>%+.3f (%+.3f, %+.3f)</td><td>%.2g</td><td>%+.3f (%.2g)</td>", v.delong.difference, v.delong.lower, v.delong.upper,
          v.delong.pValue, v.continuous.nri, v.continuous.nriPValue)
        h += v.categorical.map { String(format: "<td>%+.3f (%.2g)</td>", $0.nri, $0.nriPValue) } ?? "<td></td>"
        h += String(format: "<td>%+.4f (%.2g)</td></tr>", v.continuous.idi, v.continuous.idiPValue)
      } else {
        h += "<td colspan=5 class=l>reference</td></tr>"
      }
    }
    h += "</table>"
    if let shares = t.groupShares, let model = t.sharesModel {
      let method = (t.learner ?? .trees) == .linear ? "βⱼ·zⱼ, features independent" : "TreeSHAP"
      h +=
        "<p class=muted>SHAP of \(escapeHTML(model)) by group (\(method)): share of the model's mean |SHAP| on the test rows: "
        + shares.map { s in
          "\(escapeHTML(s.group)) " + (s.share.isNaN ? "–" : String(format: "%.1f %%", 100 * s.share)) + " (\(s.features) features)"
        }.joined(separator: ", ") + "</p>"
    }
    if let late = t.lateFusion {
      h +=
        "<p class=muted>Late fusion: logit P = "
        + String(format: "%.3f", late.coefficients[0])
        + zip(t.lateInputs, late.coefficients.dropFirst()).map { String(format: " %+.3f·logit(%@)", $1, escapeHTML($0)) }.joined() + "</p>"
    }
    let method = t.models.flatMap(\.strata).compactMap { $0.eventRateInterval?.method }.first ?? "Wilson"
    h += "<table><tr><th class=l>model</th><th class=l>stratum</th><th>risk range</th><th>n</th><th>events</th>"
    h += "<th>PPV (event rate)</th><th>\(escapeHTML(method)) 95 % CI</th><th>NPV</th><th>95 % CI</th></tr>"
    for m in t.models {
      for s in m.strata {
        let ci = s.eventRateInterval, npv = s.nonEventRateInterval
        h += "<tr><td class=l>\(escapeHTML(m.model))</td><td class=l>\(s.name)</td>"
        guard s.count > 0 else {
          h += String(
            format: "<td>%.3f–%.3f (%@)</td><td>0</td><td colspan=6 class=l>no test ECG in this range</td></tr>", s.lower, s.upper,
            escapeHTML(m.strataCutSource))
          continue
        }
        h += String(format: "<td>%.3f–%.3f (%@)</td><td>%d</td><td>%d</td>", s.lower, s.upper, escapeHTML(m.strataCutSource), s.count, s.events)
        h += String(
          format: "<td>%.2f</td><td>%.2f–%.2f</td><td>%.2f</td><td>%.2f–%.2f</td></tr>", s.eventRate, ci?.lower ?? .nan, ci?.upper ?? .nan,
          s.nonEventRate, npv?.lower ?? .nan, npv?.upper ?? .nan)
      }
    }
    h += "</table>"
  }
  return h
}
