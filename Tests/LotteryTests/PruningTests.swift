import Foundation
import NeuralNet
import Testing

@testable import Lottery

@Suite struct PruningTests {
  private func network() throws -> Sequential {
    let net = try ModelSpec.mlp(widths: [40, 30, 20, 10]).build(seed: 3)
    MaskSet.dense(for: net).apply(to: net)
    return net
  }

  @Test func layerwiseMagnitudeRemovesExactFractionsOfSurvivors() throws {
    let net = try network()
    var g = SeededGenerator(seed: 0)
    Pruner.prune(net, .layerwiseMagnitude(PruningRates()), generator: &g)
    let kept = net.sparsity.weights.map(\.kept)
    // 20% of 1,200 and of 600 removed; 10% of 200 in the output layer.
    #expect(kept == [960, 480, 180])
    Pruner.prune(net, .layerwiseMagnitude(PruningRates()), generator: &g)
    #expect(net.sparsity.weights.map(\.kept) == [768, 384, 162])
    // Biases are never pruned unless asked.
    #expect(net.parameters.filter { $0.role == .bias }.allSatisfy { $0.unmaskedCount == $0.count })
  }

  @Test func magnitudePruningRemovesTheSmallestWeights() throws {
    let net = try network()
    let w = net.weights[0]
    let before = (0..<w.count).map { abs(w.value[$0]) }
    var g = SeededGenerator(seed: 0)
    Pruner.prune(net, .layerwiseMagnitude(.uniform(0.5)), generator: &g)
    let removed = (0..<w.count).filter { w.mask![$0] == 0 }.map { before[$0] }
    let kept = (0..<w.count).filter { w.mask![$0] == 1 }.map { before[$0] }
    #expect(removed.max()! <= kept.min()!)
    #expect((0..<w.count).allSatisfy { w.mask![$0] == 1 || w.value[$0] == 0 })
  }

  @Test func randomPruningMatchesPerLayerCounts() throws {
    let a = try network()
    let b = try network()
    var g = SeededGenerator(seed: 1)
    for _ in 0..<3 {
      Pruner.prune(a, .layerwiseMagnitude(PruningRates()), generator: &g)
      Pruner.prune(b, .random(PruningRates()), generator: &g)
    }
    #expect(a.sparsity.weights.map(\.kept) == b.sparsity.weights.map(\.kept))
    #expect(a.maskSet != b.maskSet)
  }

  @Test func globalMagnitudeRemovesTheRequestedShareOfAllWeights() throws {
    let net = try network()
    var g = SeededGenerator(seed: 0)
    Pruner.prune(net, .globalMagnitude(removed: 0.75), generator: &g)
    let weights = net.sparsity.weights
    #expect(weights.reduce(0) { $0 + $1.kept } == 500)
  }

  @Test func thresholdRuleRemovesWeightsBelowQualityTimesStd() throws {
    let net = try network()
    var g = SeededGenerator(seed: 0)
    Pruner.prune(net, .threshold(quality: 1.0), generator: &g)
    // For normal weights, |w| < 1·std holds for about 68% of them.
    for layer in net.sparsity.weights {
      #expect(layer.sparsity > 0.55 && layer.sparsity < 0.8, "\(layer.name) \(layer.sparsity)")
    }
  }

  @Test func masksHoldOnlyZerosAndOnesAndSurviveEncoding() throws {
    let net = try network()
    var g = SeededGenerator(seed: 0)
    Pruner.prune(net, .layerwiseMagnitude(PruningRates()), generator: &g)
    let set = net.maskSet
    for m in set.masks.compactMap({ $0 }) { #expect(m.buffer.allSatisfy { $0 == 0 || $0 == 1 }) }
    let back = try JSONDecoder().decode(MaskSet.self, from: JSONEncoder().encode(set))
    #expect(back == set)
    let saved = try ModelFile.decode(ModelFile.encode(net))
    #expect(saved.maskSet == set)
  }

  @Test func rewindingRestoresSurvivorsExactInitialValues() throws {
    let net = try network()
    let initial = net.snapshot()
    for p in net.parameters { p.value.fill(0.5) }
    var g = SeededGenerator(seed: 0)
    Pruner.prune(net, .random(PruningRates()), generator: &g)
    net.rewind(to: initial)
    for (p, v) in zip(net.parameters, initial) {
      for i in 0..<p.count {
        #expect(p.value[i] == (p.mask.map { $0[i] } ?? 1) * v[i])
      }
    }
  }

  @Test func randomReinitialisationDiffersAndKeepsMasks() throws {
    let net = try network()
    var g = SeededGenerator(seed: 0)
    Pruner.prune(net, .layerwiseMagnitude(PruningRates()), generator: &g)
    let masks = net.maskSet
    let before = net.snapshot()
    net.reinitialize(weightInit: .glorotNormal, seed: 99)
    #expect(net.maskSet == masks)
    #expect(net.snapshot() != before)
    for p in net.weights {
      #expect((0..<p.count).allSatisfy { p.mask![$0] == 1 || p.value[$0] == 0 })
    }
  }
}
