import NeuralNet

/// A randomly weighted multilayer perceptron whose every layer is a `SupermaskDense` with ReLU
/// between layers: the network edge-popup searches (Ramanujan et al. 2019; their "FC" network
/// is LeNet-300-100 without biases).
public struct SupermaskModel: Codable, Equatable, Sendable {
  /// The widths, input first: [784, 300, 100, 10] is LeNet-300-100.
  public var widths: [Int]
  /// The initialiser of the frozen weights (the paper's Kaiming normal, Kaiming uniform or
  /// signed Kaiming constant, all with fan-in and ReLU gain).
  public var weightInit: Initializer
  /// The fraction of each layer's weights the supermask keeps (the paper's k), 0–1.
  public var keptFraction: Double
  /// Whether the frozen weights are scaled by 1/√`keptFraction` (the paper's "scaled"
  /// initialisations, `scale_fan` in its code).
  public var scaleByKept: Bool

  /// Creates the description; the defaults are LeNet-300-100 with signed Kaiming constant
  /// weights and k = 50%.
  public init(
    widths: [Int] = [784, 300, 100, 10], weightInit: Initializer = .signedHeConstant(),
    keptFraction: Double = 0.5, scaleByKept: Bool = false
  ) {
    self.widths = widths
    self.weightInit = weightInit
    self.keptFraction = keptFraction
    self.scaleByKept = scaleByKept
  }

  /// Builds the network from a generator seeded with `seed`: per layer, input first, the frozen
  /// weights and then the scores, so equal seeds give equal weights and scores whatever
  /// `keptFraction` is (accuracy against k compares masks of one random network).
  public func build(seed: UInt64) throws -> Sequential {
    precondition(widths.count >= 2, "an MLP needs at least input and output widths")
    var generator = SeededGenerator(seed: seed)
    var layers: [Layer] = []
    for k in 0..<(widths.count - 1) {
      layers.append(
        SupermaskDense(
          widths[k], widths[k + 1], name: "fc\(k + 1)", keptFraction: keptFraction,
          weightInit: weightInit, scaleByKept: scaleByKept, generator: &generator))
      if k < widths.count - 2 { layers.append(ReLU(name: "act\(k + 1)")) }
    }
    return try Sequential(inputShape: [widths[0]], layers)
  }

  /// A short name such as `supermask-784-300-100-10`.
  public var name: String { "supermask-" + widths.map(String.init).joined(separator: "-") }
}

extension Sequential {
  /// The supermask layers of this network, input first.
  public var supermaskLayers: [SupermaskLayer] { layers.compactMap { $0 as? SupermaskLayer } }
}
