import Foundation
import NeuralNet
import Testing

@testable import Lottery

@Suite struct TransferTests {
  private let source: DataSplits = {
    let full = SyntheticData.gaussianBlobs(classes: 3, samplesPerClass: 80, dimensions: 8)
    let test = SyntheticData.gaussianBlobs(classes: 3, samplesPerClass: 30, dimensions: 8, seed: 5)
    return try! DataSplits(holdingOut: 40, of: full, test: test, seed: 0)
  }()

  private var config: TransferConfig {
    let search = LotteryConfig(
      model: .mlp(widths: [8, 24, 3]),
      training: TrainingConfig(
        length: .epochs(2), batchSize: 20, schedule: .constant(0.01), evaluateEvery: 5),
      rounds: 3)
    return TransferConfig(
      source: search, round: 2,
      targetTraining: TrainingConfig(
        length: .epochs(2), batchSize: 20, optimizer: .sgd(momentum: 0.9),
        schedule: .constant(0.05), evaluateEvery: 5))
  }

  @Test func transferKeepsTheTicketsMask() throws {
    let ticket = try LotteryTicket.run(config.source, data: source)
    let moved = try TicketTransfer.run(config, sourceResult: ticket, data: source)
    #expect(moved.outcome.sparsity == ticket.rounds[2].sparsity)
    let reinit = try TicketTransfer.run(
      config.with(ticket: .reinitialized), sourceResult: ticket, data: source)
    #expect(reinit.outcome.sparsity == ticket.rounds[2].sparsity)
  }

  @Test func randomTicketMatchesPerLayerCountsButNotTheMask() throws {
    let ticket = try LotteryTicket.run(config.source, data: source)
    let random = try TicketTransfer.run(
      config.with(ticket: .random), sourceResult: ticket, data: source)
    #expect(
      random.outcome.sparsity.weights.map(\.kept) == ticket.rounds[2].sparsity.weights.map(\.kept))
  }

  @Test func transferredTicketStartsFromTheSourcesInitialValues() throws {
    // Trained for zero iterations, the transferred network is θ₀ ⊙ m of the source.
    let ticket = try LotteryTicket.run(config.source, data: source)
    let net = try LotteryTicket.initialNetwork(config.source)
    ticket.masks[2].apply(to: net)
    var c = config
    c.targetTraining.length = .iterations(0)
    c.targetTraining.evaluateAtStart = true
    let expected = evaluate(net, on: source.test).accuracy
    let moved = try TicketTransfer.run(c, sourceResult: ticket, data: source)
    #expect(moved.outcome.finalAccuracy == expected)
  }
}
