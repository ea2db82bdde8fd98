import Core
import Foundation

/// Times patient-clustered bootstrap AUROC intervals (percentile and BCa) for `targets` synthetic
/// targets of `rows` test rows from rows/2 patients (speed only; correctness is in the tests).
/// Returns the wall-clock seconds and the mean interval width.
public func benchmarkBootstrap(targets: Int, rows: Int, resamples: Int) -> (seconds: Double, meanWidth: Double) {
  var rng = SplitMix64(seed: 1)
  let patients = (0..<rows).map { "p\($0 / 2)" }
  let data: [(scores: [Double], labels: [Bool])] = (0..<targets).map { _ in
    let labels = (0..<rows).map { _ in Double(rng.next() % 1000) < 100 }
    let scores = labels.map { ($0 ? 0.8 : 0) + Double(rng.next() % 10_000) / 10_000 }
    return (scores, labels)
  }
  var options = BootstrapOptions()
  options.resamples = resamples
  let start = Date()
  var width = 0.0
  for t in data {
    if let ci = bootstrapAUROC(scores: t.scores, labels: t.labels, patients: patients, options: options) {
      width += ci.percentileUpper - ci.percentileLower
    }
  }
  return (Date().timeIntervalSince(start), width / Double(targets))
}
