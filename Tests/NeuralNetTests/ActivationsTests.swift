import Testing

@testable import NeuralNet

@Suite struct ActivationsTests {
  @Test func reluGradientMatchesFiniteDifferences() {
    #expect(GradientCheck.check(ReLU(), input: GradientCheck.random([3, 7], seed: 1)) < 1e-2)
  }

  @Test func tanhGradientMatchesFiniteDifferences() {
    #expect(GradientCheck.check(Tanh(), input: GradientCheck.random([3, 7], seed: 2)) < 1e-2)
  }

  @Test func flattenGradientMatchesFiniteDifferences() {
    let layer = Flatten()
    #expect(layer.outputShape(forInput: [2, 3, 4]) == [24])
    #expect(GradientCheck.check(layer, input: GradientCheck.random([2, 2, 3, 1], seed: 3)) < 1e-2)
  }
}
