import Foundation
import Privacy
import Testing

/// Timing of the whole Euclidean attack on 20,000 ECGs x 30 features of 4,000 patients. Run with
/// `REID_BENCH=1 swift test -c release --filter Performance`; skipped otherwise (debug timings mean nothing).
@Test(.enabled(if: ProcessInfo.processInfo.environment["REID_BENCH"] == "1"))
func performanceOfTheEuclideanAttack() throws {
  let table = try simulatedTable(patients: 4_000, features: 30, withinSD: 0.8, ecgsPerPatient: 5)
  for (parallel, bootstrap) in [(false, false), (false, true), (true, true)] {
    var options = LinkageOptions()
    options.parallel = parallel
    options.bootstrap = bootstrap ? BootstrapSettings(resamples: 200) : nil
    let start = Date()
    let result = try linkageAttack(table, options: options)
    let seconds = Date().timeIntervalSince(start)
    print(
      String(
        format: "bench parallel=%@ bootstrap=%@: %.2f s, probes %d, gallery %d, rank1 %.4f, rank10 %.4f, EER %.5f",
        "\(parallel)", "\(bootstrap)", seconds, result.summary.probeCount, result.design.galleryRows.count,
        result.summary.rank1, result.summary.rank10, result.summary.equalErrorRate?.rate ?? Double.nan))
    if let iv = result.intervals {
      print(
        "  rank1 CI \(iv.rank1.lower)...\(iv.rank1.upper), EER CI \(iv.equalErrorRate!.lower)...",
        "\(iv.equalErrorRate!.upper), binning bound \(iv.eerBinningErrorBound!)")
    }
  }
}
