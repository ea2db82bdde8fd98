import Core
import ECGLensTestSupport
import Testing

@Suite struct OrderStatisticsTests {
  /// Every rank of random arrays (with ties and of every small length) equals sorting.
  @Test(arguments: [1, 2, 3])
  func orderStatistic_equalsSorting(seed: UInt64) {
    var rng = SeededGenerator(seed: seed)
    for n in [1, 2, 3, 5, 15, 16, 17, 40, 257] {
      let v = (0..<n).map { _ in Double(Int.random(in: 0..<(n / 2 + 1), using: &rng)) + Double.random(in: 0..<1, using: &rng).rounded() }
      let sorted = v.sorted()
      for k in 0..<n {
        var w = v
        #expect(orderStatistic(&w, rank: k) == sorted[k], "n \(n) rank \(k) seed \(seed)")
      }
      let expected = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
      #expect(median(of: v) == expected)
    }
    #expect(median(of: []).isNaN)
  }
}
