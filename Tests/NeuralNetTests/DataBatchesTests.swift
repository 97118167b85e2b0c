import Testing

@testable import NeuralNet

/// Seven examples of shape [2, 1]; example `i` has features `[i, -i]` and label `i % 3`.
func sevenExamples() throws -> Dataset {
  try Dataset(
    sampleShape: [2, 1], classCount: 3,
    features: (0..<7).flatMap { [Float($0), -Float($0)] },
    labels: (0..<7).map { Int32($0 % 3) })
}

/// Every batch of one epoch, as (example indices, labels).
func oneEpoch(_ batches: inout Batches) -> [([Int], [Int32])] {
  let x = Tensor(shape: [0])
  var labels: [Int32] = []
  var result: [([Int], [Int32])] = []
  while let n = batches.next(into: x, labels: &labels) {
    #expect(x.shape == [n, 2, 1])
    result.append(((0..<n).map { Int(x[2 * $0]) }, labels))
  }
  return result
}

@Suite struct DataBatchesTests {
  @Test func batchesGatherTheExactRowsAndLabels() throws {
    var batches = Batches(try sevenExamples(), batchSize: 3, shuffle: true, seed: 9)
    let order = batches.epochOrder
    let x = Tensor(shape: [0])
    var labels: [Int32] = []
    #expect(batches.next(into: x, labels: &labels) == 3)
    let expected = order.prefix(3).flatMap { [Float($0), -Float($0)] }
    #expect(x.scalars == expected)
    #expect(labels == order.prefix(3).map { Int32($0 % 3) })
  }

  @Test func batchesOverASubsetGatherTheSubsetsRows() throws {
    var batches = Batches(try sevenExamples().subset([6, 2, 4]), batchSize: 2, shuffle: false)
    #expect(oneEpoch(&batches).map(\.0) == [[6, 2], [4]])
  }

  @Test func everyEpochIsAPermutationCoveringAllExamples() throws {
    var batches = Batches(try sevenExamples(), batchSize: 3, seed: 1)
    #expect(batches.batchesPerEpoch == 3)
    var orders: [[Int]] = []
    for epoch in 0..<4 {
      #expect(batches.epoch == epoch)
      let epochBatches = oneEpoch(&batches)
      #expect(epochBatches.map(\.0.count) == [3, 3, 1])
      let seen = epochBatches.flatMap(\.0)
      #expect(seen.sorted() == Array(0..<7))
      for (indices, labels) in epochBatches {
        #expect(labels == indices.map { Int32($0 % 3) })
      }
      orders.append(seen)
    }
    #expect(Set(orders).count > 1, "epochs are reshuffled")
  }

  @Test func dropLastSkipsThePartialBatch() throws {
    var batches = Batches(try sevenExamples(), batchSize: 3, seed: 1, dropLast: true)
    #expect(batches.batchesPerEpoch == 2)
    #expect(oneEpoch(&batches).map(\.0.count) == [3, 3])
  }

  @Test func withoutShuffleBatchesFollowFileOrder() throws {
    var batches = Batches(try sevenExamples(), batchSize: 4, shuffle: false)
    #expect(oneEpoch(&batches).map(\.0) == [[0, 1, 2, 3], [4, 5, 6]])
    #expect(oneEpoch(&batches).map(\.0) == [[0, 1, 2, 3], [4, 5, 6]])
  }

  @Test func equalSeedsGiveEqualBatchesAndOtherSeedsOthers() throws {
    let data = try sevenExamples()
    var a = Batches(data, batchSize: 2, seed: 5)
    var b = Batches(data, batchSize: 2, generator: SeededGenerator(seed: 5))
    var c = Batches(data, batchSize: 2, seed: 6)
    for _ in 0..<3 {
      let batchesOfA = oneEpoch(&a).map(\.0)
      #expect(batchesOfA == oneEpoch(&b).map(\.0))
      #expect(batchesOfA != oneEpoch(&c).map(\.0))
    }
  }

  @Test func resetAndSeekReplayTheSameBatches() throws {
    let data = try sevenExamples()
    var run = Batches(data, batchSize: 3, seed: 2)
    var history: [[Int]] = []
    for _ in 0..<3 { history += oneEpoch(&run).map(\.0) }  // 9 iterations over 3 epochs

    var replay = Batches(data, batchSize: 3, seed: 2)
    replay.reset(epoch: 2)
    #expect(oneEpoch(&replay).map(\.0) == Array(history[6..<9]))
    replay.seek(iteration: 4)
    #expect(replay.epoch == 1 && replay.batchInEpoch == 1)
    #expect(oneEpoch(&replay).map(\.0) == Array(history[4..<6]))
  }

  @Test func unsafeLabelBufferReceivesTheLabels() throws {
    var batches = Batches(try sevenExamples(), batchSize: 4, shuffle: false)
    let x = Tensor(shape: [0])
    let labels = UnsafeMutableBufferPointer<Int32>.allocate(capacity: 4)
    defer { labels.deallocate() }
    #expect(batches.next(into: x, labels: labels) == 4)
    #expect(Array(labels) == [0, 1, 2, 0])
    #expect(batches.next(into: x, labels: labels) == 3)
    #expect(Array(labels.prefix(3)) == [1, 2, 0])
    #expect(batches.next(into: x, labels: labels) == nil)
  }

  @Test func warmBuffersAreReusedFromStepToStep() throws {
    var batches = Batches(try sevenExamples(), batchSize: 2, seed: 3, dropLast: true)
    let x = Tensor(shape: [0])
    var labels: [Int32] = []
    _ = batches.next(into: x, labels: &labels)
    let storage = x.pointer
    let labelStorage = labels.withUnsafeBufferPointer { $0.baseAddress }
    while batches.next(into: x, labels: &labels) != nil {
      #expect(x.pointer == storage)
      #expect(labels.withUnsafeBufferPointer { $0.baseAddress } == labelStorage)
    }
  }
}
