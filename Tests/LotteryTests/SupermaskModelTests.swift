import Foundation
import NeuralNet
import Testing

@testable import Lottery

@Suite struct SupermaskModelTests {
  @Test func lenet300100HasThreeSupermaskLayersWhoseOnlyParametersAreScores() throws {
    let net = try SupermaskModel().build(seed: 0)
    #expect(net.supermaskLayers.map(\.name) == ["fc1", "fc2", "fc3"])
    #expect(net.parameters.map(\.name) == ["fc1.scores", "fc2.scores", "fc3.scores"])
    #expect(net.parameterCount == 784 * 300 + 300 * 100 + 100 * 10)
    #expect(net.supermaskLayers.map(\.keptCount) == [117_600, 15_000, 500])
    #expect(net.layers.count == 5 && net.layers[1] is ReLU)
  }

  @Test func equalSeedsGiveEqualWeightsAndScoresWhateverK() throws {
    let a = try SupermaskModel(widths: [10, 8, 3], keptFraction: 0.5).build(seed: 4)
    let b = try SupermaskModel(widths: [10, 8, 3], keptFraction: 0.2).build(seed: 4)
    let c = try SupermaskModel(widths: [10, 8, 3], keptFraction: 0.5).build(seed: 5)
    for (x, y) in zip(a.supermaskLayers, b.supermaskLayers) {
      #expect(x.weight == y.weight && x.scores.value == y.scores.value)
    }
    #expect(a.supermaskLayers[0].weight != c.supermaskLayers[0].weight)
  }

  @Test func everyLayerKeepsExactlyKAfterEveryTrainingStep() throws {
    let data = SyntheticData.gaussianBlobs(classes: 4, samplesPerClass: 30, dimensions: 12)
    let net = try SupermaskModel(widths: [12, 33, 17, 4], keptFraction: 0.3).build(seed: 1)
    // Equal |scores| in the first layer: every step starts from ties.
    let first = net.supermaskLayers[0]
    for i in 0..<first.scores.count { first.scores.value[i] = i % 2 == 0 ? 0.01 : -0.01 }
    var steps = 0
    var counts: Set<[Int]> = []
    let config = TrainingConfig(
      length: .iterations(12), batchSize: 16, optimizer: .sgd(momentum: 0.9),
      schedule: .constant(0.1))
    _ = try Trainer(model: net, config: config).train(on: data) { _ in
      steps += 1
      counts.insert(
        net.supermaskLayers.map { Int($0.mask.scalars.reduce(0, +)) })
    }
    #expect(steps == 12)
    #expect(counts == [[Int((0.3 * 396).rounded()), Int((0.3 * 561).rounded()), 20]])
  }
}
