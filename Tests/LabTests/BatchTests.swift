import Foundation
import LabRecords
import Lottery
import NeuralNet
import Testing

@testable import Lab

/// `memoAll`: batches of independent experiments, run once each, results in order.
struct BatchTests {
  static let base = LotteryConfig(
    model: .mlp(widths: [784, 20, 10]),
    training: TrainingConfig(length: .epochs(1), evaluateEvery: 5),
    data: DataConfig(validationCount: 200, trainLimit: 200, testLimit: 100), rounds: 1)

  static func timeless(_ result: LotteryResult) -> LotteryResult {
    var copy = result
    for i in copy.rounds.indices { copy.rounds[i].trainingSeconds = nil }
    return copy
  }

  @Test func aBatchInThisProcessReturnsResultsInOrderAndStoresEachOnce() throws {
    let (runtime, directory) = try makeRuntime(memo: true)
    let configs = [2, 0, 1].map { Self.base.with(seed: $0) }
    let batch = Batch(runtime: runtime)
    let first = try batch.results(configs) { "seed \($0.seed)" }
    #expect(first.map(\.config) == configs)
    for (result, config) in zip(first, configs) {
      #expect(Self.timeless(result) == Self.timeless(try LotteryTicket.run(config)))
    }
    let again = try batch.results(configs) { "seed \($0.seed)" }
    #expect(again == first)
    let hits = records(in: directory).compactMap { record -> Bool? in
      if case .memo(_, _, _, let hit, _) = record { return hit }
      return nil
    }
    #expect(hits == [false, false, false, true, true, true])
    // Stored under the experiment's own name, where `memo(config)` looks.
    let loaded = Memo(runtime: runtime).store?.load(LotteryResult.self, name: configs[0].name)
    #expect(loaded == first[0])
  }

  @Test func settingsComeFromTheRendersEnvironment() {
    let settings = BatchSettings.fromEnvironment([
      LabEnvironment.executable: "/opt/ticketbook", LabEnvironment.jobs: "3",
      LabEnvironment.jobSlots: "/tmp/slots", LabEnvironment.executor: "slurm",
      LabEnvironment.slurmPartition: "gpu",
      LabEnvironment.slurmOptions: "--account=lab\n--time=1:00:00",
    ])
    #expect(
      settings
        == BatchSettings(
          executable: "/opt/ticketbook", jobs: 3, slotDirectory: "/tmp/slots", executor: .slurm,
          slurmPartition: "gpu", slurmOptions: ["--account=lab", "--time=1:00:00"]))
    #expect(BatchSettings.fromEnvironment([:]) == BatchSettings())
  }

  @Test func jobSlotsLetAtMostTheirCountComputeAtOnce() throws {
    let directory = NSTemporaryDirectory() + "ticketbook-slots-" + UUID().uuidString
    let slots = JobSlots(directory: directory, count: 2)
    let a = try #require(slots.acquire())
    let b = try #require(slots.acquire())
    #expect(Set([a.index, b.index]) == [0, 1])
    let third = LockedBox<JobSlots.Slot?>(nil)
    let thread = Thread { third.set(slots.acquire()) }
    thread.start()
    Thread.sleep(forTimeInterval: 0.3)
    #expect(third.get() == nil, "a third slot was handed out while two were held")
    a.release()
    var waited = 0.0
    while third.get() == nil && waited < 5 {
      Thread.sleep(forTimeInterval: 0.05)
      waited += 0.05
    }
    #expect(third.get()?.index == a.index)
    b.release()
    third.get()?.release()
  }

  @Test func shellQuotingSurvivesQuotesAndSpaces() {
    #expect(Batch.shellQuoted("/a b/it's") == "'/a b/it'\\''s'")
  }
}

/// A value shared between threads under a lock.
final class LockedBox<T>: @unchecked Sendable {
  private var value: T
  private let lock = NSLock()
  init(_ value: T) { self.value = value }
  func get() -> T { lock.withLock { value } }
  func set(_ newValue: T) { lock.withLock { value = newValue } }
}
