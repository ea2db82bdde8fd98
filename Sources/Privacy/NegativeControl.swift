import Core

/// The permuted-identity negative control beside the real attack.
public struct NegativeControlResult: Sendable, Equatable {
  /// The attack on the real patient ids.
  public let real: IdentificationSummary
  /// The same attack after the patient ids were permuted across ECGs: it should score near `permuted.chanceRank1`.
  public let permuted: IdentificationSummary
}

/// Runs the linkage attack on the table with its patient ids shuffled across ECGs (`SplitMix64(seed:)`
/// Fisher-Yates), which keeps the number of ECGs per id but breaks every true link. An explicit gallery cannot be
/// carried over to the shuffled ids, so it is replaced by `.automatic(seed: seed)`; bootstrap is off. Pass the real
/// attack's summary as `real` to avoid running it again.
public func permutedIdentityControl(
  _ table: PatientFeatureTable, options: LinkageOptions = LinkageOptions(), seed: UInt64 = 99,
  real: IdentificationSummary? = nil
) throws(PrivacyError) -> NegativeControlResult {
  var opts = options
  opts.bootstrap = nil
  let realSummary: IdentificationSummary
  if let real { realSummary = real } else { realSummary = try linkageAttack(table, options: opts).summary }
  var rng = SplitMix64(seed: seed)
  let permuted = try table.replacingPatientIDs(rng.permuted(table.patientIDs))
  if case .explicit = opts.gallery { opts.gallery = .automatic(seed: seed) }
  return NegativeControlResult(real: realSummary, permuted: try linkageAttack(permuted, options: opts).summary)
}
