import Foundation
import NeuralNet
import Testing

@testable import Lottery

@Suite struct SupermaskLayerTests {
  /// The kept indices by a full sort: |s| descending, ties by index ascending, first k.
  private func referenceKept(_ scores: [Float], _ k: Int) -> Set<Int> {
    let order = scores.indices.sorted { a, b in
      abs(scores[a]) != abs(scores[b]) ? abs(scores[a]) > abs(scores[b]) : a < b
    }
    return Set(order.prefix(k))
  }

  private func kept(_ layer: SupermaskLayer) -> Set<Int> {
    let mask = layer.mask
    return Set((0..<mask.count).filter { mask[$0] == 1 })
  }

  private func layer(
    _ inputs: Int, _ outputs: Int, kept k: Double, seed: UInt64 = 1,
    weightInit: Initializer = .signedHeConstant(), scaleByKept: Bool = false
  ) -> SupermaskDense {
    var g = SeededGenerator(seed: seed)
    return SupermaskDense(
      inputs, outputs, name: "fc", keptFraction: k, weightInit: weightInit,
      scaleByKept: scaleByKept, generator: &g)
  }

  private func setScores(_ layer: SupermaskLayer, _ values: [Float]) {
    for (i, v) in values.enumerated() { layer.scores.value[i] = v }
    layer.updateMask()
  }

  @Test func topKEqualsASortedReferenceOnRandomScores() {
    var g = SeededGenerator(seed: 7)
    for (inputs, outputs) in [(1, 1), (3, 5), (37, 11), (300, 100)] {
      for k in [0.0, 0.01, 0.1, 0.3, 0.5, 0.77, 0.99, 1.0] {
        let l = layer(inputs, outputs, kept: k)
        // Normal scores: several binades, so every radix digit decides somewhere.
        let values = (0..<l.weightCount).map { _ in g.nextNormal() * 0.05 }
        setScores(l, values)
        #expect(kept(l) == referenceKept(values, l.keptCount), "\(inputs)×\(outputs) k=\(k)")
        #expect(l.keptCount == Int((k * Double(l.weightCount)).rounded()))
      }
    }
  }

