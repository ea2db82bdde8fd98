import Privacy
import Testing

/// Hand-computed equal error rates (accept d <= t; interpolation between the bracketing operating points).
@Suite struct EqualErrorRateTests {
  @Test func crossingOnAnOperatingPoint() throws {
    // t = 2.5: FAR 1/3 (2.5 <= 2.5), FRR 1/3 (3 > 2.5): D = 0 exactly.
    let e = try #require(equalErrorRate(genuine: [1, 2, 3], impostor: [2.5, 4, 5]))
    #expect(e.rate == 1.0 / 3)
    #expect(e.threshold == 2.5)
  }

  @Test func interpolationBetweenPoints() throws {
    // t = 1.5: (FAR .25, FRR .5), D = -.25; t = 2: (.25, 0), D = .25; a = .5 -> EER .25, threshold 1.75.
    let e = try #require(equalErrorRate(genuine: [1, 2], impostor: [1.5, 3, 4, 5]))
    #expect(e.rate == 0.25)
    #expect(e.threshold == 1.75)
  }

  @Test func perfectSeparationAndFullOverlap() throws {
    #expect(equalErrorRate(genuine: [1, 2], impostor: [3, 4])?.rate == 0)
    // One tied pair: start (0, 1) then t = 1: (1, 0); the segment crosses at 0.5.
    #expect(equalErrorRate(genuine: [1], impostor: [1])?.rate == 0.5)
    #expect(equalErrorRate(genuine: [], impostor: [1]) == nil)
  }

  @Test func reversedScoresGiveHighEER() throws {
    let e = try #require(equalErrorRate(genuine: [5, 6, 7], impostor: [1, 2, 3]))
    #expect(e.rate == 1)
  }
}

@Suite struct ExactEERWindowTests {
  /// The windowed exact EER must not depend on the pilot (a tiny pilot forces the window to be widened).
  @Test func pilotSizeDoesNotChangeTheEER() throws {
    let table = try simulatedTable(patients: 300, features: 6, withinSD: 0.9, seed: 5)
    var options = LinkageOptions()
    options.bootstrap = nil
    let reference = try linkageAttack(table, options: options)
    var seenRetry = false
    for (pilot, seed) in [(1, UInt64(1)), (2, 2), (3, 3), (20, 4), (100_000, 5)] {
      options.pilotProbeCount = pilot
      options.pilotSeed = seed
      let r = try linkageAttack(table, options: options)
      #expect(r.summary.equalErrorRate == reference.summary.equalErrorRate)
      #expect(r.summary.rank1 == reference.summary.rank1)
      if r.scoringPasses > 1 { seenRetry = true }
    }
    #expect(seenRetry, "no pilot forced the window to be widened; the retry path went untested")
  }
}
