import Foundation
import Measurements
import Signals

/// A feature row measured from signals in memory, and what the records report says beside it.
struct SignalFeatures {
  /// `featureCatalogue` values, rounded as `ecglens extract` writes them; NaN = not measured.
  var values: [Double]
  var beats: Int
  var usableLeads: Int
  /// `lead: problem` notes joined by "; ", as `OUT.records.csv` writes them.
  var leadProblems: String
}

/// Measures signals as `Extraction.extractRecord` measures a record's: `measureECG` on the leads
/// (mV, named as the record spells them), `featureValues` with the given demographics, each value
/// rounded to 4 decimals (`(v * 10_000).rounded() / 10_000`, the CSV's rounding) as the CSV reads
/// back, and the same lead
/// notes. `extractRecord` keeps this sequence inline; python/tests/test_parity.py holds the two
/// equal, bit for bit, on LUDB and PTB-XL.
///
/// - Throws: `MeasurementsError` when the signals cannot be measured (no usable lead, too few
///   beats, an unsupported rate).
func signalFeatures(
  _ leads: [[Double]], names: [String], samplingRate fs: Double, demographics: HeaderDemographics
) throws -> SignalFeatures {
  let m = try measureECG(leads: leads, descriptions: names, samplingRate: fs)
  var notes = m.leads.compactMap { l in l.problem.map { "\(l.description): \($0.rawValue)" } }
  notes += m.leads.filter { $0.name == nil }.map { "\($0.description): not a standard lead (used for beat detection only)" }
  // -0 becomes 0: the CSV writes it as "0", which reads back as +0.
  let values = featureValues(m, demographics: demographics).map { v in
    let r = (v * 10_000).rounded() / 10_000
    return r == 0 ? 0 : r
  }
  return SignalFeatures(
    values: values, beats: m.rPeaks.count, usableLeads: m.leads.filter { $0.problem == nil }.count,
    leadProblems: notes.joined(separator: "; "))
}
