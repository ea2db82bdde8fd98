import ArgumentParser
import Statistics

/// The bootstrap options shared by evaluate, compare, validate-external and report.
struct BootstrapArguments: ParsableArguments {
  @Option(help: "Bootstrap resamples.")
  var bootstrap = 1000

  @Option(help: "Resampling unit: patient (cluster bootstrap: a patient's ECGs stay together) or ecg.")
  var unit: BootstrapOptions.Unit = .patient

  @Option(help: "Seed of the bootstrap.")
  var seed: UInt64 = 0

  /// The options, after checking the count.
  func options(stratified: Bool = false) throws -> BootstrapOptions {
    guard bootstrap >= 100 else { throw CLIError("--bootstrap must be at least 100") }
    var o = BootstrapOptions()
    o.resamples = bootstrap
    o.unit = unit
    o.seed = seed
    o.stratified = stratified
    return o
  }
}

extension BootstrapOptions.Unit: ExpressibleByArgument {}
