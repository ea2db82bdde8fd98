import Core

/// Runs the scoring passes for a set of jobs and computes the exact EER without keeping all impostor distances.
///
/// 1. A pilot: up to `pilotProbes` probes (seeded sample) are scored against their whole gallery and every
///    impostor distance is kept; with all genuine distances this gives a pilot EER e and threshold.
/// 2. A window of impostor distances around the crossing is set from the pilot's impostor quantiles at FAR
///    e - m and e + m, where m = max(4 standard errors of the pilot FAR at its threshold across pilot probes, 0.002).
/// 3. The main pass keeps every impostor distance inside the window and counts those below it; the exact sweep of
///    `EqualErrorRate` over that window gives the exact EER if the crossing lies inside (checked: both bracketing
///    operating points must fall inside the window). Otherwise m is multiplied by 4 and the impostors are collected
///    again (the last attempt takes every distance), so the result is always the exact EER over all probe x
///    gallery impostor pairs.
struct EvaluatedScores: Sendable {
  let pass: PassResult
  let eer: EqualErrorRate?
  /// Histogram edges used for the bootstrap, when asked for.
  let histogramEdges: [Double]?
  /// Number of scoring passes that were needed after the pilot (1 when the window held the crossing).
  let passes: Int
}

struct EvaluationSettings: Sendable {
  var collectEER = true
  var histogram = false
  var groupCount = 0
  var parallel = true
  var pilotProbes = 400
  var seed: UInt64 = 0x5EED
}

func evaluate(_ jobs: [ScoringJob], _ settings: EvaluationSettings) -> EvaluatedScores {
  guard settings.collectEER || settings.histogram else {
    let pass = runScoringPass(jobs, PassRequest(parallel: settings.parallel))
    return EvaluatedScores(pass: pass, eer: nil, histogramEdges: nil, passes: 1)
  }
  // Pilot: a seeded sample of probes, all their impostor distances.
  let total = jobs.reduce(0) { $0 + $1.probeCount }
  var rng = SplitMix64(seed: settings.seed)
  let pick = Set(rng.sample(min(max(settings.pilotProbes, 1), total), from: total))
  var pilotJobs: [ScoringJob] = []
  var genuine: [Double] = []
  var offset = 0
  for job in jobs {
    let dim = job.gallery.dimension
    let chosen = (0..<job.probeCount).filter { pick.contains(offset + $0) }
    for p in 0..<job.probeCount {
      let probe = job.probes[(p * dim)..<((p + 1) * dim)]
      genuine.append(job.gallery.scalarDistance(to: probe, entry: job.genuineIndex[p]))
    }
    offset += job.probeCount
    guard !chosen.isEmpty else { continue }
    pilotJobs.append(
      ScoringJob(
        gallery: job.gallery, probes: chosen.flatMap { job.probes[($0 * dim)..<(($0 + 1) * dim)] },
        genuineIndex: chosen.map { job.genuineIndex[$0] }, probeGroup: chosen.map { _ in 0 }))
  }
  genuine.sort()
  let pilot = runScoringPass(
    pilotJobs, PassRequest(window: (-.infinity, .infinity), parallel: settings.parallel))
  let pilotImpostors = pilot.windowImpostors.sorted()
  guard
    let pilotEER = sweepEqualErrorRate(
      sortedGenuine: genuine, windowImpostors: pilotImpostors, impostorsBelow: 0,
      impostorTotal: pilotImpostors.count, lower: -.infinity, upper: .infinity)
  else {
    let pass = runScoringPass(jobs, PassRequest(parallel: settings.parallel))
    return EvaluatedScores(pass: pass, eer: nil, histogramEdges: nil, passes: 1)
  }
  let e = pilotEER.rate
  var margin = max(4 * pilotStandardError(jobs: pilotJobs, threshold: pilotEER.threshold, total: total), 0.002)
  let edges = settings.histogram ? histogramEdges(sortedImpostors: pilotImpostors, eer: e) : nil
  var request = PassRequest(
    window: settings.collectEER ? farWindow(pilotImpostors, e, margin) : nil, histogramEdges: edges,
    groupCount: settings.groupCount, parallel: settings.parallel)
  var pass = runScoringPass(jobs, request)
  var passes = 1
  guard settings.collectEER else {
    return EvaluatedScores(pass: pass, eer: nil, histogramEdges: edges, passes: passes)
  }
  let sortedGenuine = pass.genuine.sorted()
  while true {
    let window = request.window ?? (-.infinity, .infinity)
    let stored = pass.windowImpostors.sorted()
    if let eer = sweepEqualErrorRate(
      sortedGenuine: sortedGenuine, windowImpostors: stored, impostorsBelow: pass.impostorsBelow,
      impostorTotal: pass.impostorTotal, lower: window.lower, upper: window.upper)
    {
      return EvaluatedScores(pass: pass, eer: eer, histogramEdges: edges, passes: passes)
    }
    margin *= 4
    request = PassRequest(window: farWindow(pilotImpostors, e, margin), parallel: settings.parallel)
    let again = runScoringPass(jobs, request)
    pass.windowImpostors = again.windowImpostors
    pass.impostorsBelow = again.impostorsBelow
    passes += 1
  }
}

/// Distances at the pilot impostor quantiles FAR e - m and e + m (open-ended at 0 and 1).
private func farWindow(_ sorted: [Double], _ e: Double, _ m: Double) -> (lower: Double, upper: Double) {
  let n = Double(sorted.count)
  let loIndex = Int(((e - m) * n).rounded(.down))
  let hiIndex = Int(((e + m) * n).rounded(.up))
  let lower = e - m <= 0 || loIndex <= 0 ? -.infinity : sorted[loIndex - 1]
  let upper = e + m >= 1 || hiIndex >= sorted.count ? .infinity : sorted[hiIndex]
  return (lower, upper)
}

/// Standard error of the pilot FAR at `threshold`, from the spread of the per-probe FARs (0 when the pilot holds
/// every probe).
private func pilotStandardError(jobs: [ScoringJob], threshold: Double, total: Int) -> Double {
  var fars: [Double] = []
  for job in jobs {
    let dim = job.gallery.dimension
    for p in 0..<job.probeCount {
      var n = 0
      for j in 0..<job.gallery.count where j != job.genuineIndex[p] {
        if job.gallery.scalarDistance(to: job.probes[(p * dim)..<((p + 1) * dim)], entry: j) <= threshold { n += 1 }
      }
      fars.append(Double(n) / Double(max(job.gallery.count - 1, 1)))
    }
  }
  guard fars.count < total, fars.count > 1 else { return 0 }
  return standardDeviation(fars) / Double(fars.count).squareRoot()
}

/// Bootstrap histogram edges: pilot impostor quantiles at 200 FAR levels spread over (0, 1) and 800 levels over
/// [e - 0.05, e + 0.05], sorted and without duplicates.
private func histogramEdges(sortedImpostors s: [Double], eer e: Double) -> [Double] {
  var levels = (1..<200).map { Double($0) / 200 }
  levels += (0...800).map { e - 0.05 + 0.1 * Double($0) / 800 }.filter { $0 > 0 && $0 < 1 }
  let values = levels.map { s[min(Int($0 * Double(s.count)), s.count - 1)] }
  var edges: [Double] = []
  for v in values.sorted() where edges.last != v { edges.append(v) }
  return edges
}
