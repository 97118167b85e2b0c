import NeuralNet
import Testing

@testable import Lottery

@Suite struct RandomMaskTests {
  @Test func keepsExactlyTheCountAskedFor() {
    var g = SeededGenerator(seed: 3)
    for kept in [0, 1, 17, 600] {
      let mask = RandomMask.keeping(kept, shape: [20, 30], using: &g)
      #expect(mask.buffer.filter { $0 == 1 }.count == kept)
      #expect(mask.buffer.allSatisfy { $0 == 0 || $0 == 1 })
    }
    let byDensity = RandomMask.keeping(density: 0.25, shape: [10, 10], using: &g)
    #expect(byDensity.buffer.filter { $0 == 1 }.count == 25)
  }

  @Test func isTheFirstElementsOfASeededPermutation() {
    var a = SeededGenerator(seed: 11)
    var b = SeededGenerator(seed: 11)
    let mask = RandomMask.keeping(40, shape: [100], using: &a)
    let expected = Tensor(shape: [100])
    for i in b.permutation(100).prefix(40) { expected[i] = 1 }
    #expect(mask.buffer.map { $0 } == expected.buffer.map { $0 })
    #expect(a == b)
  }

  @Test func choosesFromTheCandidatesOnly() {
    var g = SeededGenerator(seed: 5)
    let candidates = [3, 8, 13, 21, 34]
    let chosen = RandomMask.choose(3, from: candidates, using: &g)
    #expect(chosen.count == 3 && Set(chosen).isSubset(of: candidates))
  }
}
