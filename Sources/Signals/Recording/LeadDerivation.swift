import Foundation

/// The twelve standard leads in display order.
public let standardTwelveLeads = ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"]

/// Completes the limb leads from I and II (Einthoven's law and Goldberger's augmented leads):
///
///     III = II - I,  aVR = -(I + II) / 2,  aVL = I - II / 2,  aVF = II - I / 2   (mV)
///
/// Only leads the recording lacks are computed; they are marked `derived: true`. A stored lead is
/// never replaced. The result is ordered I, II, III, aVR, aVL, aVF, V1 ... V6, then any other
/// leads in their original order. A recording that already has all of III, aVR, aVL, aVF, or
/// that lacks I or II, is returned unchanged. NaN samples stay NaN in the derived leads.
/// Reference: Einthoven W (1912); Goldberger E, Am Heart J 23:483-492 (1942).
public func completingTwelveLeads(_ recording: ECGRecording) -> ECGRecording {
  guard let leadI = recording.leads.first(where: { $0.name == "I" })?.samples,
    let leadII = recording.leads.first(where: { $0.name == "II" })?.samples
  else { return recording }
  let present = Set(recording.leads.map(\.name))
  let formulas: [(String, (Double, Double) -> Double)] = [
    ("III", { one, two in two - one }),
    ("aVR", { one, two in -(one + two) / 2 }),
    ("aVL", { one, two in one - two / 2 }),
    ("aVF", { one, two in two - one / 2 }),
  ]
  let missing = formulas.filter { !present.contains($0.0) }
  if missing.isEmpty { return recording }
  let count = min(leadI.count, leadII.count)
  var leads = recording.leads
  for (name, formula) in missing {
    var samples = [Double](repeating: 0, count: count)
    for index in 0..<count { samples[index] = formula(leadI[index], leadII[index]) }
    leads.append(RecordedLead(name: name, samples: samples, derived: true))
  }
  var result = recording
  result.leads = orderedStandardFirst(leads)
  if leadI.count != leadII.count {
    result.warnings.append("leads I and II differ in length; derived leads have \(count) samples")
  }
  return result
}

/// Leads in standard twelve-lead order (first occurrence of each name), then the others in
/// their original order.
func orderedStandardFirst(_ leads: [RecordedLead]) -> [RecordedLead] {
  var used = Set<Int>()
  var ordered: [RecordedLead] = []
  for name in standardTwelveLeads {
    if let index = leads.indices.first(where: { leads[$0].name == name && !used.contains($0) }) {
      ordered.append(leads[index])
      used.insert(index)
    }
  }
  for index in leads.indices where !used.contains(index) { ordered.append(leads[index]) }
  return ordered
}
