import NeuralNet

/// Random subsets of exact size: the one place where masks, random pruning and the random
/// controls draw which elements to keep or remove.
///
/// A subset is the first `count` elements of the candidates after a Fisher–Yates shuffle
/// driven only by the given generator (`SeededGenerator.shuffleInPlace`), so every subset of
/// that size is equally likely and equal seeds give the same subset on every machine.
public enum RandomMask {
  /// `count` of `candidates` chosen uniformly at random, in the shuffled order (all of them
  /// when `count` exceeds their number). Shuffles even when `count` is 0, so the generator
  /// advances the same way for every count.
  public static func choose(
    _ count: Int, from candidates: [Int], using generator: inout SeededGenerator
  ) -> ArraySlice<Int> {
    var order = candidates
    generator.shuffleInPlace(&order)
    return order.prefix(Swift.max(count, 0))
  }

  /// A 0/1 mask of `shape` that keeps exactly `kept` uniformly chosen elements.
  public static func keeping(
    _ kept: Int, shape: [Int], using generator: inout SeededGenerator
  ) -> Tensor {
    let mask = Tensor(shape: shape)
    for i in choose(kept, from: Array(0..<mask.count), using: &generator) { mask[i] = 1 }
    return mask
  }

  /// A 0/1 mask of `shape` that keeps exactly round(`density` × element count) uniformly chosen
  /// elements (halves rounded away from zero).
  public static func keeping(
    density: Double, shape: [Int], using generator: inout SeededGenerator
  ) -> Tensor {
    let count = shape.reduce(1, *)
    return keeping(Int((Double(count) * density).rounded()), shape: shape, using: &generator)
  }
}
