import Testing

@testable import NeuralNet

@Suite struct DenseTests {
  @Test func gradientsMatchFiniteDifferences() {
    var g = SeededGenerator(seed: 1)
    let layer = Dense(5, 4, biasInit: .uniform(limit: 0.5), generator: &g)
    let worst = GradientCheck.check(layer, input: GradientCheck.random([3, 5], seed: 2))
    #expect(worst < 1e-2)
  }

  @Test func maskedWeightsGetZeroGradientAndContributeNothing() {
    var g = SeededGenerator(seed: 1)
    let layer = Dense(6, 3, generator: &g)
    var mg = SeededGenerator(seed: 9)
    let mask = Tensor(
      shape: [3, 6], values: (0..<18).map { _ in mg.nextUnitFloat() < 0.5 ? 0 : 1 })
    layer.weight.setMask(mask)
    for i in 0..<18 where mask[i] == 0 { #expect(layer.weight.value[i] == 0) }
    let worst = GradientCheck.check(layer, input: GradientCheck.random([4, 6], seed: 3))
    #expect(worst < 1e-2)
  }

  @Test func forwardComputesAffineMapExactly() {
    var g = SeededGenerator(seed: 0)
    let layer = Dense(2, 2, generator: &g)
    layer.weight.value.buffer.update(fromContentsOf: [1, 2, 3, 4] as [Float])
    layer.bias.value.buffer.update(fromContentsOf: [0.5, -1] as [Float])
    let y = layer(Tensor(shape: [1, 2], values: [1, 1]))
    #expect(y.scalars == [3.5, 6])
  }

  @Test func inferenceFusesTheReLUAfterADenseLayerWithTheSameBits() throws {
    // Sequential inference adds the bias and rectifies in one pass; layer by layer gives the
    // same bits. Large enough (1,000 × 300) for the parallel kernel when threads are set.
    let net = try ModelSpec.mlp(widths: [784, 300, 100, 10]).build(seed: 5)
    let x = GradientCheck.random([1000, 784], seed: 6)
    let fused = net.forward(x, training: false).copy()
    var h = x
    for layer in net.layers { h = layer.forward(h, training: false) }
    #expect(fused == h)
    #expect(net.layers.contains { $0 is ReLU })
    // Training keeps every layer's own buffers (backward needs them) and computes the same.
    #expect(net.forward(x, training: true) == fused)
  }
}
