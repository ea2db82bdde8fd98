import Core
import DSP
import Delineation

/// Every lead of one ECG delineated together: the leads screened, the beats detected on all
/// usable leads, each usable lead delineated around them, and the global beats.
public struct ECGDelineation: Sendable {
  /// R peaks (0-based samples) of every detected beat, fused across the usable leads: the beat
  /// anchor of every row below.
  public var rPeaks: [Int]
  /// Per input lead, why it takes no part (`leadProblem`), or nil when it is used.
  public var problems: [LeadProblem?]
  /// Per input lead, its clipped runs (`clippedRuns`; empty for a missing or flat lead).
  public var clipped: [[Range<Int>]]
  /// Per input lead and beat, the lead delineated on its own (`delineate(leads:)`). A lead that
  /// takes no part, and a beat that touches missing samples of the lead, have the R peak only.
  public var independent: [[BeatFiducials]]
  /// Per input lead and beat, the lead in line with the global beats (`guidedLeadBeats`), with
  /// the same R-peak-only rows.
  public var guided: [[BeatFiducials]]
  /// The record's global beats (`assessedGlobalBeats` over the usable leads).
  public var global: [BeatFiducials]
  /// Per global beat, the leads its P wave and T offset rest on and why they are absent.
  public var assessment: [WaveAssessment]
  /// The input leads (mV) with their missing samples bridged (linearly inside, held at the
  /// ends), as they were filtered and delineated.
  public var bridged: [[Double]]
  /// Per input lead, the fraction of its 10 s windows that can be read (`signalQuality`,
  /// Orphanidou et al. 2015 with the kurtosis index of Li et al. 2008), 0...1; 0 for a lead that
  /// takes no part.
  public var readable: [Double] = []
}

