import Testing

@testable import NeuralNet

/// SGD (momentum, Nesterov, weight decay) and Adam's weight decay against numbers worked out by
/// hand, three steps on two parameters, through both the plain and the masked kernels.
///
/// The problem: w = (1, −2) and the gradient of L = ½(w₀² + 2w₁²), ∇ = (w₀, 2w₁), computed
/// afresh before each step; learning rate 0.1. Rationals are exact; the Float kernels must agree
/// to 1e-6.
@Suite struct OptimizerByHandTests {
  /// The weights after each of `steps` steps of `config`.
  private func trajectory(_ config: OptimizerConfig, steps: Int = 3, masked: Bool) -> [[Float]] {
    let p = Parameter(name: "w", role: .weight, shape: [2], fanIn: 1, fanOut: 1)
    p.value[0] = 1
    p.value[1] = -2
    // A mask that keeps both weights sends the step through the fused masked kernel.
    if masked { p.setMask(Tensor(shape: [2], values: [1, 1])) }
    let optimizer = config.make([p])
    var weights: [[Float]] = []
    for _ in 0..<steps {
      p.gradient[0] = p.value[0]
      p.gradient[1] = 2 * p.value[1]
      optimizer.step(learningRate: 0.1)
      weights.append([p.value[0], p.value[1]])
    }
    return weights
  }

  private func expectClose(
    _ config: OptimizerConfig, _ expected: [[Double]],
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    for masked in [false, true] {
      let got = trajectory(config, masked: masked)
      for (step, (g, e)) in zip(got, expected).enumerated() {
        for i in 0..<2 {
          #expect(
            abs(Double(g[i]) - e[i]) < 1e-6,
            "\(config) masked \(masked), step \(step + 1), w\(i): \(g[i]) ≠ \(e[i])",
            sourceLocation: sourceLocation)
        }
      }
    }
  }

  @Test func plainSGDWithWeightDecay() {
    // λ = 0.1: g = ∇ + λw; w ← w − lr·g.
    // Step 1: g = (1 + 0.1, −4 − 0.2) = (1.1, −4.2); w = (1 − 0.11, −2 + 0.42) = (0.89, −1.58).
    // Step 2: g = (0.89·1.1, −1.58·2.1) = (0.979, −3.318); w = (0.7921, −1.2482).
    // Step 3: w = w·(1 − 0.1·1.1, 1 − 0.1·2.1) again: (0.704969, −0.986078).
    expectClose(
      .sgd(weightDecay: 0.1), [[0.89, -1.58], [0.7921, -1.2482], [0.704969, -0.986078]])
  }

  @Test func heavyBallMomentum() {
    // μ = 0.9 (PyTorch's form): v ← μv + g; w ← w − lr·v.
    // Step 1: g = (1, −4); v = (1, −4); w = (1 − 0.1, −2 + 0.4) = (0.9, −1.6).
    // Step 2: g = (0.9, −3.2); v = (0.9 + 0.9, −3.6 − 3.2) = (1.8, −6.8);
    //         w = (0.9 − 0.18, −1.6 + 0.68) = (0.72, −0.92).
    // Step 3: g = (0.72, −1.84); v = (1.62 + 0.72, −6.12 − 1.84) = (2.34, −7.96);
    //         w = (0.72 − 0.234, −0.92 + 0.796) = (0.486, −0.124).
    expectClose(.sgd(momentum: 0.9), [[0.9, -1.6], [0.72, -0.92], [0.486, -0.124]])
  }

  @Test func nesterovMomentum() {
    // Nesterov: v ← μv + g; w ← w − lr·(g + μv).
    // Step 1: g = (1, −4); v = (1, −4); w = (1 − 0.1·1.9, −2 + 0.1·7.6) = (0.81, −1.24).
    // Step 2: g = (0.81, −2.48); v = (0.9 + 0.81, −3.6 − 2.48) = (1.71, −6.08);
    //         g + μv = (2.349, −7.952); w = (0.5751, −0.4448).
    // Step 3: g = (0.5751, −0.8896); v = (1.539 + 0.5751, −5.472 − 0.8896) = (2.1141, −6.3616);
    //         g + μv = (2.47779, −6.61504); w = (0.327321, 0.216704): it overshoots zero.
    expectClose(
      .sgd(momentum: 0.9, nesterov: true),
      [[0.81, -1.24], [0.5751, -0.4448], [0.327321, 0.216704]])
  }

  @Test func nesterovMomentumWithWeightDecay() {
    // λ = 0.1 joins the gradient before the momentum: g = ∇ + λw = (1.1w₀, 2.1w₁).
    // Step 1: g = (1.1, −4.2); v = g; g + μv = (2.09, −7.98); w = (0.791, −1.202).
    // Step 2: g = (0.8701, −2.5242); v = (0.99 + 0.8701, −3.78 − 2.5242) = (1.8601, −6.3042);
    //         g + μv = (2.54419, −8.19798); w = (0.536581, −0.382202).
    // Step 3: g = (0.5902391, −0.8026242); v = (2.2643291, −6.4764042);
    //         w = (0.273767471, 0.280936798).
    expectClose(
      .sgd(momentum: 0.9, nesterov: true, weightDecay: 0.1),
      [[0.791, -1.202], [0.536581, -0.382202], [0.273767471, 0.280936798]])
  }

  @Test func adamWeightDecayIsAddedToTheGradientNotDecoupled() {
    // One Adam step from m = v = 0 with ∇ = (0, 1) at w = (1, 0.5), lr 0.01, λ = 0.1.
    // Coupled (PyTorch's Adam, this engine): g = ∇ + λw = (0.1, 1.05); m̂ = g, v̂ = g², so each
    // weight moves by lr·g/(|g| + ε) ≈ lr: w = (0.99, 0.49).
    // Decoupled (AdamW) would give w₀ = 1 − lr·λ·1 = 0.999 (its Adam part is 0/(0 + ε) = 0).
    for masked in [false, true] {
      let p = Parameter(name: "w", role: .weight, shape: [2], fanIn: 1, fanOut: 1)
      p.value[0] = 1
      p.value[1] = 0.5
      if masked { p.setMask(Tensor(shape: [2], values: [1, 1])) }
      let adam = OptimizerConfig.adam(weightDecay: 0.1).make([p])
      p.gradient[0] = 0
      p.gradient[1] = 1
      adam.step(learningRate: 0.01)
      #expect(abs(p.value[0] - 0.99) < 1e-6, "masked \(masked): \(p.value[0])")
      #expect(abs(p.value[1] - 0.49) < 1e-6, "masked \(masked): \(p.value[1])")
    }
  }
}
