/// The outcome of matching detected beats to reference beats.
public struct BeatMatch: Equatable, Sendable {
  /// Reference beats with a detection within the window (true positives).
  public var truePositives: Int
  /// Reference beats with no detection (false negatives, missed beats).
  public var falseNegatives: Int
  /// Detections with no reference beat (false positives).
  public var falsePositives: Int
  /// `detected - reference` in samples for every matched pair, in reference order.
  public var offsets: [Int]
  /// Reference samples that were missed.
  public var missed: [Int]
  /// Detected samples that matched nothing.
  public var extra: [Int]

  public init(
    truePositives: Int, falseNegatives: Int, falsePositives: Int, offsets: [Int] = [], missed: [Int] = [], extra: [Int] = []
  ) {
    self.truePositives = truePositives
    self.falseNegatives = falseNegatives
    self.falsePositives = falsePositives
    self.offsets = offsets
    self.missed = missed
    self.extra = extra
  }

  /// Sensitivity TP / (TP + FN), in [0, 1]; NaN when there is no reference beat.
  public var sensitivity: Double { ratio(truePositives, truePositives + falseNegatives) }
  /// Positive predictive value TP / (TP + FP), in [0, 1]; NaN when nothing was detected.
  public var positivePredictivity: Double { ratio(truePositives, truePositives + falsePositives) }
  /// F1 = 2 TP / (2 TP + FP + FN).
  public var f1: Double {
    ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives)
  }

  /// Sums the counts of several matches (gross statistics, AAMI EC57 section 4.3).
  public static func gross(_ matches: [BeatMatch]) -> BeatMatch {
    BeatMatch(
      truePositives: matches.reduce(0) { $0 + $1.truePositives },
      falseNegatives: matches.reduce(0) { $0 + $1.falseNegatives },
      falsePositives: matches.reduce(0) { $0 + $1.falsePositives },
      offsets: matches.flatMap(\.offsets), missed: [], extra: [])
  }
}

private func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? .nan : Double(a) / Double(b) }

/// Matches detected beats to reference beats one-to-one within a window, AAMI EC57 style
/// (ANSI/AAMI EC57:2012, beat-by-beat comparison; 150 ms match window).
///
/// Pairs are formed greedily by increasing distance, so every reference beat takes the
/// nearest detection not already taken by a closer reference. Both inputs must be sample
/// indices at the same rate; they need not be sorted.
///
/// - Parameters:
///   - reference: reference beat samples (beat-type annotations only).
///   - detected: detected beat samples.
///   - window: the largest allowed |detected - reference|, in samples (150 ms x fs).
public func matchBeats(reference: [Int], detected: [Int], window: Int) -> BeatMatch {
  let ref = reference.sorted(), det = detected.sorted()
  var candidates: [(distance: Int, r: Int, d: Int)] = []
  var start = 0
  for (i, r) in ref.enumerated() {
    while start < det.count && det[start] < r - window { start += 1 }
    var j = start
    while j < det.count && det[j] <= r + window {
      candidates.append((abs(det[j] - r), i, j))
      j += 1
    }
  }
  candidates.sort { ($0.distance, $0.r, $0.d) < ($1.distance, $1.r, $1.d) }
  var refTaken = [Bool](repeating: false, count: ref.count)
  var detTaken = [Bool](repeating: false, count: det.count)
  var offsetOf = [Int?](repeating: nil, count: ref.count)
  for c in candidates where !refTaken[c.r] && !detTaken[c.d] {
    refTaken[c.r] = true
    detTaken[c.d] = true
    offsetOf[c.r] = det[c.d] - ref[c.r]
  }
  let offsets = offsetOf.compactMap { $0 }
  let missed = ref.indices.filter { !refTaken[$0] }.map { ref[$0] }
  let extra = det.indices.filter { !detTaken[$0] }.map { det[$0] }
  return BeatMatch(
    truePositives: offsets.count, falseNegatives: missed.count, falsePositives: extra.count,
    offsets: offsets, missed: missed, extra: extra)
}
