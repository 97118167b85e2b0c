/// Layers composed with shapes that do not fit together.
public struct ShapeError: Error, CustomStringConvertible, Equatable {
  /// The layer that cannot take its input, with its summary.
  public let layer: String
  /// What feeds it: the previous layer, or "the input".
  public let previous: String
  /// The per-sample shape it was given.
  public let inputShape: [Int]

  public var description: String {
    "layer \(layer) cannot take the output of \(previous), of per-sample shape \(inputShape)"
  }
}

/// A chain of layers applied in order: the network type of the engine.
public final class Sequential {
  /// The per-sample input shape, such as [784] or [28, 28, 1].
  public let inputShape: [Int]
  /// The layers, input first.
  public let layers: [Layer]
  /// The per-sample shape after each layer.
  public let shapes: [[Int]]
  /// The preset this network was built from, if any (saved with the model).
  public internal(set) var spec: ModelSpec?

  /// Composes `layers`, checking that every layer accepts the previous one's output shape.
  public init(inputShape: [Int], _ layers: [Layer]) throws {
    self.inputShape = inputShape
    self.layers = layers
    var shape = inputShape
    var previous = "the input"
    var shapes: [[Int]] = []
    for layer in layers {
      guard let next = layer.outputShape(forInput: shape) else {
        throw ShapeError(
          layer: "\(layer.name) \(layer.summary)", previous: previous, inputShape: shape)
      }
      shapes.append(next)
      shape = next
      previous = "\(layer.name) \(layer.summary)"
    }
    self.shapes = shapes
  }

  /// Every trainable parameter, in layer order.
  public var parameters: [Parameter] { layers.flatMap(\.parameters) }

  /// The weight parameters (the ones pruning acts on by default).
  public var weights: [Parameter] { parameters.filter { $0.role == .weight } }

  /// The total number of parameter elements.
  public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

  /// The number of parameter elements not removed by masks.
  public var unmaskedParameterCount: Int { parameters.reduce(0) { $0 + $1.unmaskedCount } }

  /// The per-sample output shape.
  public var outputShape: [Int] { shapes.last ?? inputShape }

  /// Runs the batch `x` ([N] + inputShape, or [N, flat]) through every layer. The result is
  /// the last layer's buffer, valid until the next call. In inference (`training` false) a
  /// ReLU right after a dense layer is applied by the dense layer; to read every layer's
  /// activations, call the layers' own `forward` one by one.
  public func forward(_ x: Tensor, training: Bool) -> Tensor {
    let n = x.shape[0]
    precondition(
      x.count == n * inputShape.reduce(1, *),
      "input of shape \(x.shape) does not match the network's input \(inputShape)")
    if Array(x.shape.dropFirst()) != inputShape { x.reshape(to: [n] + inputShape) }
    var h = x
    var i = 0
    while i < layers.count {
      // In inference a dense layer followed by a ReLU adds its bias and rectifies in one pass;
      // the ReLU layer's own buffer is then not written.
      if !training, i + 1 < layers.count, let dense = layers[i] as? Dense, layers[i + 1] is ReLU {
        h = dense.forwardRectified(h)
        i += 2
      } else {
        h = layers[i].forward(h, training: training)
        i += 1
      }
    }
    return h
  }

  /// Back-propagates dL/d(output) through every layer, writing each parameter's gradient.
  public func backward(_ gradOutput: Tensor) {
    var g = gradOutput
    for (i, layer) in layers.enumerated().reversed() {
      guard let next = layer.backward(g, needsInputGradient: i > 0) else { break }
      g = next
    }
  }

  /// Inference on a batch; returns a new tensor of outputs.
  public func callAsFunction(_ x: Tensor) -> Tensor {
    forward(x, training: false).copy()
  }

  /// A copy of every parameter's values, in `parameters` order (a snapshot for rewinding).
  public func snapshot() -> [Tensor] { parameters.map { $0.value.copy() } }

  /// Restores values from a snapshot taken by `snapshot()`, then re-applies the masks.
  public func restore(_ snapshot: [Tensor]) {
    let ps = parameters
    precondition(snapshot.count == ps.count, "snapshot of another network")
    for (p, v) in zip(ps, snapshot) {
      precondition(p.value.shape == v.shape, "snapshot shape \(v.shape) for \(p.name)")
      p.value.pointer.update(from: v.pointer, count: v.count)
      p.applyMask()
    }
  }
}

extension Sequential: CustomStringConvertible {
  /// One line per layer with its output shape and parameter count.
  public var description: String {
    var lines = ["input \(inputShape)"]
    for (layer, shape) in zip(layers, shapes) {
      let params = layer.parameters.reduce(0) { $0 + $1.count }
      lines.append(
        "\(layer.name) \(layer.summary) → \(shape)\(params > 0 ? "  (\(params) params)" : "")")
    }
    return lines.joined(separator: "\n")
  }
}
