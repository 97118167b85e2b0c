import NeuralNet

extension Dense {
  /// The fraction of weights kept: the mask's ones, or the non-zeros without a mask (0–1).
  public var weightDensity: Double {
    let w = weight
    guard w.count > 0 else { return 1 }
    let kept = w.mask == nil ? w.value.buffer.reduce(0) { $0 + ($1 != 0 ? 1 : 0) } : w.unmaskedCount
    return Double(kept) / Double(w.count)
  }

  /// Whether pruning has touched the weights: they have a mask, or some are exactly zero.
  public var isPruned: Bool { weight.mask != nil || weightDensity < 1 }
}

/// A network for sparse inference: every pruned `Dense` layer of `network` (masked, or with
/// weights exactly zero) whose density is at most `maximumDensity` becomes a `SparseDense`.
///
/// The result gives the same outputs as `network` to float rounding. Activation and flatten
/// layers are rebuilt so the two networks do not share buffers; other layers (convolutions,
/// pooling, unpruned dense layers) are the same objects as in `network`, so run one network's
/// forward pass to completion before the other's.
public func sparsified(_ network: Sequential, maximumDensity: Double = 1) throws -> Sequential {
  let layers: [Layer] = network.layers.map { layer in
    switch layer {
    case let dense as Dense where dense.isPruned && dense.weightDensity <= maximumDensity:
      SparseDense(converting: dense)
    case let relu as ReLU: ReLU(name: relu.name)
    case let tanh as Tanh: Tanh(name: tanh.name)
    case let flatten as Flatten: Flatten(name: flatten.name)
    default: layer
    }
  }
  return try Sequential(inputShape: network.inputShape, layers)
}
