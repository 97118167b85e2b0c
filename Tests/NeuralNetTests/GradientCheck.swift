import Testing

@testable import NeuralNet

/// Finite-difference checks shared by the layer tests.
enum GradientCheck {
  /// A random tensor with entries in ±scale, kept at least `margin` away from zero (so ReLU
  /// kinks are not crossed by the finite difference).
  static func random(_ shape: [Int], seed: UInt64, scale: Float = 1, margin: Float = 0.05)
    -> Tensor
  {
    var g = SeededGenerator(seed: seed)
    let t = Tensor(shape: shape)
    for i in 0..<t.count {
      var v = g.nextUniform(-scale, scale)
      if abs(v) < margin { v = v < 0 ? -margin : margin }
      t[i] = v
    }
    return t
  }

  /// L = Σ r·layer(x) for a fixed random r, in Double.
  static func weightedSum(_ y: Tensor, _ r: Tensor) -> Double {
    (0..<y.count).reduce(0.0) { $0 + Double(y[$1]) * Double(r[$1]) }
  }

  /// Checks dL/dx and dL/dθ of `layer` at `x` against central differences; returns the worst
  /// relative error.
  static func check(_ layer: Layer, input x: Tensor, eps: Float = 1e-2, seed: UInt64 = 7)
    -> Double
  {
    let y = layer.forward(x, training: true)
    let r = random(y.shape, seed: seed)
    let dx = layer.backward(r, needsInputGradient: true)?.copy()
    var worst = 0.0
    func compare(_ analytic: Float, _ numeric: Double) {
      let err = abs(Double(analytic) - numeric) / max(1e-2, abs(numeric) + abs(Double(analytic)))
      worst = max(worst, err)
    }
    func numeric(_ t: Tensor, _ i: Int, restore: () -> Void = {}) -> Double {
      let old = t[i]
      t[i] = old + eps
      restore()
      let plus = weightedSum(layer.forward(x, training: false), r)
      t[i] = old - eps
      restore()
      let minus = weightedSum(layer.forward(x, training: false), r)
      t[i] = old
      restore()
      return (plus - minus) / (2 * Double(eps))
    }
    if let dx {
      for i in 0..<x.count { compare(dx[i], numeric(x, i)) }
    }
    let grads = layer.parameters.map { $0.gradient.copy() }
    for (p, g) in zip(layer.parameters, grads) {
      for i in 0..<p.count {
        if let mask = p.mask, mask[i] == 0 {
          #expect(g[i] == 0, "masked \(p.name)[\(i)] received gradient \(g[i])")
          continue
        }
        compare(g[i], numeric(p.value, i))
      }
    }
    return worst
  }
}
