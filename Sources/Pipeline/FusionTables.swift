import Modelling
import Statistics
import Tables

extension FusionAnalysis {
  /// The console tables: per target, each model's AUROC and its comparison with the reference, then the
  /// strata; every interval and p-value is named by its method in the headers.
  public var table: String {
    var lines: [String] = []
    func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
    for t in targets {
      guard let first = t.models.first else { continue }
      let delong = first.auroc.method.shortName
      let se = t.models.compactMap { $0.versusReference?.continuous.method.rawValue }.first ?? ""
      lines.append(
        "== \(t.target): test \(first.rows) ECGs, \(first.patients) patients, \(first.positives) positives; reference \(t.reference); "
          + "intervals and p: \(delong); NRI/IDI p: \(se) standard errors"
          + (thresholds.isEmpty ? "" : "; categorical NRI at \(thresholds.map { "\($0)" }.joined(separator: ", "))"))
      lines.append(
        pad("model", 22) + pad("AUROC (95% CI)", 22) + pad("bootstrap 95% CI", 18) + pad("vs reference: diff (95% CI), p", 36)
          + pad("NRI cont. (p)", 18) + pad("NRI cat. (p)", 18) + "IDI (p)")
      for m in t.models {
        var line =
          pad(m.model, 22) + pad(String(format: "%.3f (%.3f-%.3f)", m.auroc.auc, m.auroc.lower, m.auroc.upper), 22)
          + pad(m.aurocBootstrap.map { String(format: "%.3f-%.3f", $0.percentileLower, $0.percentileUpper) } ?? "-", 18)
        if let v = m.versusReference {
          let d = v.delong
          line +=
            pad(String(format: "%+.3f (%+.3f, %+.3f), %.2g", d.difference, d.lower, d.upper, d.pValue), 36)
            + pad(String(format: "%+.3f (%.2g)", v.continuous.nri, v.continuous.nriPValue), 18)
            + pad(v.categorical.map { String(format: "%+.3f (%.2g)", $0.nri, $0.nriPValue) } ?? "-", 18)
            + String(format: "%+.4f (%.2g)", v.continuous.idi, v.continuous.idiPValue)
        } else {
          line += "(reference)"
        }
        lines.append(line)
      }
      if let shares = groupSharesLine(t) { lines.append(shares) }
      let method = t.models.flatMap(\.strata).compactMap { $0.eventRateInterval?.method }.first ?? "Wilson"
      lines.append("  risk strata (\(method) 95% CI): n, events, PPV (event rate), NPV (non-event rate)")
      for m in t.models where !m.strata.isEmpty {
        let cells = m.strata.map { s -> String in
          guard s.count > 0 else { return "\(s.name) 0/0" }
          let ci = s.eventRateInterval, npv = s.nonEventRateInterval
          return String(
            format: "%@ %d/%d PPV %.2f (%.2f-%.2f) NPV %.2f (%.2f-%.2f)", s.name, s.events, s.count, s.eventRate, ci?.lower ?? .nan,
            ci?.upper ?? .nan, s.nonEventRate, npv?.lower ?? .nan, npv?.upper ?? .nan)
        }
        lines.append(
          "  " + pad(m.model, 20) + String(format: "cuts %.3f, %.3f (%@): ", m.strataCuts[0], m.strataCuts[1], m.strataCutSource)
            + cells.joined(separator: "; "))
      }
    }
    return lines.joined(separator: "\n")
  }

  /// `fusion.csv`: one row per target and model.
  public var csv: String {
    func f(_ x: Double?) -> String { x.map(formatCell) ?? "" }
    var text =
      "target,model,kind,reference,test_rows,test_patients,test_positives,auroc,delong_lower,delong_upper,delong_method,boot_lower,boot_upper,bootstrap_unit,auroc_difference,difference_lower,difference_upper,difference_p,nri_continuous,nri_continuous_p,nri_categorical,nri_categorical_p,idi,idi_p,nri_idi_se_method\n"
    for t in targets {
      for m in t.models {
        let v = m.versusReference, b = m.aurocBootstrap
        text += csvLine(
          [
            t.target, m.model, m.kind, t.reference, String(m.rows), String(m.patients),
            String(m.positives), f(m.auroc.auc), f(m.auroc.lower), f(m.auroc.upper), m.auroc.method.rawValue,
            f(b?.percentileLower), f(b?.percentileUpper), b?.unit.rawValue ?? "", f(v?.delong.difference), f(v?.delong.lower),
            f(v?.delong.upper), f(v?.delong.pValue), f(v?.continuous.nri), f(v?.continuous.nriPValue), f(v?.categorical?.nri),
            f(v?.categorical?.nriPValue), f(v?.continuous.idi), f(v?.continuous.idiPValue), v?.continuous.method.rawValue ?? "",
          ])
      }
    }
    return text
  }

  /// `fusion-strata.csv`: one row per target, model and stratum.
  public var strataCSV: String {
    func f(_ x: Double?) -> String { x.map(formatCell) ?? "" }
    var text =
      "target,model,stratum,lower,upper,cut_source,n,patients,events,ppv,ppv_lower,ppv_upper,npv,npv_lower,npv_upper,interval_method\n"
    for t in targets {
      for m in t.models {
        for s in m.strata {
          let ci = s.eventRateInterval, npv = s.nonEventRateInterval
          text += csvLine(
            [
              t.target, m.model, s.name, f(s.lower), f(s.upper), m.strataCutSource, String(s.count),
              String(s.patients), String(s.events), f(s.count == 0 ? nil : s.eventRate), f(ci?.lower), f(ci?.upper),
              f(s.count == 0 ? nil : s.nonEventRate), f(npv?.lower), f(npv?.upper), ci?.method ?? "",
            ])
        }
      }
    }
    return text
  }
}
