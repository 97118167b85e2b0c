import Testing

@testable import NeuralNet

/// Six 2-feature examples of three classes; example `i` has features `[10i, 10i + 1]`.
func numberedDataset() throws -> Dataset {
  try Dataset(
    sampleShape: [2], classNames: ["a", "b", "c"],
    features: (0..<6).flatMap { [Float(10 * $0), Float(10 * $0 + 1)] },
    labels: [0, 1, 2, 0, 1, 2])
}

@Suite struct DatasetTests {
  @Test func propertiesDescribeTheExamples() throws {
    let data = try numberedDataset()
    #expect(data.count == 6)
    #expect(data.featureCount == 2)
    #expect(data.classCount == 3)
    #expect(data.classCounts == [2, 2, 2])
    #expect(Array(data.sample(4)) == [40, 41])
  }

  @Test func initRejectsFeaturesThatDoNotFitTheLabels() {
    #expect(throws: DataError.invalidArgument("3 features for 2 examples of shape [2]")) {
      try Dataset(sampleShape: [2], classCount: 2, features: [1, 2, 3], labels: [0, 1])
    }
  }

  @Test func initRejectsLabelsOutsideTheClasses() {
    #expect(throws: DataError.invalidArgument("label 2 of example 1 is outside 0..<2")) {
      try Dataset(sampleShape: [1], classCount: 2, features: [1, 2], labels: [0, 2])
    }
    #expect(throws: DataError.self) {
      try Dataset(sampleShape: [1], classCount: 2, features: [1], labels: [-1])
    }
  }

  @Test func subsetTakesRowsInTheGivenOrder() throws {
    let picked = try numberedDataset().subset([5, 0, 5])
    #expect(picked.features == [50, 51, 0, 1, 50, 51])
    #expect(picked.labels == [2, 0, 2])
    #expect(picked.classNames == ["a", "b", "c"])
    #expect(try numberedDataset().subset([]).count == 0)
  }

  @Test func subsetOfSubsetPicksFromTheOriginalRows() throws {
    let data = try numberedDataset()
    let inner = data.subset([4, 1, 3]).subset([2, 0])
    #expect(inner.features == [30, 31, 40, 41])
    #expect(inner.labels == [0, 1])
    #expect(Array(inner.sample(1)) == [40, 41])
  }

  @Test func subsetEqualsADatasetBuiltFromTheSameValues() throws {
    let picked = try numberedDataset().subset([1, 2])
    let built = try Dataset(
      sampleShape: [2], classNames: ["a", "b", "c"], features: [10, 11, 20, 21], labels: [1, 2])
    #expect(picked == built)
    #expect(picked != (try numberedDataset()).subset([2, 1]))
  }

  @Test func filterWithoutRemapKeepsLabels() throws {
    let kept = try numberedDataset().filtered(classes: [2, 1], remap: false)
    #expect(kept.labels == [1, 2, 1, 2])
    #expect(kept.features == [10, 11, 20, 21, 40, 41, 50, 51])
    #expect(kept.classCount == 3)
  }

  @Test func filterWithRemapNumbersClassesInTheGivenOrder() throws {
    let kept = try numberedDataset().filtered(classes: [2, 1], remap: true)
    #expect(kept.labels == [1, 0, 1, 0])
    #expect(kept.classNames == ["c", "b"])
    #expect(kept.features == [10, 11, 20, 21, 40, 41, 50, 51])
  }

  @Test func transferSplitOfTenClassesGivesTwoFiveWayTasks() {
    let data = SyntheticData.gaussianBlobs(classes: 10, samplesPerClass: 3, dimensions: 2)
    let first = data.filtered(classes: Array(0..<5), remap: true)
    let second = data.filtered(classes: Array(5..<10), remap: true)
    #expect(first.classCount == 5 && second.classCount == 5)
    #expect(first.classCounts == [3, 3, 3, 3, 3])
    #expect(second.classNames == ["blob 5", "blob 6", "blob 7", "blob 8", "blob 9"])
    // Example 5 of the original is the first of class 5, so the first of the second task.
    #expect(Array(second.sample(0)) == Array(data.sample(5)))
    #expect(second.labels.prefix(5) == [0, 1, 2, 3, 4])
  }

  @Test func remapMovesLabelsAndNamesClassesAfterTheirSources() throws {
    let moved = try numberedDataset().remapped([0: 4, 1: 2])
    #expect(moved.labels == [4, 2, 2, 4, 2, 2])
    #expect(moved.classNames == ["class 0", "class 1", "b + c", "class 3", "a"])
    #expect(moved.features == (try numberedDataset()).features)
  }

  @Test func gatheredEvaluationBatchHoldsTheRangeExactly() throws {
    let data = try numberedDataset()
    let x = tensor(of: data, range: 2..<5)
    #expect(x.shape == [3, 2])
    #expect(x.scalars == [20, 21, 30, 31, 40, 41])
    data.gather(0..<1, into: x)
    #expect(x.shape == [1, 2])
    #expect(x.scalars == [0, 1])
  }
}
