/// Mini-batches over a dataset, epoch after epoch, gathered into buffers the caller owns.
///
/// Each epoch visits every example once, in a permutation that depends only on the seed and
/// the epoch number, so ``reset(epoch:)`` and ``seek(iteration:)`` replay any point of a run
/// exactly (rewinding to iteration k sees the same batches again). Once the caller's buffers
/// have grown to a full batch, a step allocates nothing.
public struct Batches: Sendable {
  /// The examples batched over.
  public let dataset: Dataset
  /// The number of examples in a full batch.
  public let batchSize: Int
  /// Whether each epoch visits the examples in a fresh seeded order (else in file order).
  public let shuffle: Bool
  /// Whether a last batch smaller than `batchSize` is skipped.
  public let dropLast: Bool
  /// The current epoch, counted from 0.
  public private(set) var epoch = 0
  /// The number of batches already returned in the current epoch.
  public private(set) var batchInEpoch = 0

  private let generator: SeededGenerator
  private var order: [Int]

  /// Creates batches whose epoch orders are drawn from `generator`.
  public init(
    _ dataset: Dataset, batchSize: Int, shuffle: Bool = true, generator: SeededGenerator,
    dropLast: Bool = false
  ) {
    precondition(batchSize > 0, "batch size must be positive, not \(batchSize)")
    self.dataset = dataset
    self.batchSize = batchSize
    self.shuffle = shuffle
    self.dropLast = dropLast
    self.generator = generator
    self.order = Array(0..<dataset.count)
    reset(epoch: 0)
  }

  /// Creates batches whose epoch orders are drawn from a generator seeded with `seed`.
  public init(
    _ dataset: Dataset, batchSize: Int, shuffle: Bool = true, seed: UInt64 = 0,
    dropLast: Bool = false
  ) {
    self.init(
      dataset, batchSize: batchSize, shuffle: shuffle, generator: SeededGenerator(seed: seed),
      dropLast: dropLast)
  }

  /// The number of batches `next` returns in one epoch.
  public var batchesPerEpoch: Int {
    dropLast ? dataset.count / batchSize : (dataset.count + batchSize - 1) / batchSize
  }

  /// The example indices of the current epoch, in visiting order.
  public var epochOrder: [Int] { order }

  /// Goes to the start of `epoch`, with that epoch's order.
  public mutating func reset(epoch: Int) {
    precondition(epoch >= 0, "epoch must not be negative, not \(epoch)")
    self.epoch = epoch
    batchInEpoch = 0
    for i in order.indices { order[i] = i }
    if shuffle {
      var epochGenerator = generator.derived(UInt64(epoch))
      epochGenerator.shuffleInPlace(&order)
    }
  }

  /// Goes to training iteration `iteration` (counted over all epochs from 0), so the next
  /// batch is the one a run from the start would see at that iteration.
  public mutating func seek(iteration: Int) {
    precondition(iteration >= 0, "iteration must not be negative, not \(iteration)")
    let perEpoch = Swift.max(batchesPerEpoch, 1)
    reset(epoch: iteration / perEpoch)
    batchInEpoch = iteration % perEpoch
  }

  /// Gathers the next batch into `x` (resized to `[n] + sampleShape`) and `labels` (resized to
  /// `n`), and returns `n`; returns nil once the epoch is over and moves to the next epoch.
  public mutating func next(into x: Tensor, labels: inout [Int32]) -> Int? {
    guard let range = nextRange() else { return nil }
    if labels.count != range.count {
      labels.removeAll(keepingCapacity: true)
      labels.append(contentsOf: repeatElement(0, count: range.count))
    }
    labels.withUnsafeMutableBufferPointer { fill(x, $0, range) }
    return range.count
  }

  /// Gathers the next batch into `x` and the first `n` elements of `labels` (which must hold
  /// `batchSize`), and returns `n`; returns nil once the epoch is over and moves to the next.
  public mutating func next(into x: Tensor, labels: UnsafeMutableBufferPointer<Int32>) -> Int? {
    precondition(labels.count >= batchSize, "label buffer of \(labels.count) < \(batchSize)")
    guard let range = nextRange() else { return nil }
    fill(x, labels, range)
    return range.count
  }

  /// The positions in `order` of the next batch, advancing the epoch when it is over.
  private mutating func nextRange() -> Range<Int>? {
    guard batchInEpoch < batchesPerEpoch else {
      reset(epoch: epoch + 1)
      return nil
    }
    let start = batchInEpoch * batchSize
    batchInEpoch += 1
    return start..<Swift.min(start + batchSize, dataset.count)
  }

  private func fill(_ x: Tensor, _ labels: UnsafeMutableBufferPointer<Int32>, _ range: Range<Int>) {
    resize(x, rows: range.count, sampleShape: dataset.sampleShape)
    let rows = order[range]
    dataset.copyRows(rows, into: x.pointer)
    dataset.labels.withUnsafeBufferPointer { source in
      for (i, row) in rows.enumerated() { labels[i] = source[row] }
    }
  }
}
