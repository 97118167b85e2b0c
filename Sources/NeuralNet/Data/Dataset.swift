/// Labelled examples held in memory: one flat row of features per example, and its class.
///
/// Features are row-major, `count × featureCount` floats; each row has the shape
/// `sampleShape` (channels last, e.g. `[28, 28, 1]`). Every label lies in `0..<classCount`.
///
/// Subsets, class filters and splits share the feature storage of the dataset they were cut
/// from and keep only a list of rows, so a validation split of Fashion-MNIST costs no copy of
/// its 188 MB of pixels. Only the `features` property gathers such a subset's rows into a new
/// array; ``sample(_:)``, ``gather(_:into:)`` and ``Batches`` read the shared storage.
public struct Dataset: Sendable {
  /// The shape of one example, channels last (`[28, 28, 1]` for Fashion-MNIST).
  public let sampleShape: [Int]
  /// The name of each class; its count is `classCount`.
  public let classNames: [String]
  /// The class of each example, in `0..<classCount`.
  public let labels: [Int32]
  /// The feature rows of the dataset this one was cut from.
  private let storage: [Float]
  /// The rows of `storage` that are this dataset's examples, or nil for all, in order.
  private let rows: [Int]?

  /// Creates a dataset after checking that features, labels and classes fit together.
  public init(
    sampleShape: [Int], classNames: [String], features: [Float], labels: [Int32]
  ) throws {
    let featureCount = sampleShape.reduce(1, *)
    guard sampleShape.allSatisfy({ $0 > 0 }) else {
      throw DataError.invalidArgument("sample shape \(sampleShape) has an empty dimension")
    }
    guard features.count == labels.count * featureCount else {
      throw DataError.invalidArgument(
        "\(features.count) features for \(labels.count) examples of shape \(sampleShape)")
    }
    if let bad = labels.firstIndex(where: { $0 < 0 || Int($0) >= classNames.count }) {
      throw DataError.invalidArgument(
        "label \(labels[bad]) of example \(bad) is outside 0..<\(classNames.count)")
    }
    self.init(unchecked: sampleShape, classNames, features, labels)
  }

  /// Creates a dataset whose classes are named `"0"`, `"1"`, … up to `classCount - 1`.
  public init(
    sampleShape: [Int], classCount: Int, features: [Float], labels: [Int32]
  ) throws {
    try self.init(
      sampleShape: sampleShape, classNames: (0..<max(classCount, 0)).map(String.init),
      features: features, labels: labels)
  }

  /// Creates a dataset from parts already known to fit.
  init(
    unchecked sampleShape: [Int], _ classNames: [String], _ features: [Float], _ labels: [Int32],
    rows: [Int]? = nil
  ) {
    self.sampleShape = sampleShape
    self.classNames = classNames
    self.storage = features
    self.labels = labels
    self.rows = rows
  }

  /// The same examples with other labels and class names.
  private func relabelled(_ labels: [Int32], classNames: [String]) -> Dataset {
    Dataset(unchecked: sampleShape, classNames, storage, labels, rows: rows)
  }

  /// All features, `count × featureCount` floats, example after example.
  ///
  /// Free for a dataset that owns its storage; a subset gathers its rows into a new array on
  /// every call, so read single examples with ``sample(_:)`` instead.
  public var features: [Float] {
    guard rows != nil else { return storage }
    return [Float](unsafeUninitializedCapacity: count * featureCount) { out, initialized in
      if let base = out.baseAddress { copyRows(0..<count, into: base) }
      initialized = count * featureCount
    }
  }

  /// The number of examples.
  public var count: Int { labels.count }
  /// The number of classes.
  public var classCount: Int { classNames.count }
  /// The number of features of one example, the product of `sampleShape`.
  public var featureCount: Int { sampleShape.reduce(1, *) }

  /// The number of examples of each class, indexed by class.
  public var classCounts: [Int] {
    var counts = [Int](repeating: 0, count: classCount)
    for label in labels { counts[Int(label)] += 1 }
    return counts
  }

  /// The features of example `index`.
  public func sample(_ index: Int) -> ArraySlice<Float> {
    precondition(index >= 0 && index < count, "example \(index) outside 0..<\(count)")
    let row = rows?[index] ?? index
    return storage[row * featureCount..<(row + 1) * featureCount]
  }

  /// The examples at `indices`, in that order (an index may repeat); shares the storage.
  public func subset(_ indices: [Int]) -> Dataset {
    let picked = indices.map { i in
      precondition(i >= 0 && i < count, "example \(i) outside 0..<\(count)")
      return rows?[i] ?? i
    }
    return Dataset(
      unchecked: sampleShape, classNames, storage, indices.map { labels[$0] }, rows: picked)
  }

