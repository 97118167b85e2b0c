/// The nonlinearity between the layers of a preset model.
public enum Activation: String, Codable, Sendable {
  /// max(0, x).
  case relu
  /// tanh(x).
  case tanh

  func layer(name: String) -> Layer {
    switch self {
    case .relu: ReLU(name: name)
    case .tanh: Tanh(name: name)
    }
  }
}

/// A network architecture as a value: Codable, so it names experiments and model files.
public enum ModelSpec: Codable, Equatable, Hashable, Sendable {
  /// A multilayer perceptron with the given widths, input first: [784, 300, 100, 10] is
  /// LeNet-300-100.
  case mlp(widths: [Int], activation: Activation = .relu)
  /// LeNet-5 for 28×28 input: conv 6@5×5 → max-pool → conv 16@5×5 → max-pool → 120 → 84 → 10,
  /// no padding (LeCun et al. 1998, as used by Han et al. 2015).
  case lenet5
  /// The Lottery Ticket paper's Conv-2 (conv 64, conv 64, pool, 256, 256, 10) with 3×3 "same"
  /// convolutions, adapted to 28×28×1 input (flattened 14·14·64).
  case conv2
  /// The Lottery Ticket paper's Conv-4 (64, 64, pool, 128, 128, pool, 256, 256, 10), adapted to
  /// 28×28×1 input (flattened 7·7·128).
  case conv4

  /// LeNet-300-100: the fully connected network of the Lottery Ticket and Han et al. papers.
  public static let lenet300100 = ModelSpec.mlp(widths: [784, 300, 100, 10])

  /// A short name: `lenet-300-100`, `mlp-784-50-10`, `lenet-5`, `conv-2`, `conv-4`.
  public var name: String {
    switch self {
    case .mlp(let widths, let activation):
      if widths == [784, 300, 100, 10] && activation == .relu { return "lenet-300-100" }
      return "mlp-" + widths.map(String.init).joined(separator: "-")
        + (activation == .relu ? "" : "-\(activation.rawValue)")
    case .lenet5: return "lenet-5"
    case .conv2: return "conv-2"
    case .conv4: return "conv-4"
    }
  }

  /// Parses a short name as printed by `name` (also `mlp`, `lenet5`).
  public init?(name: String) {
    switch name.lowercased() {
    case "lenet-300-100", "lenet300100", "mlp": self = .lenet300100
    case "lenet-5", "lenet5": self = .lenet5
    case "conv-2", "conv2": self = .conv2
    case "conv-4", "conv4": self = .conv4
    default:
      let parts = name.split(separator: "-")
      guard parts.first == "mlp", parts.count >= 3 else { return nil }
      let widths = parts.dropFirst().compactMap { Int($0) }
      guard widths.count == parts.count - 1 else { return nil }
      self = .mlp(widths: widths)
    }
  }

  /// The per-sample input shape: [784] for perceptrons, [28, 28, 1] for convolutional nets.
  public var inputShape: [Int] {
    switch self {
    case .mlp(let widths, _): [widths.first ?? 0]
    default: [28, 28, 1]
    }
  }

  /// Builds the network, initialising weights with `weightInit` and biases with `biasInit`
  /// from a generator seeded with `seed`.
  public func build(
    weightInit: Initializer = .glorotNormal, biasInit: Initializer = .zeros, seed: UInt64
  ) throws -> Sequential {
    var g = SeededGenerator(seed: seed)
    var layers: [Layer] = []
    var denseIndex = 0
    var convIndex = 0
    func dense(_ i: Int, _ o: Int) -> Dense {
      denseIndex += 1
      return Dense(
        i, o, name: "fc\(denseIndex)", weightInit: weightInit, biasInit: biasInit, generator: &g)
    }
    func conv(_ i: Int, _ o: Int, kernel: Int, padding: Int) -> Conv2D {
      convIndex += 1
      return Conv2D(
        i, o, kernel: kernel, padding: padding, name: "conv\(convIndex)", weightInit: weightInit,
        biasInit: biasInit, generator: &g)
    }
    switch self {
    case .mlp(let widths, let activation):
      precondition(widths.count >= 2, "an MLP needs at least input and output widths")
      for k in 0..<(widths.count - 1) {
        layers.append(dense(widths[k], widths[k + 1]))
        if k < widths.count - 2 { layers.append(activation.layer(name: "act\(k + 1)")) }
      }
    case .lenet5:
      layers = [
        conv(1, 6, kernel: 5, padding: 0), ReLU(name: "act1"), MaxPool2D(name: "pool1"),
        conv(6, 16, kernel: 5, padding: 0), ReLU(name: "act2"), MaxPool2D(name: "pool2"),
        Flatten(), dense(256, 120), ReLU(name: "act3"), dense(120, 84), ReLU(name: "act4"),
        dense(84, 10),
      ]
    case .conv2:
      layers = [
        conv(1, 64, kernel: 3, padding: 1), ReLU(name: "act1"),
        conv(64, 64, kernel: 3, padding: 1), ReLU(name: "act2"), MaxPool2D(name: "pool1"),
        Flatten(), dense(14 * 14 * 64, 256), ReLU(name: "act3"), dense(256, 256),
        ReLU(name: "act4"), dense(256, 10),
      ]
    case .conv4:
      layers = [
        conv(1, 64, kernel: 3, padding: 1), ReLU(name: "act1"),
        conv(64, 64, kernel: 3, padding: 1), ReLU(name: "act2"), MaxPool2D(name: "pool1"),
        conv(64, 128, kernel: 3, padding: 1), ReLU(name: "act3"),
        conv(128, 128, kernel: 3, padding: 1), ReLU(name: "act4"), MaxPool2D(name: "pool2"),
        Flatten(), dense(7 * 7 * 128, 256), ReLU(name: "act5"), dense(256, 256),
        ReLU(name: "act6"), dense(256, 10),
      ]
    }
    let network = try Sequential(inputShape: inputShape, layers)
    network.spec = self
    return network
  }
}
