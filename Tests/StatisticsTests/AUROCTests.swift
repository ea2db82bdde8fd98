import ECGLensTestSupport
import Statistics
import Testing

@Suite struct AUROCTests {
  @Test func matchesScikitLearn() {
    // sklearn.metrics.roc_auc_score on the same inputs.
    #expect(auroc(scores: [0.1, 0.4, 0.35, 0.8], labels: [false, false, true, true]) == 0.75)
    let tied = auroc(scores: [0.5, 0.5, 0.2, 0.9, 0.5, 0.5], labels: [false, true, false, true, true, false])!
    #expect(abs(tied - 0.7777777777777778) < 1e-15)
  }

  @Test func matchesPairCountingWithTies() {
    var rng = SeededGenerator(seed: 7)
    for _ in 0..<50 {
      let n = Int.random(in: 2...200, using: &rng)
      let scores = (0..<n).map { _ in Double(Int.random(in: 0...20, using: &rng)) / 20 }
      let labels = (0..<n).map { _ in Bool.random(using: &rng) }
      var wins = 0.0, pairs = 0.0
      for i in 0..<n where labels[i] {
        for j in 0..<n where !labels[j] {
          pairs += 1
          wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0
        }
      }
      let auc = auroc(scores: scores, labels: labels)
      if pairs == 0 { #expect(auc == nil) } else { #expect(abs(auc! - wins / pairs) < 1e-12) }
    }
  }

  @Test func undefinedForOneClass() {
    #expect(auroc(scores: [0.1, 0.2], labels: [true, true]) == nil)
    #expect(auroc(scores: [], labels: []) == nil)
  }
}
