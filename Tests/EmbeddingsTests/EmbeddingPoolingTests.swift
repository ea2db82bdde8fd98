import Testing

@testable import Embeddings

@Suite struct EmbeddingPoolingTests {
  // [batch 2, tokens 3, D 2]
  static let tokens = FloatTensor(shape: [2, 3, 2], values: [1, 2, 3, 4, 5, 6, 10, 20, 30, 40, 50, 60])

  @Test func meanOverTokens() {
    #expect(EmbeddingPooling.pool(Self.tokens, .meanTokens) == [[3, 4], [30, 40]])
  }

  @Test func classToken() {
    #expect(EmbeddingPooling.pool(Self.tokens, .cls) == [[1, 2], [10, 20]])
  }

  @Test func noPooling() {
    #expect(EmbeddingPooling.pool(FloatTensor(shape: [2, 2], values: [1, 2, 3, 4]), .none) == [[1, 2], [3, 4]])
  }

  @Test func wrongRankGivesNil() {
    #expect(EmbeddingPooling.pool(Self.tokens, .none) == nil)
    #expect(EmbeddingPooling.pool(FloatTensor(shape: [2, 2], values: [1, 2, 3, 4]), .meanTokens) == nil)
  }
}
