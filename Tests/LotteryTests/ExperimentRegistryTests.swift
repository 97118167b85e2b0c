import Foundation
import NeuralNet
import Testing

@testable import Lottery

/// The registry that runs experiments by value (`ticketbook experiment run`, `memoAll`).
struct ExperimentRegistryTests {
  /// A seconds-long IMP run on the first 300 Fashion-MNIST training images.
  static let lottery = LotteryConfig(
    model: .mlp(widths: [784, 30, 10]),
    training: TrainingConfig(length: .epochs(1), evaluateEvery: 5),
    data: DataConfig(validationCount: 200, trainLimit: 300, testLimit: 200), rounds: 2, seed: 4)

  static func temporaryStore() -> ResultStore {
    ResultStore(
      directory: URL(
        fileURLWithPath: NSTemporaryDirectory() + "ticketbook-registry-" + UUID().uuidString),
      context: ResultStore.engineContext(engineBuild: "engine", datasetChecksum: "data"))
  }

  /// The result without its wall-clock seconds, the one field two runs may differ in.
  static func timeless(_ result: LotteryResult) -> LotteryResult {
    var copy = result
    for i in copy.rounds.indices { copy.rounds[i].trainingSeconds = nil }
    return copy
  }

  @Test func everyKindRoundTripsToTheNameItsConfigurationHas() throws {
    var transfer = TransferConfig(source: Self.lottery, round: 1, ticket: .random, seed: 3)
    transfer.targetData.classes = [1, 2]
    let requests: [(Data, String)] = [
      (
        try ExperimentRequest(Self.lottery.with(control: .randomPruning)).json(),
        Self.lottery.with(control: .randomPruning).name
      ),
      (
        try ExperimentRequest(PruneFineTuneConfig(rounds: 2, method: .threshold(quality: 0.7)))
          .json(), PruneFineTuneConfig(rounds: 2, method: .threshold(quality: 0.7)).name
      ),
      (try ExperimentRequest(transfer).json(), transfer.name),
      (
        try ExperimentRequest(SupermaskConfig(keptFraction: 0.3, seed: 2)).json(),
        SupermaskConfig(keptFraction: 0.3, seed: 2).name
      ),
    ]
    for (data, name) in requests {
      let described = try ExperimentRegistry.describe(data, file: "request.json")
      #expect(described.name == name)
    }
    #expect(Set(ExperimentRegistry.kinds.map { $0.kind }) == Set(ExperimentRegistry.kindNames))
  }

  @Test func aRequestRunsOnceAndStoresWhatALessonsMemoWouldCompute() throws {
    let store = Self.temporaryStore()
    let data = try ExperimentRequest(Self.lottery).json()
    let first = try ExperimentRegistry.run(data, file: "lottery.json", store: store)
    #expect(first.name == Self.lottery.name && first.kind == "lottery" && first.store == .miss)
    let again = try ExperimentRegistry.run(data, file: "lottery.json", store: store)
    #expect(again.store == .hit)
    let stored = try #require(store.load(LotteryResult.self, name: Self.lottery.name))
    let direct = try LotteryTicket.run(Self.lottery)
    #expect(Self.timeless(stored) == Self.timeless(direct))
  }

  @Test func dependentExperimentsTakeTheirSourcesFromTheStore() throws {
    let store = Self.temporaryStore()
    let reinit = Self.lottery.with(control: .randomReinit)
    // The control needs the ticket: run by value, it computes and stores the ticket first.
    let outcome = try ExperimentRegistry.run(
      try ExperimentRequest(reinit).json(), file: "reinit.json", store: store)
    #expect(outcome.store == .miss)
    let ticket = try #require(store.load(LotteryResult.self, name: Self.lottery.name))
    let stored = try #require(store.load(LotteryResult.self, name: reinit.name))
    let direct = try LotteryTicket.run(reinit, ticketResult: ticket)
    #expect(Self.timeless(stored) == Self.timeless(direct))
    // A transfer finds its source run in the store.
    let transfer = TransferConfig(
      source: Self.lottery, round: 1, targetData: Self.lottery.data,
      targetTraining: TrainingConfig(length: .epochs(1), evaluateEvery: 5),
      ticket: .transferred)
    _ = try ExperimentRegistry.run(
      try ExperimentRequest(transfer).json(), file: "transfer.json", store: store)
    let moved = try #require(store.load(TransferResult.self, name: transfer.name))
    var expected = try TicketTransfer.run(transfer, sourceResult: ticket)
    expected.outcome.trainingSeconds = nil
    var got = moved
    got.outcome.trainingSeconds = nil
    #expect(got == expected)
  }

  @Test func badRequestsNameTheFileAndTheKnownKinds() throws {
    let store = Self.temporaryStore()
    #expect(throws: ExperimentRequestError.self) {
      try ExperimentRegistry.run(
        Data("{\"kind\":\"lotto\",\"config\":{}}".utf8), file: "x.json", store: store)
    }
    do {
      _ = try ExperimentRegistry.describe(Data("{\"kind\":\"lotto\"}".utf8), file: "x.json")
      Issue.record("an unknown kind was accepted")
    } catch let error as ExperimentRequestError {
      #expect(error.description.contains("x.json"))
      #expect(error.description.contains("lottery, prune-finetune, transfer, supermask"))
    }
    do {
      _ = try ExperimentRegistry.describe(
        Data("{\"kind\":\"lottery\",\"config\":{\"rounds\":\"many\"}}".utf8), file: "y.json")
      Issue.record("a malformed configuration was accepted")
    } catch let error as ExperimentRequestError {
      #expect(error.description.hasPrefix("y.json: the lottery configuration does not decode"))
    }
    do {
      _ = try ExperimentRegistry.describe(Data("not json".utf8), file: "z.json")
      Issue.record("a file that is not JSON was accepted")
    } catch let error as ExperimentRequestError {
      #expect(error.description.hasPrefix("z.json: not an experiment request"))
    }
  }
}
