import Testing

@testable import NeuralNet

@Suite struct TrainerTests {
  private let data = SyntheticData.gaussianBlobs(classes: 3, samplesPerClass: 60, dimensions: 6)
  private let validation = SyntheticData.gaussianBlobs(
    classes: 3, samplesPerClass: 20, dimensions: 6, seed: 0)

  private func run(seed: UInt64, dataSeed: UInt64 = 0, config: TrainingConfig? = nil) throws -> (
    Sequential, TrainingResult
  ) {
    let net = try ModelSpec.mlp(widths: [6, 16, 3]).build(seed: seed)
    let c =
      config
      ?? TrainingConfig(
        length: .epochs(5), batchSize: 20, optimizer: .adam(), schedule: .constant(0.01),
        evaluateEvery: 9, dataSeed: dataSeed, snapshotIterations: [0, 9])
    let result = try Trainer(model: net, config: c).train(
      on: data, validation: validation, test: validation)
    return (net, result)
  }

  @Test func trainingLengthIsTheConfigsIterationCount() throws {
    // 180 examples in batches of 20 and of 50 (a short last batch): the trainer steps exactly
    // as often as `TrainingConfig.iterations(examples:)` says, which experiments count with.
    for (length, batch) in [
      (TrainingConfig.Length.epochs(2), 20), (.epochs(3), 50), (.iterations(7), 50),
    ] {
      let config = TrainingConfig(length: length, batchSize: batch, evaluateEvery: 1000)
      let (_, result) = try run(seed: 0, config: config)
      #expect(result.iterations == config.iterations(examples: data.count))
    }
    #expect(TrainingConfig(length: .epochs(3), batchSize: 50).iterations(examples: 180) == 12)
  }

  @Test func equalSeedsGiveBitIdenticalWeightsAfterTraining() throws {
    let (a, ra) = try run(seed: 1)
    let (b, rb) = try run(seed: 1)
    #expect(a.parameters.map(\.value) == b.parameters.map(\.value))
    #expect(ra == rb)
    let (c, _) = try run(seed: 1, dataSeed: 2)
    #expect(a.parameters.map(\.value) != c.parameters.map(\.value))
  }

  @Test func trainingLearnsSeparableBlobs() throws {
    let (_, result) = try run(seed: 3)
    #expect(result.final.test!.accuracy > 0.9)
    #expect(result.iterations == 45)
    #expect(result.history.map(\.iteration) == [9, 18, 27, 36, 45])
  }

  @Test func earlyStopIsTheIterationOfMinimumValidationLoss() throws {
    let (_, result) = try run(seed: 3)
    let best = result.history.min { $0.validation!.loss < $1.validation!.loss }!
    #expect(result.earlyStopIteration == best.iteration)
  }

  @Test func snapshotsHoldTheWeightsAtTheRequestedIterations() throws {
    let initial = try ModelSpec.mlp(widths: [6, 16, 3]).build(seed: 1).snapshot()
    let (net, result) = try run(seed: 1)
    #expect(result.snapshots[0] == initial)
    #expect(result.snapshots[9] != initial)
    net.restore(result.snapshots[0]!)
    #expect(net.snapshot() == initial)
  }

  @Test func testSetEvaluatedOnlyWhenValidationImprovesGivesTheSameEarlyStop() throws {
    var config = TrainingConfig(
      length: .epochs(30), batchSize: 20, optimizer: .adam(), schedule: .constant(0.05),
      evaluateEvery: 3)
    let (_, always) = try run(seed: 1, config: config)
    config.testEvaluation = .whenValidationImproves
    let (_, lazy) = try run(seed: 1, config: config)
    #expect(lazy.earlyStop == always.earlyStop)
    #expect(lazy.final.test == always.final.test)
    #expect(lazy.history.contains { $0.test == nil })
  }

  @Test func divergingLossStopsWithTheIteration() throws {
    let config = TrainingConfig(
      length: .iterations(50), batchSize: 20, optimizer: .sgd(), schedule: .constant(1e30))
    #expect(throws: TrainingError.self) { _ = try run(seed: 0, config: config) }
    do {
      _ = try run(seed: 0, config: config)
    } catch let TrainingError.nonFiniteLoss(iteration, _) {
      #expect(iteration >= 1 && iteration <= 50)
    }
  }

  @Test func maskedTrainingKeepsPrunedWeightsZero() throws {
    let net = try ModelSpec.mlp(widths: [6, 16, 3]).build(seed: 1)
    var g = SeededGenerator(seed: 2)
    for w in net.weights {
      w.setMask(
        Tensor(
          shape: w.value.shape, values: (0..<w.count).map { _ in g.nextUnitFloat() < 0.5 ? 0 : 1 }))
    }
    _ = try Trainer(
      model: net,
      config: TrainingConfig(length: .epochs(2), batchSize: 20, schedule: .constant(0.05))
    )
    .train(on: data)
    for w in net.weights {
      for i in 0..<w.count where w.mask![i] == 0 {
        #expect(w.value[i] == 0)
        #expect(w.gradient[i] == 0)
      }
      // Outside training, the backward pass masks gradients itself again.
      #expect(!w.gradientMaskedByOptimizer)
    }
  }

  @Test func convolutionalNetworkTrainsOnPatterns() throws {
    let images = SyntheticData.patterns(classes: 4, samplesPerClass: 40)
    var g = SeededGenerator(seed: 0)
    let net = try Sequential(
      inputShape: [8, 8, 1],
      [
        Conv2D(1, 4, kernel: 3, padding: 1, name: "conv1", generator: &g), ReLU(),
        MaxPool2D(), Flatten(), Dense(64, 4, name: "fc1", generator: &g),
      ])
    let result = try Trainer(
      model: net,
      config: TrainingConfig(length: .epochs(8), batchSize: 16, schedule: .constant(0.01))
    ).train(on: images, test: images)
    #expect(result.final.test!.accuracy > 0.9)
  }

  @Test func incompatibleDataIsRejected() throws {
    let net = try ModelSpec.lenet300100.build(seed: 0)
    #expect(throws: TrainingError.self) {
      _ = try Trainer(model: net, config: TrainingConfig()).train(on: data)
    }
  }
}
