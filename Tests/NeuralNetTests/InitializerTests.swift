import Foundation
import Testing

@testable import NeuralNet

@Suite struct InitializerTests {
  private func sampleStd(_ initializer: Initializer, fanIn: Int, fanOut: Int) -> Double {
    var g = SeededGenerator(seed: 42)
    let t = Tensor(shape: [200_000])
    initializer.fill(t, fanIn: fanIn, fanOut: fanOut, using: &g)
    let mean = Elementwise.sum(t.pointer, count: t.count) / Double(t.count)
    let sq = t.buffer.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) }
    return (sq / Double(t.count)).squareRoot()
  }

  @Test func xavierStdIsSqrtTwoOverFanSum() {
    let expected = (2.0 / (784 + 300)).squareRoot()
    for i in [Initializer.glorotNormal, .glorotUniform] {
      #expect(abs(sampleStd(i, fanIn: 784, fanOut: 300) / expected - 1) < 0.01)
    }
  }

  @Test func kaimingStdIsSqrtTwoOverFanIn() {
    let expected = (2.0 / 784).squareRoot()
    for i in [Initializer.heNormal(), .heUniform(), .signedHeConstant()] {
      #expect(abs(sampleStd(i, fanIn: 784, fanOut: 300) / expected - 1) < 0.01)
    }
    let fanOut = Initializer.heNormal(fan: .out, gain: .linear)
    #expect(abs(sampleStd(fanOut, fanIn: 784, fanOut: 300) / (1 / 300.0.squareRoot()) - 1) < 0.01)
    #expect(abs(Initializer.heNormal(gain: .tanh).std(fanIn: 25, fanOut: 1) - 1.0 / 3) < 1e-12)
  }

  @Test func signedConstantTakesOnlyTwoValues() {
    var g = SeededGenerator(seed: 1)
    let t = Tensor(shape: [1000])
    Initializer.signedHeConstant().fill(t, fanIn: 50, fanOut: 10, using: &g)
    let s = Float(0.2)
    #expect(t.buffer.allSatisfy { abs(abs($0) - s) < 1e-7 })
    #expect(t.buffer.contains { $0 > 0 } && t.buffer.contains { $0 < 0 })
  }

  @Test func equalSeedsGiveIdenticalWeights() {
    var a = SeededGenerator(seed: 3)
    var b = SeededGenerator(seed: 3)
    let x = Dense(30, 20, generator: &a)
    let y = Dense(30, 20, generator: &b)
    #expect(x.weight.value == y.weight.value)
    var c = SeededGenerator(seed: 4)
    #expect(Dense(30, 20, generator: &c).weight.value != x.weight.value)
  }
}

@Suite struct RandomTests {
  @Test func generatorStreamIsPinned() {
    var g = SeededGenerator(seed: 0)
    let first = (0..<3).map { _ in g.next() }
    var h = SeededGenerator(seed: 0)
    #expect(first == (0..<3).map { _ in h.next() })
    #expect(Set(first).count == 3)
  }

  @Test func permutationIsAPermutation() {
    var g = SeededGenerator(seed: 9)
    #expect(g.permutation(100).sorted() == Array(0..<100))
  }
}
