import Testing

@testable import NeuralNet

@Suite struct ConvolutionTests {
  @Test func convolutionGradientsMatchFiniteDifferences() {
    var g = SeededGenerator(seed: 3)
    let layer = Conv2D(2, 3, kernel: 3, biasInit: .uniform(limit: 0.3), generator: &g)
    let worst = GradientCheck.check(layer, input: GradientCheck.random([2, 5, 5, 2], seed: 4))
    #expect(worst < 1e-2)
  }

  @Test func stridedPaddedConvolutionGradientsMatchFiniteDifferences() {
    var g = SeededGenerator(seed: 5)
    let layer = Conv2D(
      2, 2, kernel: 3, stride: 2, padding: 1, biasInit: .uniform(limit: 0.3), generator: &g)
    #expect(layer.outputShape(forInput: [6, 5, 2]) == [3, 3, 2])
    let worst = GradientCheck.check(layer, input: GradientCheck.random([2, 6, 5, 2], seed: 6))
    #expect(worst < 1e-2)
  }

  @Test func maskedConvolutionGradientsMatchFiniteDifferences() {
    var g = SeededGenerator(seed: 5)
    let layer = Conv2D(1, 2, kernel: 2, generator: &g)
    let mask = Tensor(shape: [2, 2, 2, 1], values: [1, 0, 1, 1, 0, 0, 1, 0])
    layer.weight.setMask(mask)
    let worst = GradientCheck.check(layer, input: GradientCheck.random([1, 4, 4, 1], seed: 8))
    #expect(worst < 1e-2)
  }

  @Test func convolutionMatchesHandComputedExample() {
    var g = SeededGenerator(seed: 0)
    let layer = Conv2D(1, 1, kernel: 2, generator: &g)
    layer.weight.value.buffer.update(fromContentsOf: [1, 0, 0, -1] as [Float])
    layer.bias.value[0] = 1
    // 3×3 image 1…9; each output = x[i,j] − x[i+1,j+1] + 1 = −4 + 1.
    let x = Tensor(shape: [1, 3, 3, 1], values: (1...9).map(Float.init))
    let y = layer(x)
    #expect(y.shape == [1, 2, 2, 1])
    #expect(y.scalars == [-3, -3, -3, -3])
  }

  @Test func paddingAddsZeroBorder() {
    var g = SeededGenerator(seed: 0)
    let layer = Conv2D(1, 1, kernel: 3, padding: 1, generator: &g)
    layer.weight.value.fill(1)
    let y = layer(Tensor(shape: [1, 2, 2, 1], values: [1, 2, 3, 4]))
    #expect(y.scalars == [10, 10, 10, 10])
  }

  @Test func maxPoolGradientRoutesToTheMaximum() {
    let pool = MaxPool2D(size: 2)
    // Distinct values 0.1 apart, so a finite-difference step never changes the argmax.
    var g = SeededGenerator(seed: 11)
    let values = g.permutation(96).map { Float($0) * 0.1 }
    let worst = GradientCheck.check(pool, input: Tensor(shape: [2, 4, 4, 3], values: values))
    #expect(worst < 1e-2)
    let y = pool(Tensor(shape: [1, 2, 2, 1], values: [1, 5, 3, 2]))
    #expect(y.scalars == [5])
  }
}
