import Foundation
import NeuralNet
import Testing

@testable import Lottery

@Suite struct ExperimentTests {
  @Test func namesDependOnlyOnNonDefaultFields() {
    #expect(LotteryConfig().canonicalJSON == "{}")
    var c = LotteryConfig()
    c.rounds = 12
    #expect(c.canonicalJSON == #"{"rounds":12}"#)
    var d = LotteryConfig()
    d.training.batchSize = 100
    #expect(d.canonicalJSON == #"{"training":{"batchSize":100}}"#)
    #expect(c.name != d.name && c.name.hasPrefix("lottery-"))
  }

  @Test func withSeedAndWithControlChangeOnlyThatField() {
    func seeded<C: SeededExperiment>(_ c: C) {
      var d = c.with(seed: 7)
      #expect(d.seed == 7 && d != c)
      #expect(d.canonicalJSON.contains("\"seed\":7"))
      d.seed = c.seed
      #expect(d == c)
    }
    seeded(LotteryConfig())
    seeded(SupermaskConfig())
    seeded(TransferConfig())
    seeded(PruneFineTuneConfig())
    #expect(LotteryConfig().with(control: .randomPruning).control == .randomPruning)
    #expect(LotteryConfig().with(control: .randomPruning).with(control: .ticket) == LotteryConfig())
    #expect(LotteryConfig().with(\.rounds, 20).rounds == 20)
    #expect(TransferConfig().with(ticket: .random).ticket == .random)
  }

  @Test func experimentNamesArePinned() {
    // Regression: a change here renames every stored result; change it only on purpose.
    #expect(LotteryConfig().name == "lottery-44136fa355b3678a")
    #expect(LotteryConfig(rounds: 12).name == "lottery-dfe8e39e85a44ad8")
    let control = LotteryConfig(seed: 2, control: .randomReinit)
    #expect(control.canonicalJSON == #"{"control":"randomReinit","seed":2}"#)
    #expect(control.name == "lottery-1436369b29f4d140")
  }

  private func temporaryStore(_ context: [String: String] = ["engine": "e1"]) -> ResultStore {
    ResultStore(
      directory: FileManager.default.temporaryDirectory.appendingPathComponent(
        "tb-store-\(UUID())"),
      context: context)
  }

  @Test func storeHitMissAndCorruption() throws {
    let store = temporaryStore()
    var computed = 0
    let (a, first) = store.memo("x") {
      computed += 1
      return [1.5, 2.5]
    }
    let (b, second) = store.memo("x") {
      computed += 1
      return [0.0]
    }
    #expect(a == b && computed == 1 && first == .miss && second == .hit)
    try Data("garbage".utf8).write(to: store.path(for: "x"))
    let (c, third) = store.memo("x") {
      computed += 1
      return [1.5, 2.5]
    }
    #expect(c == a && computed == 2 && third == .recomputed)
  }

  @Test func aSecondAskerWaitsForTheEntryBeingComputedAndLoadsItInsteadOfComputingAgain()
    throws
  {
    let store = temporaryStore()
    let computations = Counter()
    let started = DispatchSemaphore(value: 0)
    let group = DispatchGroup()
    let firstOutcome = Box()
    group.enter()
    Thread {
      let (_, outcome) = store.memo("slow") { () -> Int in
        computations.increment()
        started.signal()
        Thread.sleep(forTimeInterval: 0.5)
        return 7
      }
      firstOutcome.set(outcome)
      group.leave()
    }.start()
    started.wait()
    // The first asker holds the entry's lock while it computes: this one waits, then loads.
    let (value, second) = store.memo("slow") { () -> Int in
      computations.increment()
      return 8
    }
    group.wait()
    #expect(value == 7)
    #expect(second == .hit)
    #expect(computations.value == 1)
    #expect(firstOutcome.value == .miss)
  }

  @Test func storeKeysIncludeTheContext() throws {
    let store = temporaryStore()
    try store.save(42, name: "y")
    let other = ResultStore(directory: store.directory, context: ["engine": "e2"])
    #expect(other.load(Int.self, name: "y") == nil)
    #expect(store.load(Int.self, name: "y") == 42)
  }
}

/// A thread-safe counter.
private final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  func increment() { lock.withLock { count += 1 } }
  var value: Int { lock.withLock { count } }
}

/// A thread-safe optional outcome.
private final class Box: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: ResultStore.Outcome?
  func set(_ outcome: ResultStore.Outcome) { lock.withLock { stored = outcome } }
  var value: ResultStore.Outcome? { lock.withLock { stored } }
}