  /// Only the examples of `classes`; with `remap`, class `classes[i]` becomes class `i`.
  ///
  /// Without `remap` the labels and class names stay as they are. With it the dataset has
  /// `classes.count` classes named after the kept ones, for transfer experiments (train on
  /// classes 0–4, then on 5–9 as a fresh 5-way task).
  public func filtered(classes: [Int], remap: Bool) -> Dataset {
    var newLabel = [Int32](repeating: -1, count: classCount)
    for (i, c) in classes.enumerated() {
      precondition(c >= 0 && c < classCount, "class \(c) outside 0..<\(classCount)")
      precondition(newLabel[c] < 0, "class \(c) appears twice in \(classes)")
      newLabel[c] = remap ? Int32(i) : Int32(c)
    }
    let picked = subset(labels.indices.filter { newLabel[Int(labels[$0])] >= 0 })
    guard remap else { return picked }
    return picked.relabelled(
      picked.labels.map { newLabel[Int($0)] }, classNames: classes.map { classNames[$0] })
  }

  /// The same examples with labels sent through `map`; labels not in `map` stay as they are.
  ///
  /// The class count grows to hold the largest new label. A new class is named after the old
  /// classes that land on it, joined with " + ", or `"class k"` when none does.
  public func remapped(_ map: [Int: Int]) -> Dataset {
    precondition(
      map.allSatisfy { $0.key >= 0 && $0.key < classCount && $0.value >= 0 },
      "label map \(map) must send classes of 0..<\(classCount) to non-negative classes")
    let table = (0..<classCount).map { map[$0] ?? $0 }
    let newCount = max(classCount, (table.max() ?? -1) + 1)
    let names = (0..<newCount).map { k in
      let sources = (0..<classCount).filter { table[$0] == k }.map { classNames[$0] }
      return sources.isEmpty ? "class \(k)" : sources.joined(separator: " + ")
    }
    return relabelled(labels.map { Int32(table[Int($0)]) }, classNames: names)
  }

  /// Copies the examples of `range` into `x`, resized to `[range.count] + sampleShape`.
  public func gather(_ range: Range<Int>, into x: Tensor) {
    precondition(
      range.lowerBound >= 0 && range.upperBound <= count, "\(range) outside 0..<\(count)")
    resize(x, rows: range.count, sampleShape: sampleShape)
    copyRows(range, into: x.pointer)
  }

  /// Calls `body` with the examples of `range` as a `[range.count] + sampleShape` tensor: a view
  /// of the shared storage when the examples are consecutive rows of it (a test set, a whole
  /// dataset), else `scratch` filled by `gather`.
  public func withBatch<R>(
    _ range: Range<Int>, scratch: Tensor, _ body: (Tensor) throws -> R
  ) rethrows -> R {
    precondition(
      range.lowerBound >= 0 && range.upperBound <= count, "\(range) outside 0..<\(count)")
    let first = range.isEmpty ? 0 : (rows?[range.lowerBound] ?? range.lowerBound)
    let consecutive =
      !range.isEmpty
      && (rows.map { r in range.indices.allSatisfy { r[$0] == first + ($0 - range.lowerBound) } }
        ?? true)
    guard consecutive else {
      gather(range, into: scratch)
      return try body(scratch)
    }
    return try storage.withUnsafeBufferPointer { source in
      try Tensor.withView(
        of: source.baseAddress! + first * featureCount, shape: [range.count] + sampleShape, body)
    }
  }

  /// Copies the features of examples `indices` one after the other to `destination`.
  func copyRows(_ indices: some Collection<Int>, into destination: UnsafeMutablePointer<Float>) {
    let n = featureCount
    storage.withUnsafeBufferPointer { source in
      guard let base = source.baseAddress else { return }
      var out = destination
      for i in indices {
        precondition(i >= 0 && i < count, "example \(i) outside 0..<\(count)")
        out.update(from: base + (rows?[i] ?? i) * n, count: n)
        out += n
      }
    }
  }
}

extension Dataset: Equatable {
  /// Two datasets are equal when their shapes, class names, labels and features are.
  public static func == (lhs: Dataset, rhs: Dataset) -> Bool {
    guard lhs.sampleShape == rhs.sampleShape, lhs.classNames == rhs.classNames,
      lhs.labels == rhs.labels
    else { return false }
    return (0..<lhs.count).allSatisfy { lhs.sample($0) == rhs.sample($0) }
  }
}

/// A new tensor of shape `[range.count] + sampleShape` holding the examples of `range`, for
/// an evaluation batch (the labels are `dataset.labels[range]`).
public func tensor(of dataset: Dataset, range: Range<Int>) -> Tensor {
  let x = Tensor(shape: [0])
  dataset.gather(range, into: x)
  return x
}

/// Gives `x` the shape `[rows] + sampleShape`, allocating nothing when it already has it.
func resize(_ x: Tensor, rows: Int, sampleShape: [Int]) {
  let shape = x.shape
  if shape.count == sampleShape.count + 1 && shape[0] == rows
    && shape.dropFirst().elementsEqual(sampleShape)
  {
    return
  }
  x.resize(to: [rows] + sampleShape)
}
