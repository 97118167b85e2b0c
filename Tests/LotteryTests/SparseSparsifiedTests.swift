import NeuralNet
import Testing

@testable import Lottery

@Suite struct SparseSparsifiedTests {
  static func prunedLeNet(density: Double, seed: UInt64) throws -> Sequential {
    let network = try ModelSpec.lenet300100.build(biasInit: .uniform(limit: 0.1), seed: seed)
    var g = SeededGenerator(seed: seed &+ 100)
    for w in network.weights {
      w.setMask(RandomMask.keeping(density: density, shape: w.value.shape, using: &g))
    }
    return network
  }

  @Test(arguments: [0.5, 0.05, 0.01])
  func sparsifiedLeNet300100GivesTheSameLogits(density: Double) throws {
    let network = try Self.prunedLeNet(density: density, seed: 1)
    let sparse = try sparsified(network)
    #expect(sparse.layers.count == network.layers.count)
    #expect(sparse.layers.filter { $0 is SparseDense }.count == 3)
    #expect(sparse.outputShape == [10])
    for batch in [1, 3, 256] {
      var g = SeededGenerator(seed: UInt64(batch))
      let x = Tensor(
        shape: [batch, 784], values: (0..<(batch * 784)).map { _ in g.nextUnitFloat() })
      let expected = network(x)
      #expect(relativeDifference(sparse(x), expected) <= 1e-5, "batch \(batch)")
    }
  }

  @Test func onlyPrunedDenseLayersAtMostTheDensityLimitAreConverted() throws {
    let network = try ModelSpec.lenet300100.build(seed: 2)
    var g = SeededGenerator(seed: 3)
    let fc1 = network.weights[0]
    fc1.setMask(RandomMask.keeping(density: 0.1, shape: fc1.value.shape, using: &g))
    let fc2 = network.weights[1]
    fc2.setMask(RandomMask.keeping(density: 0.6, shape: fc2.value.shape, using: &g))

    let all = try sparsified(network)
    #expect(all.layers.map { $0 is SparseDense } == [true, false, true, false, false])
    let limited = try sparsified(network, maximumDensity: 0.5)
    #expect(limited.layers.map { $0 is SparseDense } == [true, false, false, false, false])
    // The unpruned output layer is shared; activations are rebuilt.
    #expect(all.layers[4] === network.layers[4])
    #expect(all.layers[1] !== network.layers[1])
  }
}
