import Core
import Foundation

// Beats in noisy stretches, chosen by the most likely path through the candidate peaks.
//
// In noise, the threshold rules of Pan-Tompkins / Hamilton-Tompkins (QRSDetector.swift) accept
// noise peaks as beats and drop beats buried in noise, because they judge each peak on its own
// height. Where the QRS energy stands out little from the energy floor (a noisy stretch), the
// peaks are chosen again jointly: the path through the candidates that maximises the sum of a
// height score per beat and a rhythm score per RR interval (a Viterbi search, as HMM-based beat
// trackers do: e.g. Coast DA et al., IEEE TBME 37(9):826-836, 1990; the RR-interval prior follows
// the idea of the regularity check of Hamilton-Tompkins' search-back, made global).
//
// - height score: log(h / (x0 S)), where S is the typical height of the tallest candidates that
//   the local rhythm expects in the stretch (duration / expected RR of them), x0 = `pathThreshold`;
// - rhythm score: -w log(RR / R)^2 for each interval, R the expected RR (median RR of the
//   first-pass beats around the stretch), w = `pathRhythmWeight`; no interval below the
//   refractory period.
// Outside noisy stretches the first-pass beats are kept as they are, so clean signals are not
// changed. A stretch is noisy where the typical QRS height of the first pass is less than
// `noisyContrast` times the median energy of the surrounding seconds.

/// The first-pass beats with those inside noisy stretches chosen again (`pathBeats`).
func refineNoisyStretches(
  _ beats: [Candidate], candidates: [Candidate], energy: [Double], fs: Double, parameters p: QRSDetectorParameters
) -> [Candidate] {
  guard p.noisyContrast > 0, beats.count >= 4 else { return beats }
  let stretches = noisyStretches(beats, energy: energy, fs: fs, contrast: p.noisyContrast)
  guard !stretches.isEmpty else { return beats }
  var result: [Candidate] = []
  var next = 0  // index into beats
  let rate = SamplingRate(hertz: fs)
  for s in stretches {
    while next < beats.count && beats[next].index < s.lowerBound {
      result.append(beats[next])
      next += 1
    }
    let start = result.last?.index
    var after = next
    while after < beats.count && beats[after].index < s.upperBound { after += 1 }
    let end = after < beats.count ? beats[after].index : nil
    let inner = candidates.filter { c in c.index > (start ?? -1) && c.index < (end ?? Int.max) && s.contains(c.index) }
    let expected = expectedRR(beats, around: s, fs: fs)
    let kept = Set(beats[next..<after].map(\.index))
    result += pathBeats(
      inner, start: start, end: end, expectedRR: expected, refractory: rate.samples(p.refractory),
      threshold: p.pathThreshold, rhythmWeight: p.pathRhythmWeight, firstPass: kept, firstPassBonus: p.pathFirstPassBonus)
    next = after
  }
  result += beats[next...]
  return result
}

/// Sample ranges where the first-pass beats stand out from the energy floor by less than
/// `contrast`: per 1 s block, the median height of the beats within +/- 5 s over the median of
/// the block medians of the energy within +/- 2 s; noisy blocks are joined and widened by 1 s.
func noisyStretches(_ beats: [Candidate], energy: [Double], fs: Double, contrast: Double) -> [Range<Int>] {
  let block = max(1, Int(fs)), n = energy.count
  let blocks = (n + block - 1) / block
  let step = max(1, block / 50)
  var floor = [Double](repeating: 0, count: blocks)
  var work: [Double] = []
  for b in 0..<blocks {
    work.removeAll(keepingCapacity: true)
    for i in stride(from: b * block, to: min(n, (b + 1) * block), by: step) { work.append(energy[i]) }
    floor[b] = median(selectingIn: &work)
  }
  var noisy = [Bool](repeating: false, count: blocks)
  var first = 0
  for b in 0..<blocks {
    work = Array(floor[max(0, b - 2)...min(blocks - 1, b + 2)])
    let level = median(selectingIn: &work)
    let centre = b * block + block / 2
    while first < beats.count && beats[first].index < centre - 5 * block { first += 1 }
    work.removeAll(keepingCapacity: true)
    var k = first
    while k < beats.count && beats[k].index <= centre + 5 * block {
      work.append(beats[k].height)
      k += 1
    }
    guard work.count >= 3 else { continue }
    noisy[b] = median(selectingIn: &work) < contrast * level
  }
  var stretches: [Range<Int>] = []
  var b = 0
  while b < blocks {
    guard noisy[b] else {
      b += 1
      continue
    }
    var e = b
    while e < blocks && noisy[e] { e += 1 }
    let range = max(0, (b - 1) * block)..<min(n, (e + 1) * block)
    if let last = stretches.last, last.upperBound >= range.lowerBound {
      stretches[stretches.count - 1] = last.lowerBound..<range.upperBound
    } else {
      stretches.append(range)
    }
    b = e
  }
  return stretches
}

