import Foundation
import LabRecords
import Testing

@testable import Lab

struct MemoTests {
  struct Config: Codable {
    var epochs: Int
    var rate: Double
  }

  @Test func secondCallReusesStoredResultAndRecordsHitAndMiss() throws {
    let (runtime, directory) = try makeRuntime(memo: true)
    let memo = Memo(runtime: runtime)
    var computed = 0
    let first = memo.value("train", config: Config(epochs: 2, rate: 0.1)) {
      computed += 1
      return [1.5, 2.5]
    }
    let second = memo.value("train", config: Config(epochs: 2, rate: 0.1)) {
      computed += 1
      return [0.0]
    }
    #expect(first == [1.5, 2.5] && second == first)
    #expect(computed == 1)
    let hits = records(in: directory).compactMap { record -> Bool? in
      if case .memo(_, "train", _, let hit, _) = record { return hit }
      return nil
    }
    #expect(hits == [false, true])
  }

  @Test func keyDependsOnConfigNameEngineAndDataset() throws {
    let (runtime, _) = try makeRuntime(memo: true)
    let memo = Memo(runtime: runtime)
    let name = memo.storeName("a", config: Config(epochs: 1, rate: 0.1))
    #expect(name == memo.storeName("a", config: Config(epochs: 1, rate: 0.1)))
    #expect(name != memo.storeName("b", config: Config(epochs: 1, rate: 0.1)))
    #expect(name != memo.storeName("a", config: Config(epochs: 2, rate: 0.1)))
    var other = runtime.configuration
    other.datasetChecksum = "other"
    let otherStore = try #require(Memo(runtime: LabRuntime(configuration: other)).store)
    let store = try #require(memo.store)
    #expect(store.key(for: name) != otherStore.key(for: name))
    #expect(store.path(for: name) != otherStore.path(for: name))
  }

  @Test func corruptStoredResultIsRecomputedWithAWarning() throws {
    let (runtime, directory) = try makeRuntime(memo: true)
    let memo = Memo(runtime: runtime)
    let config = Config(epochs: 3, rate: 0.5)
    _ = memo.value("m", config: config) { 7 }
    let path = try #require(memo.store?.path(for: memo.storeName("m", config: config)).path)
    try Data("sha256:bad\n8".utf8).write(to: URL(fileURLWithPath: path))
    var computed = false
    let value = memo.value("m", config: config) {
      computed = true
      return 7
    }
    #expect(value == 7 && computed)
    #expect(try ChecksummedFile.read(path).count > 0)
    // Not silently: a warning names the entry and its file.
    let warnings = records(in: directory).compactMap { record -> String? in
      if case .warning(_, let message) = record { return message }
      return nil
    }
    #expect(warnings.count == 1)
    #expect(warnings.first?.contains("memo m: the stored result \(path) was corrupt") == true)
  }

  @Test func seedsOfTheConfigAreRecordedForTheFooter() throws {
    struct Inner: Codable {
      var dataSeed: UInt64
      var rate: Double
    }
    struct Seeded: Codable {
      var seed: UInt64
      var training: Inner
      var name: String
    }
    let config = Seeded(seed: 7, training: Inner(dataSeed: 3, rate: 0.5), name: "x")
    #expect(Memo.seeds(in: config) == ["seed": 7, "training.dataSeed": 3])
    let (runtime, directory) = try makeRuntime(memo: true)
    Memo(runtime: runtime).recordSeeds("run", config: config)
    #expect(
      records(in: directory).contains(
        .seeds(cell: runtime.cell, source: "run", seeds: ["seed": 7, "training.dataSeed": 3])))
    #expect(Memo.seeds(in: Config(epochs: 1, rate: 0.1)).isEmpty)
  }
}
