import ArgumentParser
import Statistics

/// The bootstrap options shared by evaluate, compare, validate-external and report.
struct BootstrapArguments: ParsableArguments {
  @Option(help: "Bootstrap resamples (100 to 100000).")
  var resamples = 1000

  @Option(name: .customLong("bootstrap"), help: .hidden)
  var legacyResamples: Int?

  @Option(help: "Resampling unit: patient (cluster bootstrap: a patient's ECGs stay together) or ecg.")
  var unit: BootstrapOptions.Unit = .patient

  @Option(help: "Seed of the bootstrap.")
  var seed: UInt64 = 0

  var count: Int { legacyResamples ?? resamples }

  func validate() throws {
    guard (100...100_000).contains(count) else { throw CLIError("--resamples \(count): must be between 100 and 100000") }
  }

  /// The options.
  func options(stratified: Bool = false) -> BootstrapOptions {
    var o = BootstrapOptions()
    o.resamples = count
    o.unit = unit
    o.seed = seed
    o.stratified = stratified
    return o
  }
}

extension BootstrapOptions.Unit: ExpressibleByArgument {}
