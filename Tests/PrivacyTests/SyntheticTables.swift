import Core
import Privacy

/// Simulated feature tables: each patient has a latent mean vector (N(0, 1) per feature) and each of its ECGs adds
/// independent N(0, withinSD^2) noise; a fraction of values is set missing. Patient k has 1 + (k % maxECGs) ECGs
/// unless `ecgsPerPatient` is given.
func simulatedTable(
  patients: Int, features: Int, maxECGs: Int = 9, withinSD: Double = 0.5, missing: Double = 0.02,
  seed: UInt64 = 1, ecgsPerPatient: Int? = nil
) throws -> PatientFeatureTable {
  var rng = SplitMix64(seed: seed)
  var values: [[Double]] = []
  var ids: [String] = []
  var times: [Double] = []
  for k in 0..<patients {
    let centre = (0..<features).map { _ in rng.standardNormal() }
    let n = ecgsPerPatient ?? (1 + k % maxECGs)
    for e in 0..<n {
      values.append(centre.map { c in rng.uniformUnit() < missing ? .nan : c + withinSD * rng.standardNormal() })
      ids.append("P\(k)")
      times.append(Double(e) * 30 + rng.uniformUnit())
    }
  }
  return try PatientFeatureTable(
    values: values, patientIDs: ids, times: times, featureNames: (0..<features).map { "f\($0)" },
    source: "simulated")
}