/// The expected RR (samples) around a stretch: the median RR of the first-pass beats within 30 s
/// outside it when there are at least 4 such intervals, else of all first-pass beats within 30 s.
func expectedRR(_ beats: [Candidate], around s: Range<Int>, fs: Double) -> Double {
  let reach = SamplingRate(hertz: fs).samples(30)
  var outside: [Double] = [], all: [Double] = []
  for (a, b) in zip(beats, beats.dropFirst()) where b.index >= s.lowerBound - reach && a.index <= s.upperBound + reach {
    let rr = Double(b.index - a.index)
    all.append(rr)
    if b.index < s.lowerBound || a.index >= s.upperBound { outside.append(rr) }
  }
  let pool = outside.count >= 4 ? outside : all
  return pool.isEmpty ? 0.8 * fs : median(of: pool)
}

/// The subset of `candidates` (ascending) on the best-scoring path from `start` to `end` (beats
/// kept as anchors; nil: the record's edge, whose interval is not scored).
func pathBeats(
  _ candidates: [Candidate], start: Int?, end: Int?, expectedRR r: Double, refractory: Int, threshold: Double,
  rhythmWeight w: Double, firstPass: Set<Int> = [], firstPassBonus: Double = 0
) -> [Candidate] {
  guard !candidates.isEmpty, r > 0 else { return [] }
  // Height scale: the median height of the tallest candidates the rhythm expects.
  let span = Double((end ?? candidates.last!.index) - (start ?? candidates.first!.index))
  let expectedCount = max(1, min(candidates.count, Int((span / r).rounded())))
  let tallest = candidates.map(\.height).sorted(by: >)
  let scale = threshold * tallest[expectedCount / 2]
  guard scale > 0 else { return [] }
  func heightScore(_ c: Candidate) -> Double {
    log(max(c.height, 1e-12 * scale) / scale) + (firstPass.contains(c.index) ? firstPassBonus : 0)
  }
  func rhythmScore(_ from: Int?, _ to: Int?) -> Double {
    guard let from, let to else { return 0 }
    let x = log(Double(to - from) / r)
    return -w * x * x
  }
  let m = candidates.count
  let reach = Int(3 * r)
  var best = [Double](repeating: -.infinity, count: m)
  var previous = [Int](repeating: -1, count: m)  // -1: the start anchor
  var lo = 0
  for i in 0..<m {
    let c = candidates[i]
    if start.map({ c.index - $0 >= refractory }) ?? true {
      best[i] = rhythmScore(start, c.index) + heightScore(c)
    }
    while lo < i && c.index - candidates[lo].index > reach { lo += 1 }
    for j in lo..<i where c.index - candidates[j].index >= refractory && best[j] > -.infinity {
      let v = best[j] + rhythmScore(candidates[j].index, c.index) + heightScore(c)
      if v > best[i] {
        best[i] = v
        previous[i] = j
      }
    }
  }
  // Close the path at the end anchor; the empty path is the start anchor straight to the end.
  var bestEnd = start != nil && end != nil ? rhythmScore(start, end) : -Double.infinity
  var last = -1
  for i in 0..<m where best[i] > -.infinity && (end.map { $0 - candidates[i].index >= refractory } ?? true) {
    let v = best[i] + rhythmScore(candidates[i].index, end)
    if v > bestEnd {
      bestEnd = v
      last = i
    }
  }
  var path: [Candidate] = []
  while last >= 0 {
    path.append(candidates[last])
    last = previous[last]
  }
  return path.reversed()
}
