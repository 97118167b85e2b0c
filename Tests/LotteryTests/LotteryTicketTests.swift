import Foundation
import NeuralNet
import Testing

@testable import Lottery

@Suite struct LotteryTicketTests {
  private let splits: DataSplits = {
    let full = SyntheticData.gaussianBlobs(classes: 3, samplesPerClass: 80, dimensions: 8)
    let test = SyntheticData.gaussianBlobs(classes: 3, samplesPerClass: 30, dimensions: 8, seed: 5)
    return try! DataSplits(holdingOut: 40, of: full, test: test, seed: 0)
  }()

  private var config: LotteryConfig {
    LotteryConfig(
      model: .mlp(widths: [8, 24, 3]),
      training: TrainingConfig(
        length: .epochs(3), batchSize: 20, schedule: .constant(0.01), evaluateEvery: 5),
      rounds: 3)
  }

  @Test func imperativeRoundsShrinkByTheScheduledRates() throws {
    let result = try LotteryTicket.run(config, data: splits)
    #expect(result.rounds.count == 4)
    let kept = result.rounds.map { $0.sparsity.weights.map(\.kept) }
    #expect(kept[0] == [192, 72])
    #expect(kept[1] == [154, 65])
    #expect(result.rounds[0].percentRemaining == 100)
    #expect(result.rounds.allSatisfy { $0.earlyStopIteration > 0 })
  }

  @Test func ticketRoundsTrainFromTheOriginalInitialisation() throws {
    // Round 1 of IMP trains θ₀ ⊙ m: the same as training a fresh network of the same seed with
    // that mask installed by hand.
    let result = try LotteryTicket.run(config, data: splits)
    let net = try config.model.build(weightInit: config.weightInit, seed: config.seed)
    result.masks[1].apply(to: net)
    let run = try Trainer(model: net, config: config.training).train(
      on: splits.train, validation: splits.validation, test: splits.test)
    #expect(run.final.test!.accuracy == result.rounds[1].finalAccuracy)
  }

  @Test func controlsUseTheTicketsSparsity() throws {
    let ticket = try LotteryTicket.run(config, data: splits)
    let reinit = try LotteryTicket.run(
      config.with(control: .randomReinit), data: splits, ticketResult: ticket)
    let random = try LotteryTicket.run(config.with(control: .randomPruning), data: splits)
    #expect(reinit.masks == ticket.masks)
    for r in 0...3 {
      #expect(reinit.rounds[r].sparsity == ticket.rounds[r].sparsity)
      #expect(
        random.rounds[r].sparsity.weights.map(\.kept)
          == ticket.rounds[r].sparsity.weights.map(\.kept))
    }
    #expect(random.masks[2] != ticket.masks[2])
  }

  @Test func equalSeedsGiveIdenticalRuns() throws {
    let first = try LotteryTicket.run(config, data: splits)
    let second = try LotteryTicket.run(config, data: splits)
    #expect(first == second)
    // Each round's training time is measured, and it is not part of what equality compares.
    #expect(first.rounds.allSatisfy { ($0.trainingSeconds ?? 0) > 0 })
  }

  @Test func lateRewindingTrainsTheRemainingIterations() throws {
    var c = config
    c.rewindIteration = 4
    let result = try LotteryTicket.run(c, data: splits)
    let perRound = 3 * ((splits.train.count + 19) / 20)
    #expect(result.rounds[0].history.last!.iteration == perRound)
    #expect(result.rounds[1].history.last!.iteration == perRound - 4)
  }

  @Test func spreadSummarisesReplicates() throws {
    let runs = try [0, 1].map { try LotteryTicket.run(config.with(seed: $0), data: splits) }
    let summary = RoundSummary.of(runs)
    #expect(summary.count == 4)
    let accs = runs.map { $0.rounds[2].finalAccuracy }
    #expect(
      summary[2].finalAccuracy.min == accs.min()! && summary[2].finalAccuracy.max == accs.max()!)
  }
}
