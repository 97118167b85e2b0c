import Foundation
import NeuralNet

/// How much of each layer's remaining weights one pruning round removes.
///
/// Fractions are of the weights still present, as in the Lottery Ticket paper: removing 20% per
/// round leaves 0.8ʳ after r rounds. Every name says "remove": a fraction here is never a
/// fraction kept.
public struct PruningRates: Codable, Equatable, Hashable, Sendable {
  /// Fraction removed per round from hidden fully connected layers (the paper's 20%).
  public var hiddenRemoved: Double
  /// Fraction removed per round from the output layer (the paper's 10%).
  public var outputRemoved: Double
  /// Fraction removed per round from convolution layers (the paper's 10–15%).
  public var convolutionRemoved: Double
  /// Per-parameter overrides by name (`fc1.weight`), fraction removed.
  public var overrides: [String: Double]
  /// Whether biases are pruned too (at the hidden rate); the papers leave them alone.
  public var pruneBiases: Bool

  /// Creates rates; the defaults are the Lottery Ticket paper's.
  public init(
    hiddenRemoved: Double = 0.2, outputRemoved: Double = 0.1, convolutionRemoved: Double = 0.15,
    overrides: [String: Double] = [:], pruneBiases: Bool = false
  ) {
    self.hiddenRemoved = hiddenRemoved
    self.outputRemoved = outputRemoved
    self.convolutionRemoved = convolutionRemoved
    self.overrides = overrides
    self.pruneBiases = pruneBiases
  }

  /// The same fraction removed from every weight tensor.
  public static func uniform(_ removed: Double) -> PruningRates {
    PruningRates(hiddenRemoved: removed, outputRemoved: removed, convolutionRemoved: removed)
  }

  /// The fraction this round removes from `parameter` of `network` (0 for biases unless asked).
  public func removed(from parameter: Parameter, in network: Sequential) -> Double {
    if let o = overrides[parameter.name] { return o }
    if parameter.role == .bias { return pruneBiases ? hiddenRemoved : 0 }
    if parameter.value.shape.count == 4 { return convolutionRemoved }
    if parameter === network.weights.last { return outputRemoved }
    return hiddenRemoved
  }
}

/// A pruning rule: which weights a round removes.
public enum PruningMethod: Codable, Equatable, Hashable, Sendable {
  /// Per layer, remove the given fraction of the remaining weights with the smallest magnitude
  /// (Frankle & Carbin 2019; Han et al. 2015 with fixed fractions).
  case layerwiseMagnitude(PruningRates)
  /// Remove the fraction `removed` of all remaining weights pooled across layers, smallest
  /// magnitude first (Frankle & Carbin 2019, section 4, for deeper networks).
  case globalMagnitude(removed: Double)
  /// Per layer, remove the same number of weights as `layerwiseMagnitude` would, chosen at
  /// random: the "random pruning" control.
  case random(PruningRates)
  /// Remove every remaining weight with |w| < quality × the standard deviation of the layer's
  /// remaining weights (Han et al. 2015, section 3: "quality parameter").
  case threshold(quality: Double)
}

/// Applies pruning rules to a network's masks.
public enum Pruner {
  /// Prunes `network` in place by `method`, updating its masks and zeroing the removed weights;
  /// `generator` drives random pruning. Returns the new sparsity.
  @discardableResult
  public static func prune(
    _ network: Sequential, _ method: PruningMethod, generator: inout SeededGenerator
  ) -> SparsityReport {
    switch method {
    case .layerwiseMagnitude(let rates):
      for p in network.parameters {
        let fraction = rates.removed(from: p, in: network)
        if fraction > 0 { removeSmallest(p, count: removalCount(p, fraction)) }
      }
    case .random(let rates):
      for p in network.parameters {
        let fraction = rates.removed(from: p, in: network)
        if fraction > 0 { removeRandom(p, count: removalCount(p, fraction), &generator) }
      }
    case .globalMagnitude(let removed):
      pruneGlobally(network.weights, removed: removed)
    case .threshold(let quality):
      for p in network.weights { removeBelowThreshold(p, quality: quality) }
    }
    return network.sparsity
  }

  /// How many of `p`'s surviving weights a fraction removes (rounded to nearest).
  static func removalCount(_ p: Parameter, _ fraction: Double) -> Int {
    Int((Double(p.unmaskedCount) * fraction).rounded())
  }

  /// The indices of `p`'s surviving elements.
  static func survivors(_ p: Parameter) -> [Int] {
    guard let mask = p.mask else { return Array(0..<p.count) }
    return (0..<p.count).filter { mask[$0] != 0 }
  }

  /// A copy of `p`'s mask, or all ones.
  static func currentMask(_ p: Parameter) -> Tensor {
    p.mask?.copy() ?? Tensor(shape: p.value.shape, repeating: 1)
  }

  /// Removes the `count` surviving elements of smallest magnitude (ties: lower index first).
  static func removeSmallest(_ p: Parameter, count: Int) {
    guard count > 0 else { return }
    let w = p.value
    let order = survivors(p).sorted {
      let a = abs(w[$0])
      let b = abs(w[$1])
      return a != b ? a < b : $0 < $1
    }
    let mask = currentMask(p)
    for i in order.prefix(count) { mask[i] = 0 }
    p.setMask(mask)
  }

  /// Removes `count` surviving elements chosen uniformly at random.
  static func removeRandom(_ p: Parameter, count: Int, _ generator: inout SeededGenerator) {
    guard count > 0 else { return }
    let mask = currentMask(p)
    for i in RandomMask.choose(count, from: survivors(p), using: &generator) { mask[i] = 0 }
    p.setMask(mask)
  }

  static func pruneGlobally(_ weights: [Parameter], removed: Double) {
    var pool: [(magnitude: Float, layer: Int, index: Int)] = []
    for (l, p) in weights.enumerated() {
      for i in survivors(p) { pool.append((abs(p.value[i]), l, i)) }
    }
    let count = Int((Double(pool.count) * removed).rounded())
    guard count > 0 else { return }
    pool.sort { ($0.magnitude, $0.layer, $0.index) < ($1.magnitude, $1.layer, $1.index) }
    var masks = weights.map(currentMask)
    for entry in pool.prefix(count) { masks[entry.layer][entry.index] = 0 }
    for (p, m) in zip(weights, masks) { p.setMask(m) }
  }

  static func removeBelowThreshold(_ p: Parameter, quality: Double) {
    let alive = survivors(p)
    guard !alive.isEmpty else { return }
    let values = alive.map { Double(p.value[$0]) }
    let mean = values.reduce(0, +) / Double(values.count)
    let std = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count))
      .squareRoot()
    let threshold = quality * std
    let mask = currentMask(p)
    for i in alive where Double(abs(p.value[i])) < threshold { mask[i] = 0 }
    p.setMask(mask)
  }
}
