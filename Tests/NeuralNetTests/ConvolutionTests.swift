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

  /// (height, width, kernel, output channels, batch): rows of 3 (scalar path) and of 8, 16, 24
  /// and 32 outputs (the vector paths), channel counts that fill groups of three or leave one or
  /// two over, and batches smaller and larger than the backward pass's eight parts.
  static let directGeometries: [(Int, Int, Int, Int, Int)] = [
    (6, 5, 3, 3, 2), (10, 12, 5, 4, 3), (9, 20, 5, 5, 9), (28, 28, 5, 6, 11), (12, 36, 5, 7, 1),
  ]

  @Test(arguments: directGeometries)
  func singleChannelDirectPathMatchesIm2colPath(geometry: (Int, Int, Int, Int, Int)) {
    // A one-channel convolution takes the direct path; the same convolution written with a
    // second, all-zero input channel takes im2col + GEMM. Outputs and gradients must agree.
    let (h, w, k, cout, n) = geometry
    let taps = k * k
    var g = SeededGenerator(seed: 21)
    let direct = Conv2D(1, cout, kernel: k, biasInit: .uniform(limit: 0.5), generator: &g)
    let general = Conv2D(2, cout, kernel: k, generator: &g)
    for co in 0..<cout {
      for t in 0..<taps {
        general.weight.value[(co * taps + t) * 2] = direct.weight.value[co * taps + t]
        general.weight.value[(co * taps + t) * 2 + 1] = 0
      }
      general.bias.value[co] = direct.bias.value[co]
    }
    let x1 = GradientCheck.random([n, h, w, 1], seed: 22)
    let x2 = Tensor(shape: [n, h, w, 2])
    for i in 0..<x1.count { x2[2 * i] = x1[i] }
    let y1 = direct.forward(x1, training: true).copy()
    let y2 = general.forward(x2, training: true).copy()
    #expect(y1.shape == y2.shape)
    #expect(y1.shape == [n, h - k + 1, w - k + 1, cout])
    let tolerance: Float = 1e-5 * Float(taps)
    #expect((0..<y1.count).allSatisfy { abs(y1[$0] - y2[$0]) < tolerance })
    let r = GradientCheck.random(y1.shape, seed: 23)
    let dx1 = direct.backward(r, needsInputGradient: true)!.copy()
    let dx2 = general.backward(r, needsInputGradient: true)!.copy()
    #expect((0..<x1.count).allSatisfy { abs(dx1[$0] - dx2[2 * $0]) < tolerance })
    let sums = Float(n * y1.count / n / cout)
    for co in 0..<cout {
      for t in 0..<taps {
        let a = direct.weight.gradient[co * taps + t]
        let b = general.weight.gradient[(co * taps + t) * 2]
        #expect(abs(a - b) < 1e-6 * sums * Float(n) + 1e-4, "dw[\(co), \(t)]")
      }
      #expect(
        abs(direct.bias.gradient[co] - general.bias.gradient[co]) < 1e-6 * sums * Float(n) + 1e-4)
    }
    // The input gradient is not needed by a first layer; the weight gradient is the same without it.
    let dw = direct.weight.gradient.copy()
    _ = direct.forward(x1, training: true)
    _ = direct.backward(r, needsInputGradient: false)
    #expect(direct.weight.gradient == dw)
  }

  @Test func overlappingMaxPoolGradientMatchesFiniteDifferences() {
    let pool = MaxPool2D(size: 3, stride: 2)
    #expect(pool.outputShape(forInput: [5, 5, 2]) == [2, 2, 2])
    var g = SeededGenerator(seed: 12)
    let values = g.permutation(100).map { Float($0) * 0.1 }
    #expect(GradientCheck.check(pool, input: Tensor(shape: [2, 5, 5, 2], values: values)) < 1e-2)
  }
}
