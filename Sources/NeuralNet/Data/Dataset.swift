/// Labelled examples held in memory: one flat row of features per example, and its class.
///
/// Features are row-major, `count × featureCount` floats; each row has the shape
/// `sampleShape` (channels last, e.g. `[28, 28, 1]`). Every label lies in `0..<classCount`.
public struct Dataset: Sendable, Equatable {
  /// The shape of one example, channels last (`[28, 28, 1]` for Fashion-MNIST).
  public let sampleShape: [Int]
  /// The name of each class; its count is `classCount`.
  public let classNames: [String]
  /// All features, `count × featureCount` floats, example after example.
  public let features: [Float]
  /// The class of each example, in `0..<classCount`.
  public let labels: [Int32]

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
  init(unchecked sampleShape: [Int], _ classNames: [String], _ features: [Float], _ labels: [Int32])
  {
    self.sampleShape = sampleShape
    self.classNames = classNames
    self.features = features
    self.labels = labels
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
    return features[index * featureCount..<(index + 1) * featureCount]
  }

  /// The examples at `indices`, in that order (an index may repeat).
  public func subset(_ indices: [Int]) -> Dataset {
    let n = featureCount
    let features = [Float](unsafeUninitializedCapacity: indices.count * n) { out, initialized in
      self.features.withUnsafeBufferPointer { source in
        gatherRows(source, rowLength: n, rows: indices, count: count, into: out.baseAddress!)
      }
      initialized = indices.count * n
    }
    let labels = indices.map { self.labels[$0] }
    return Dataset(unchecked: sampleShape, classNames, features, labels)
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
    let kept = labels.indices.filter { newLabel[Int(labels[$0])] >= 0 }
    let picked = subset(kept)
    guard remap else { return picked }
    return Dataset(
      unchecked: sampleShape, classes.map { classNames[$0] }, picked.features,
      picked.labels.map { newLabel[Int($0)] })
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
    return Dataset(
      unchecked: sampleShape, names, features, labels.map { Int32(table[Int($0)]) })
  }

  /// Copies the examples of `range` into `x`, resized to `[range.count] + sampleShape`.
  public func gather(_ range: Range<Int>, into x: Tensor) {
    precondition(
      range.lowerBound >= 0 && range.upperBound <= count, "\(range) outside 0..<\(count)")
    resize(x, rows: range.count, sampleShape: sampleShape)
    features.withUnsafeBufferPointer { source in
      guard let base = source.baseAddress else { return }
      x.pointer.update(
        from: base + range.lowerBound * featureCount, count: range.count * featureCount)
    }
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

/// Copies row `rows[i]` of `source` (rows of `rowLength`) to row `i` of `destination`.
func gatherRows(
  _ source: UnsafeBufferPointer<Float>, rowLength: Int, rows: some Collection<Int>, count: Int,
  into destination: UnsafeMutablePointer<Float>
) {
  var out = destination
  for row in rows {
    precondition(row >= 0 && row < count, "example \(row) outside 0..<\(count)")
    if rowLength > 0 { out.update(from: source.baseAddress! + row * rowLength, count: rowLength) }
    out += rowLength
  }
}
