import Foundation
import Privacy
import Testing

/// The Swift attack against the independent Python reference (scikit-learn KD-tree + numpy EER sweep).
@Suite struct FixtureAgreementTests {
  @Test(arguments: ["simulated", "mimic_subset"])
  func matchesPythonReference(name: String) throws {
    let fixture = try AttackFixture.load(name)
    let table = try fixture.table()
    for (parallel, pilot) in [(true, 400), (false, 400), (true, 1), (false, 10_000)] {
      var options = LinkageOptions()
      options.gallery = .explicit(rows: fixture.galleryRows)
      options.bootstrap = nil
      options.parallel = parallel
      options.pilotProbeCount = pilot
      let result = try linkageAttack(table, options: options)
      let e = fixture.expected
      #expect(result.design.galleryRows.count == e.galleryCount)
      #expect(result.summary.probeCount == e.probeCount)
      #expect(result.featuresUsed == e.featuresKept.map { fixture.featureNames[$0] })
      #expect(result.summary.rank1 == e.rank1)
      #expect(result.summary.rank10 == e.rank10)
      #expect(result.summary.chanceRank1 == e.chanceRank1)
      let eer = try #require(result.summary.equalErrorRate)
      #expect(abs(eer.rate - e.eer) <= 1e-9)
      #expect(abs(eer.threshold - e.eerThreshold) <= 1e-9)
      for (k, v) in e.cmcHead.enumerated() { #expect(abs(result.summary.cmc[k] - v) <= 1e-12) }
      if let gap = e.timeGap, let got = result.timeGaps {
        #expect(abs(got.median - gap.median) <= 1e-9)
        #expect(abs(got.lowerQuartile - gap.lower) <= 1e-9)
        #expect(abs(got.upperQuartile - gap.upper) <= 1e-9)
      }
    }
  }

  @Test func earliestGalleryMatchesTheFixtureChoice() throws {
    let fixture = try AttackFixture.load("mimic_subset")
    let design = try LinkageDesign(table: try fixture.table(), choice: .earliest)
    #expect(design.galleryRows.sorted() == fixture.galleryRows)
  }
}
