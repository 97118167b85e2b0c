import NeuralNet

extension Sequential {
  /// Rewinds every surviving weight to its value in `snapshot` (taken at initialisation or at
  /// iteration k), keeping the masks: pruned weights stay exactly zero.
  public func rewind(to snapshot: [Tensor]) {
    restore(snapshot)
  }

  /// Draws fresh values for every parameter with `initializer` (biases with `biasInit`) from a
  /// generator seeded with `seed`, keeping the masks: the "random re-initialisation" control.
  public func reinitialize(
    weightInit initializer: Initializer, biasInit: Initializer = .zeros, seed: UInt64
  ) {
    var g = SeededGenerator(seed: seed)
    for p in parameters {
      p.initialize(p.role == .bias ? biasInit : initializer, using: &g)
    }
  }
}
