/// Turns an encoder's output tensor into one embedding per batch item (sidecar key `pooling`).
public enum EmbeddingPooling {
  /// Pools `output` into `[batch][D]`.
  /// - `none`: `output` must be `[batch, D]`.
  /// - `meanTokens`: `[batch, tokens, D]` averaged over tokens (accumulated in Double).
  /// - `cls`: `[batch, tokens, D]`, token 0.
  /// - Returns: nil when the output's rank does not fit the pooling.
  public static func pool(_ output: FloatTensor, _ pooling: EncoderPooling) -> [[Float]]? {
    let shape = output.shape
    switch pooling {
    case .none:
      guard shape.count == 2 else { return nil }
      let (batch, d) = (shape[0], shape[1])
      return (0..<batch).map { Array(output.values[($0 * d)..<(($0 + 1) * d)]) }
    case .meanTokens, .cls:
      guard shape.count == 3, shape[1] > 0 else { return nil }
      let (batch, tokens, d) = (shape[0], shape[1], shape[2])
      return (0..<batch).map { b in
        let base = b * tokens * d
        if pooling == .cls { return Array(output.values[base..<(base + d)]) }
        var sums = [Double](repeating: 0, count: d)
        for t in 0..<tokens {
          let row = base + t * d
          for j in 0..<d { sums[j] += Double(output.values[row + j]) }
        }
        return sums.map { Float($0 / Double(tokens)) }
      }
    }
  }
}
