import Delineation
import Measurements
import Signals

/// Delineates the record at `path` as `ecglens delineate` does (`delineateRecord`), reading it
/// through a `RecordStream`: a record up to `plan.wholeRecordLimit` seconds long in one pass, a
/// longer one (a Holter recording) chunk by chunk, so that time grows linearly with its length
/// and memory stays bounded:
/// - the beats are detected per chunk on the chunk's usable leads and joined at agreed beats
///   (`detectECGBeatsInChunks`, `stitchChunkBeats`; leads are scaled per chunk, so 0.7 % of the
///   beats on MIT-BIH differ from one pass over the record);
/// - each chunk's span is delineated with the record's beats in it (`delineateECG`), and the
///   rows of the beats in its core are kept. Lead screening, P-wave consistency and the second
///   look for long PR intervals are judged per chunk (5 min by default), not over the whole
///   record: a lead that comes off for an hour, or paroxysmal atrial fibrillation, affects only
///   the chunks it is in. A chunk that cannot be delineated (no usable lead) keeps its beats'
///   R peaks only, and `notes` says so.
///
/// - Parameters:
///   - leads: "all", or comma-separated lead names (`selectLeads`).
///   - jobs: chunks processed in parallel.
/// - Returns: the record's name and its rows.
/// - Throws: `SignalsError` for an unreadable record, `ExtractionError` for an unknown lead,
///   `MeasurementsError` when a record processed whole cannot be delineated.
public func delineateRecord(
  at path: String, leads spec: String = "all", parameters: DelineationParameters = .init(), mode: LeadFiducials = .guided,
  plan: ChunkPlan = .init(), jobs: Int = 1
) throws -> (name: String, delineation: RecordDelineation) {
  // Other formats (GE MUSE, Philips, aECG, SCP-ECG, DICOM, EDF: resting ECGs) are read whole, in
  // mV, with the limb leads an 8-lead export lacks derived from I and II.
  if recogniseRecording(at: path) != .wfdb {
    let ecg = completingTwelveLeads(try readRecording(at: path))
    let names = ecg.leads.map(\.name)
    let selected = try selectLeads(spec, names: names, path: path)
    let result = try delineateSignals(
      ecg.leads.map(\.samples), names: names.map { $0.lowercased() }, samplingRate: ecg.samplingRate, leads: selected, parameters: parameters,
      mode: mode)
    return (ecg.name, result)
  }
  let stream = try RecordStream(at: path)
  guard stream.isStreaming, plan.isChunked(frameCount: stream.frameCount, samplingRate: stream.samplingFrequency) else {
    let record = try stream.wholeRecord ?? readRecord(at: path)
    return (record.name, try delineateRecord(record, leads: try selectLeads(spec, in: record, path: path), parameters: parameters, mode: mode))
  }
  let selected = try selectLeads(spec, in: stream.header, path: path)
  let names = stream.header.signals.map { $0.description.lowercased() }
  let fs = stream.samplingFrequency
  let beats = try detectECGBeatsInChunks(stream, plan: plan, jobs: jobs)
  let parts = try delineateInChunks(stream, rPeaks: beats.rPeaks, plan: plan, parameters: parameters, jobs: jobs) { c in
    let rows = leadRows(c.delineation, all: c.leads, names: names, samplingRate: fs, leads: selected, parameters: parameters, mode: mode)
    let offset = c.chunk.span.lowerBound
    return (
      leads: rows.leads.map { $0.beats[c.core].map { $0.shifted(by: offset) } }, global: rows.global[c.core].map { $0.shifted(by: offset) },
      assessment: Array(rows.assessment[c.core]), problems: c.delineation.problems
    )
  }
  var result = RecordDelineation(leads: selected.map { ($0.name, []) }, global: [])
  result.notes = beats.notes
  var problemChunks = [[LeadProblem: [RecordChunk]]](repeating: [:], count: names.count)
  let chunks = plan.chunks(frameCount: stream.frameCount, samplingRate: fs)
  for (k, part) in parts.enumerated() {
    guard let extra = part.extra else {
      let bare = beats.rPeaks[part.beats].map { BeatFiducials(rPeak: $0) }
      for l in result.leads.indices { result.leads[l].beats += bare }
      result.global += bare
      result.assessment += bare.map { _ in WaveAssessment() }
      if let failure = part.failure { result.notes.append(failure) }
      continue
    }
    for l in result.leads.indices { result.leads[l].beats += extra.leads[l] }
    result.global += extra.global
    result.assessment += extra.assessment
    for (i, problem) in extra.problems.enumerated() { if let problem { problemChunks[i][problem, default: []].append(chunks[k]) } }
  }
  for (i, byProblem) in problemChunks.enumerated() {
    for (problem, where_) in byProblem.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
      let spans = where_.prefix(3).map { timeSpan($0.core, samplingRate: fs) }.joined(separator: ", ")
      result.notes.append(
        "lead \(names[i]) is \(problem.rawValue) in \(where_.count) of \(chunks.count) chunks (\(spans)\(where_.count > 3 ? ", ..." : "")): "
          + "R peaks only there")
    }
  }
  return (stream.header.recordName, result)
}
