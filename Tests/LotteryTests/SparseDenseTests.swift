import NeuralNet
import Testing

@testable import Lottery

@Suite struct SparseDenseTests {
  /// A dense layer with a random mask keeping `density` of its weights, and a random bias.
  static func prunedLayer(_ inputs: Int, _ outputs: Int, density: Double, seed: UInt64) -> Dense {
    var g = SeededGenerator(seed: seed)
    let layer = Dense(inputs, outputs, biasInit: .uniform(limit: 0.5), generator: &g)
    layer.weight.setMask(RandomMask.keeping(density: density, shape: [outputs, inputs], using: &g))
    return layer
  }

  static func input(batch: Int, width: Int, seed: UInt64) -> Tensor {
    var g = SeededGenerator(seed: seed)
    return Tensor(shape: [batch, width], values: (0..<(batch * width)).map { _ in g.nextNormal() })
  }

  @Test(arguments: [1.0, 0.5, 0.2, 0.05, 0.01, 0])
  func sparseForwardEqualsDenseMaskedForward(density: Double) {
    // 37 inputs and 21 outputs: ragged SIMD tiles, slices and transposes at every edge.
    let dense = Self.prunedLayer(37, 21, density: density, seed: 7)
    let sparse = SparseDense(converting: dense)
    for batch in [1, 3, 8, 64, 65, 256] {
      let x = Self.input(batch: batch, width: 37, seed: UInt64(batch))
      let expected = dense(x)
      for kernel in SparseDense.Kernel.allCases {
        sparse.kernel = kernel
        let y = sparse(x)
        #expect(y.shape == [batch, 21])
        #expect(relativeDifference(y, expected) <= 1e-5, "batch \(batch), \(kernel)")
      }
    }
  }

  @Test func everyInstructionSetLevelGivesTheDenseMaskedForward() {
    let best = SparseRows.simdLevel
    defer { SparseRows.simdLevel = 0 }
    let dense = Self.prunedLayer(37, 21, density: 0.3, seed: 11)
    let sparse = SparseDense(converting: dense)
    for level in 1...best {
      SparseRows.simdLevel = level
      for batch in [1, 3, 65] {
        let x = Self.input(batch: batch, width: 37, seed: 12)
        for kernel in SparseDense.Kernel.allCases {
          sparse.kernel = kernel
          #expect(relativeDifference(sparse(x), dense(x)) <= 1e-5, "level \(level), \(kernel)")
        }
      }
    }
  }

  @Test func emptyRowsGiveTheBiasAndAFullyPrunedLayerGivesOnlyBiases() {
    let dense = Self.prunedLayer(10, 6, density: 0.5, seed: 1)
    // Rows 1 and 4 lose every weight.
    let mask = dense.weight.mask!.copy()
    for r in [1, 4] { for c in 0..<10 { mask[r * 10 + c] = 0 } }
    dense.weight.setMask(mask)
    let sparse = SparseDense(converting: dense)
    #expect(sparse.weight.rowLength(1) == 0 && sparse.weight.rowLength(4) == 0)
    let bias = dense.bias.value.scalars
    for batch in [1, 3, 256] {
      let x = Self.input(batch: batch, width: 10, seed: 9)
      for kernel in SparseDense.Kernel.allCases {
        sparse.kernel = kernel
        let y = sparse(x)
        #expect(relativeDifference(y, dense(x)) <= 1e-5)
        for s in 0..<batch { #expect(y[s * 6 + 1] == bias[1] && y[s * 6 + 4] == bias[4]) }
      }
    }

    let pruned = Self.prunedLayer(10, 6, density: 0, seed: 2)
    let empty = SparseDense(converting: pruned)
    #expect(empty.weight.nonZeroCount == 0)
    for kernel in SparseDense.Kernel.allCases {
      empty.kernel = kernel
      let y = empty(Self.input(batch: 3, width: 10, seed: 4))
      #expect(y.scalars == Array(repeating: pruned.bias.value.scalars, count: 3).flatMap { $0 })
    }
  }

  @Test func conversionWithoutAMaskKeepsTheExactNonZeros() {
    var g = SeededGenerator(seed: 5)
    let dense = Dense(8, 4, generator: &g)
    for i in stride(from: 0, to: 32, by: 3) { dense.weight.value[i] = 0 }
    let sparse = SparseDense(converting: dense)
    #expect(sparse.weight.nonZeroCount == 32 - 11)
    #expect(sparse.weight.toDense() == dense.weight.value)
    let x = Self.input(batch: 5, width: 8, seed: 6)
    #expect(relativeDifference(sparse(x), dense(x)) <= 1e-5)
  }

  @Test func repeatedCallsDoNotGrowTheWorkspace() {
    let sparse = SparseDense(converting: Self.prunedLayer(50, 30, density: 0.1, seed: 3))
    let big = Self.input(batch: 256, width: 50, seed: 1)
    let small = Self.input(batch: 1, width: 50, seed: 2)
    _ = sparse.forward(big, training: false)
    let warm = sparse.workspaceCapacity
    for _ in 0..<20 {
      _ = sparse.forward(small, training: false)
      _ = sparse.forward(big, training: false)
      _ = sparse.forward(Self.input(batch: 3, width: 50, seed: 3), training: false)
    }
    #expect(sparse.workspaceCapacity == warm)
  }

  @Test func inferenceOnlyLayerReportsShapeAndNoParameters() {
    let sparse = SparseDense(converting: Self.prunedLayer(784, 300, density: 0.05, seed: 1))
    #expect(sparse.outputShape(forInput: [784]) == [300])
    #expect(sparse.outputShape(forInput: [28, 28, 1]) == [300])
    #expect(sparse.outputShape(forInput: [100]) == nil)
    #expect(sparse.parameters.isEmpty)
    #expect(sparse.summary == "SparseDense(784→300, 5.0% kept)")
  }
}
