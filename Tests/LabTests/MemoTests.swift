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
    let key = memo.key("a", config: Config(epochs: 1, rate: 0.1))
    #expect(key == memo.key("a", config: Config(epochs: 1, rate: 0.1)))
    #expect(key != memo.key("b", config: Config(epochs: 1, rate: 0.1)))
    #expect(key != memo.key("a", config: Config(epochs: 2, rate: 0.1)))
    var other = runtime.configuration
    other.datasetChecksum = "other"
    #expect(
      key
        != Memo(runtime: LabRuntime(configuration: other)).key(
          "a", config: Config(epochs: 1, rate: 0.1)))
  }

  @Test func corruptStoredResultIsRecomputed() throws {
    let (runtime, _) = try makeRuntime(memo: true)
    let memo = Memo(runtime: runtime)
    let config = Config(epochs: 3, rate: 0.5)
    _ = memo.value("m", config: config) { 7 }
    let path = try #require(memo.path(forKey: memo.key("m", config: config)))
    try Data("sha256:bad\n8".utf8).write(to: URL(fileURLWithPath: path))
    var computed = false
    let value = memo.value("m", config: config) {
      computed = true
      return 7
    }
    #expect(value == 7 && computed)
    #expect(try ChecksummedFile.read(path) == Data("7".utf8))
  }
}