  @Test func topKFollowsScoresThatMoveBetweenSelections() {
    // The selection reuses the last threshold's first radix digit as a guess: right when the
    // scores moved a little, wrong when they were rescaled; both must give the exact top k.
    var g = SeededGenerator(seed: 8)
    let l = layer(100, 30, kept: 0.37)
    var values = (0..<l.weightCount).map { _ in g.nextNormal() }
    for scale: Float in [1, 1, 1e-3, 1e-3, 7, 7, 2e5] {
      for i in values.indices { values[i] = values[i] * scale + 1e-4 * g.nextNormal() }
      setScores(l, values)
      #expect(kept(l) == referenceKept(values, l.keptCount), "scale \(scale)")
      let mask = l.mask
      #expect(
        (0..<l.weightCount).allSatisfy { l.effectiveWeightValue[$0] == l.weight[$0] * mask[$0] })
    }
  }

  @Test func tiesAtTheThresholdKeepExactlyKLowestIndicesFirst() {
    var g = SeededGenerator(seed: 3)
    let l = layer(50, 40, kept: 0.5)
    // Five magnitudes with both signs, and zeros of both signs: ties everywhere.
    let levels: [Float] = [0, -0.0, 0.25, -0.25, 1, -1, 3e-7, 0.5, -0.5]
    let values = (0..<l.weightCount).map { _ in levels[g.nextInt(below: levels.count)] }
    for k in [0, 1, 2, 999, 1000, 1001, 1999, 2000] {
      let lk = SupermaskDense(
        50, 40, keptFraction: Double(k) / 2000, generator: &g)
      // Twice: the second selection finds the threshold in the window around the first.
      for _ in 0..<2 {
        setScores(lk, values)
        #expect(lk.keptCount == k)
        #expect(kept(lk) == referenceKept(values, k), "k = \(k)")
      }
    }
    setScores(l, [Float](repeating: 0.125, count: l.weightCount))
    #expect(kept(l) == Set(0..<1000))
  }

  @Test func forwardUsesTheMaskedFrozenWeights() {
    let l = layer(6, 4, kept: 0.5)
    let x = Tensor(shape: [3, 6], values: (0..<18).map { Float($0 % 7) - 3 })
    let y = l.forward(x, training: false)
    let mask = l.mask
    for n in 0..<3 {
      for o in 0..<4 {
        var sum: Float = 0
        for i in 0..<6 { sum += x[n * 6 + i] * l.weight[o * 6 + i] * mask[o * 6 + i] }
        #expect(abs(y[n * 4 + o] - sum) <= 1e-5)
      }
    }
  }

  @Test func scoreGradientIsTheEffectiveWeightGradientTimesTheSignedWeights() {
    // The straight-through estimator: the wrapped Dense layer with weights W ⊙ m gives
    // dL/d(W ⊙ m); the scores get that ⊙ W ⊙ sign(s), for kept and pruned weights alike.
    var g = SeededGenerator(seed: 11)
    let l = layer(20, 7, kept: 0.3, weightInit: .heNormal())
    let x = Tensor(shape: [5, 20], values: (0..<100).map { _ in g.nextNormal() })
    let dy = Tensor(shape: [5, 7], values: (0..<35).map { _ in g.nextNormal() })
    let y = l.forward(x, training: true).copy()
    let dx = l.backward(dy, needsInputGradient: true)!.copy()

    var unused = SeededGenerator(seed: 0)
    let dense = Dense(20, 7, weightInit: .zeros, generator: &unused)
    let mask = l.mask
    for i in 0..<140 { dense.weight.value[i] = l.weight[i] * mask[i] }
    #expect(dense.forward(x, training: true) == y)
    let denseDx = dense.backward(dy, needsInputGradient: true)!
    #expect(denseDx == dx)
    #expect(dense.weight.gradient == l.effectiveWeightGradient)
    var pruned = 0
    for i in 0..<140 {
      let signedW = l.scores.value[i].sign == .minus ? -l.weight[i] : l.weight[i]
      #expect(l.scores.gradient[i] == dense.weight.gradient[i] * signedW)
      if mask[i] == 0 && l.scores.gradient[i] != 0 { pruned += 1 }
    }
    #expect(pruned > 50, "pruned weights' scores get gradient too")
  }

  @Test func frozenWeightsNeverChangeThroughSGDAndAdamSteps() {
    for optimizer in [
      OptimizerConfig.sgd(momentum: 0.9, nesterov: true, weightDecay: 5e-4),
      .adam(weightDecay: 1e-4),
    ] {
      var g = SeededGenerator(seed: 5)
      let l = layer(30, 10, kept: 0.5, weightInit: .heUniform())
      let before = l.weight.copy()
      let scoresBefore = l.scores.value.copy()
      let opt = optimizer.make(l.parameters)
      #expect(opt.parameters.allSatisfy { $0.value !== l.weight })
      for _ in 0..<5 {
        let x = Tensor(shape: [4, 30], values: (0..<120).map { _ in g.nextNormal() })
        _ = l.forward(x, training: true)
        _ = l.backward(
          Tensor(shape: [4, 10], values: (0..<40).map { _ in g.nextNormal() }),
          needsInputGradient: false)
        opt.step(learningRate: 0.1)
        #expect(l.weight.buffer.elementsEqual(before.buffer) { $0.bitPattern == $1.bitPattern })
      }
      #expect(l.scores.value != scoresBefore)
    }
  }

  @Test func scalingByKeptDividesTheWeightsByRootK() {
    let plain = layer(40, 10, kept: 0.25, seed: 9, weightInit: .heNormal())
    let scaled = layer(40, 10, kept: 0.25, seed: 9, weightInit: .heNormal(), scaleByKept: true)
    for i in 0..<400 { #expect(scaled.weight[i] == plain.weight[i] * 2) }
    #expect(scaled.scores.value == plain.scores.value)
  }

  @Test func signedConstantWeightsTakeTwoValuesAndScoresAreKaimingUniform() {
    let l = layer(784, 30, kept: 0.5)
    let c = Float(2.0.squareRoot() / 784.0.squareRoot())
    #expect(l.weight.buffer.allSatisfy { $0 == c || $0 == -c })
    let bound = 1 / Float(784).squareRoot()
    #expect(l.scores.value.buffer.allSatisfy { abs($0) <= bound })
    #expect(l.parameters.map(\.name) == ["fc.scores"])
  }

  @Test func convolutionUsesTheMaskedKernels() {
    var g = SeededGenerator(seed: 2)
    let l = SupermaskConv2D(2, 3, kernel: 3, padding: 1, keptFraction: 0.4, generator: &g)
    #expect(l.keptCount == Int((0.4 * 54).rounded()))
    let x = Tensor(shape: [2, 5, 5, 2], values: (0..<100).map { _ in g.nextNormal() })
    let y = l.forward(x, training: true).copy()
    var unused = SeededGenerator(seed: 0)
    let conv = Conv2D(2, 3, kernel: 3, padding: 1, weightInit: .zeros, generator: &unused)
    let mask = l.mask
    for i in 0..<54 { conv.weight.value[i] = l.weight[i] * mask[i] }
    #expect(conv.forward(x, training: true) == y)
    let dy = Tensor(shape: y.shape, values: (0..<y.count).map { _ in g.nextNormal() })
    _ = l.backward(dy, needsInputGradient: false)
    _ = conv.backward(dy, needsInputGradient: false)
    #expect(conv.weight.gradient == l.effectiveWeightGradient)
    #expect(Int(mask.scalars.reduce(0, +)) == l.keptCount)
  }
}