/// Delineates one ECG on all its leads together, the steps `measureECG` and `ecglens delineate`
/// share:
/// - each lead is screened (`leadProblem`): a missing, flat or saturated lead takes no part; a
///   lead clipped in only one or two runs (`clippedRuns`) is delineated as it is, because
///   clipping flattens the tops of waves, not their timing (`measureECG` leaves the beats it
///   touches out of the lead's amplitudes);
/// - beats are detected on the usable leads together (`detectBeats(inLeads:)`, missing samples
///   bridged), pacemaker stimuli found (`pacingSpikes`);
/// - every usable lead is delineated and the global beats formed (`delineateWithGlobalBeats`);
///   a beat whose window (R - 300 ms to R + 600 ms) touches a missing sample of a lead is not
///   delineated on that lead.
///
/// - Parameters:
///   - leads: simultaneous signals in mV (NaN = missing sample); any number of leads.
///   - descriptions: the leads' names as the record spells them (same count), for errors.
///   - samplingRate: Hz, 100...1000.
///   - rPeaks: the beats (ascending 0-based samples), when they were detected beforehand, as
///     they are for the chunks and windows of a long record (`stitchChunkBeats`); nil to detect
///     them here.
/// - Throws: `MeasurementsError` when the leads differ in length, no lead is usable, or beat
///   detection fails.
public func delineateECG(
  leads raw: [[Double]], descriptions: [String], samplingRate fs: Double, parameters: DelineationParameters = .init(),
  rPeaks given: [Int]? = nil
) throws(MeasurementsError) -> ECGDelineation {
  guard let n = raw.first?.count, !raw.isEmpty else { throw .invalidInput("no lead given") }
  guard raw.allSatisfy({ $0.count == n }) else { throw .invalidInput("leads differ in length") }
  guard descriptions.count == raw.count else { throw .invalidInput("\(descriptions.count) lead names for \(raw.count) leads") }
  guard fs.isFinite, (100...1000).contains(fs) else { throw .delineation(.unsupportedSamplingRate(fs)) }
  let screens = raw.map { screenLead($0, samplingRate: fs) }
  let problems = screens.map(\.problem)
  let usable = raw.indices.filter { problems[$0] == nil }
  guard !usable.isEmpty else {
    throw .noUsableLead(problems: raw.indices.map { "\(descriptions[$0]): \(problems[$0]!.rawValue)" })
  }
  let bridged = raw.map(bridgeGaps)
  let peaks: [Int]
  if let given {
    guard given.allSatisfy({ $0 >= 0 && $0 < n }), zip(given, given.dropFirst()).allSatisfy({ $0 < $1 }) else {
      throw .invalidInput("R peaks must be ascending samples inside the \(n) samples given")
    }
    peaks = given
  } else {
    do { peaks = try detectBeats(inLeads: usable.map { bridged[$0] }, samplingRate: fs) } catch { throw .delineation(error) }
  }
  var readable = [Double](repeating: 0, count: raw.count), reasons: [String] = []
  // The record is refused only when no lead is peaked anywhere (Li et al.'s kurtosis: random
  // bytes, noise alone). Beats unlike each other or a rate out of range lower a lead's quality
  // but are what bigeminy, multiform ectopy or a tachycardia look like (PTB-XL 00385, 00477).
  let minimumKurtosis = SignalQualityParameters().minimumKurtosis
  var peaked = [Bool](repeating: false, count: raw.count)
  let qualities = signalQuality(leads: usable.map { bridged[$0] }, beats: peaks, samplingRate: fs)
  for (i, windows) in zip(usable, qualities) {
    readable[i] = readableFraction(windows)
    peaked[i] = windows.contains { $0.kurtosis >= minimumKurtosis }
    if !peaked[i] { reasons.append("\(descriptions[i]): \(UnreadableReason.notPeaked.rawValue)") }
  }
  guard peaks.count < 2 || usable.contains(where: { peaked[$0] }) else { throw .noReadableLead(reasons: reasons) }
  let guardBefore = SamplingRate(hertz: fs).samples(0.3), guardAfter = SamplingRate(hertz: fs).samples(0.6)
  let spikes = pacingSpikes(inLeads: usable.map { raw[$0] }, samplingRate: fs)
  let delineated: (leads: [[BeatFiducials]], global: [BeatFiducials], assessment: [WaveAssessment])
  do {
    delineated = try delineateWithGlobalBeats(
      usable.map { bridged[$0] }, samplingRate: fs, rPeaks: peaks, parameters: parameters, pacingSpikes: spikes,
      mask: { perLead in
        zip(usable, perLead).map { i, beats in
          guard raw[i].contains(where: \.isNaN) else { return beats }
          return beats.map { b in
            let a = max(0, b.rPeak - guardBefore), z = min(n - 1, b.rPeak + guardAfter)
            return raw[i][a...z].contains(where: \.isNaN) ? BeatFiducials(rPeak: b.rPeak) : b
          }
        }
      })
  } catch {
    throw .delineation(error)
  }
  let guided = guidedLeadBeats(
    delineated.leads, global: delineated.global, samplingRate: fs, tolerance: parameters.leadTolerance,
    qrsOnsetTolerance: parameters.leadQRSOnsetTolerance)
  var independentRows = raw.map { _ in peaks.map { BeatFiducials(rPeak: $0) } }, guidedRows = independentRows
  for (k, i) in usable.enumerated() {
    independentRows[i] = delineated.leads[k]
    guidedRows[i] = guided[k]
  }
  return ECGDelineation(
    rPeaks: peaks, problems: problems, clipped: screens.map(\.clipped), independent: independentRows, guided: guidedRows, global: delineated.global,
    assessment: delineated.assessment,
    bridged: bridged, readable: readable)
}

/// The beats `delineateECG` detects, without delineating them: R peaks fused over the usable
/// leads (`leadProblem`), missing samples bridged. This is what the chunks of a long record run
/// (`stitchChunkBeats` joins them).
///
/// - Parameters: `leads` in mV (NaN = missing), all of one length; `samplingRate` in Hz.
/// - Throws: `MeasurementsError.noUsableLead` naming each lead's problem, or detection errors.
public func detectECGBeats(leads raw: [[Double]], descriptions: [String], samplingRate fs: Double) throws(MeasurementsError) -> [Int] {
  let problems = raw.map { leadProblem($0, samplingRate: fs) }
  let usable = raw.indices.filter { problems[$0] == nil }
  guard !usable.isEmpty else {
    throw .noUsableLead(problems: raw.indices.map { "\(descriptions[$0]): \(problems[$0]!.rawValue)" })
  }
  do { return try detectBeats(inLeads: usable.map { bridgeGaps(raw[$0]) }, samplingRate: fs) } catch { throw .delineation(error) }
}
