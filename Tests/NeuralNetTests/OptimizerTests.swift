import Testing

@testable import NeuralNet

@Suite struct OptimizerTests {
  /// Fits a 2-class linear problem with manual steps and returns the final loss.
  private func fit(_ config: OptimizerConfig, lr: Float, steps: Int, mask: Tensor? = nil) -> (
    Float, Dense
  ) {
    var g = SeededGenerator(seed: 4)
    let layer = Dense(4, 2, generator: &g)
    if let mask { layer.weight.setMask(mask) }
    let opt = config.make(layer.parameters)
    let x = Tensor(shape: [8, 4])
    var labels = [Int32](repeating: 0, count: 8)
    for r in 0..<8 {
      labels[r] = Int32(r % 2)
      for c in 0..<4 {
        x[r * 4 + c] = (r % 2 == 0 ? 1 : -1) * Float(c + 1) * 0.3 + g.nextUniform(-0.1, 0.1)
      }
    }
    let loss = SoftmaxCrossEntropy()
    var value: Float = 0
    for _ in 0..<steps {
      let y = layer.forward(x, training: true)
      value = labels.withUnsafeBufferPointer { loss.loss(logits: y, labels: $0.baseAddress!) }
      _ = layer.backward(loss.gradient, needsInputGradient: false)
      opt.step(learningRate: lr)
    }
    return (value, layer)
  }

  @Test func sgdWithMomentumConverges() {
    #expect(fit(.sgd(momentum: 0.9), lr: 0.1, steps: 200).0 < 0.01)
  }

  @Test func nesterovSgdWithWeightDecayConverges() {
    #expect(
      fit(.sgd(momentum: 0.9, nesterov: true, weightDecay: 1e-4), lr: 0.1, steps: 200).0 < 0.02)
  }

  @Test func adamConverges() {
    #expect(fit(.adam(), lr: 0.05, steps: 200).0 < 0.01)
  }

  @Test func prunedWeightsStayZeroAfterAdamAndSgdSteps() {
    let mask = Tensor(shape: [2, 4], values: [1, 0, 1, 0, 0, 1, 1, 0])
    for config in [OptimizerConfig.adam(weightDecay: 1e-3), .sgd(momentum: 0.9, weightDecay: 1e-3)]
    {
      let layer = fit(config, lr: 0.05, steps: 50, mask: mask).1
      for i in 0..<8 where mask[i] == 0 { #expect(layer.weight.value[i] == 0) }
      #expect((0..<8).contains { mask[$0] == 1 && layer.weight.value[$0] != 0 })
    }
  }

  @Test func fusedMaskedStepEqualsMaskingGradientThenStepThenMaskingWeights() {
    // The fused kernel must give the same bits as the three separate passes it replaces.
    for config in [
      OptimizerConfig.adam(weightDecay: 1e-3),
      .sgd(momentum: 0.9, nesterov: true, weightDecay: 1e-3),
      .sgd(momentum: 0.9), .sgd(),
    ] {
      var g = SeededGenerator(seed: 8)
      let a = Dense(7, 5, generator: &g)
      var h = SeededGenerator(seed: 8)
      let b = Dense(7, 5, generator: &h)
      var mg = SeededGenerator(seed: 9)
      let mask = Tensor(
        shape: [5, 7], values: (0..<35).map { _ in mg.nextUnitFloat() < 0.4 ? 0 : 1 })
      a.weight.setMask(mask)
      let optA = config.make(a.parameters)
      let optB = config.make(b.parameters)
      b.weight.setMask(mask)
      let reference = b.weight.mask!.copy()
      for step in 0..<5 {
        var rg = SeededGenerator(seed: UInt64(100 + step))
        let grad = (0..<35).map { _ in rg.nextUniform(-1, 1) }
        a.weight.gradient.buffer.update(fromContentsOf: grad)
        b.weight.gradient.buffer.update(fromContentsOf: grad)
        a.bias.gradient.fill(0.1)
        b.bias.gradient.fill(0.1)
        optA.step(learningRate: 0.01)
        // The old path: mask the gradient, plain update, mask the weights.
        Elementwise.multiply(b.weight.gradient.pointer, by: reference.pointer, count: 35)
        b.weight.setMask(nil)
        optB.step(learningRate: 0.01)
        b.weight.setMask(reference)
        #expect(a.weight.value == b.weight.value, "\(config) step \(step)")
        #expect(a.weight.gradient == b.weight.gradient)
      }
    }
  }

  @Test func resetClearsAdamState() {
    var g = SeededGenerator(seed: 1)
    let layer = Dense(2, 1, generator: &g)
    let adam = Adam(layer.parameters)
    layer.weight.gradient.fill(1)
    adam.step(learningRate: 0.1)
    let afterOne = layer.weight.value.copy()
    adam.reset()
    layer.weight.value.fill(0)
    layer.weight.gradient.fill(1)
    adam.step(learningRate: 0.1)
    // A fresh first step moves each weight by exactly −lr (bias-corrected m̂/√v̂ = 1).
    #expect(abs(layer.weight.value[0] + 0.1) < 1e-6)
    #expect(afterOne != layer.weight.value)
  }
}

@Suite struct ScheduleTests {
  @Test func stepScheduleDecaysAtMilestones() {
    let s = LearningRateSchedule.step(base: 1, milestones: [10, 20], gamma: 0.1)
    #expect(
      s.rate(at: 9) == 1 && abs(s.rate(at: 10) - 0.1) < 1e-7 && abs(s.rate(at: 25) - 0.01) < 1e-7)
  }

  @Test func cosineGoesFromBaseToMinimum() {
    let s = LearningRateSchedule.cosine(base: 0.1, iterations: 100, minimum: 0.001)
    #expect(abs(s.rate(at: 0) - 0.1) < 1e-7)
    #expect(abs(s.rate(at: 50) - 0.0505) < 1e-6)
    #expect(abs(s.rate(at: 100) - 0.001) < 1e-7)
  }

  @Test func warmupRampsLinearlyThenFollowsTheSchedule() {
    let s = LearningRateSchedule.warmup(iterations: 4, then: .constant(0.4))
    #expect(s.rate(at: 0) == 0.1 && s.rate(at: 3) == 0.4 && s.rate(at: 10) == 0.4)
  }
}
