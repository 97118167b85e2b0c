import Foundation
import Testing

@testable import NeuralNet

/// Whether Debian's dataset-fashion-mnist is installed here.
let realDataInstalled = FileManager.default.fileExists(
  atPath: FashionMNIST.defaultDirectory + "/train-images-idx3-ubyte.gz")

/// A Fashion-MNIST directory in miniature: `train` and `test` 28×28 images in which pixel `p`
/// of image `i` is `(i + p) % 256`, and image `i` has label `i % 10`.
func writeMiniatureFashionMNIST(
  in dir: TemporaryDirectory, train: Int = 4, test: Int = 2, compressed: Bool = true
) throws {
  let suffix = compressed ? ".gz" : ""
  for (prefix, count) in [("train", train), ("t10k", test)] {
    let pixels = (0..<count).flatMap { i in (0..<784).map { UInt8((i + $0) % 256) } }
    try IDX.write(
      IDXArray(dimensions: [count, 28, 28], uint8: pixels),
      to: dir.file("\(prefix)-images-idx3-ubyte\(suffix)"), compressed: compressed)
    try IDX.write(
      IDXArray(dimensions: [count], uint8: (0..<count).map { UInt8($0 % 10) }),
      to: dir.file("\(prefix)-labels-idx1-ubyte\(suffix)"), compressed: compressed)
  }
}

@Suite struct DataFashionMNISTTests {
  @Test(.enabled(if: realDataInstalled, "needs apt-get install dataset-fashion-mnist"))
  func realDatasetHas60000TrainingAnd10000TestImages() throws {
    let (train, test) = try FashionMNIST.load()
    #expect(train.count == 60_000)
    #expect(test.count == 10_000)
    for data in [train, test] {
      #expect(data.sampleShape == [28, 28, 1])
      #expect(data.featureCount == 784)
      #expect(data.features.count == data.count * 784)
      #expect(data.classNames == FashionMNIST.classNames)
      #expect(data.labels.allSatisfy { $0 >= 0 && $0 < 10 })
      #expect(data.features.min() == 0)
      #expect(data.features.max() == 1)
    }
    #expect(train.classCounts == Array(repeating: 6000, count: 10))
    #expect(test.classCounts == Array(repeating: 1000, count: 10))
    #expect(FashionMNIST.classNames[9] == "Ankle boot")
  }

  @Test(.enabled(if: realDataInstalled, "needs apt-get install dataset-fashion-mnist"))
  func realSplitsHoldOut5000DisjointValidationExamples() throws {
    let splits = try FashionMNIST.splits()
    #expect(splits.train.count == 55_000)
    #expect(splits.validation.count == 5000)
    #expect(splits.test.count == 10_000)
    let full = try FashionMNIST.load().train
    let held = Set(splits.validationIndices)
    #expect(held.count == 5000)
    let trainIndices = (0..<60_000).filter { !held.contains($0) }
    #expect(splits.train == full.subset(trainIndices))
    #expect(splits.validation == full.subset(splits.validationIndices))
  }

  @Test func splitsAreEqualForEqualSeedsAndDifferForOthers() throws {
    let dir = try TemporaryDirectory()
    try writeMiniatureFashionMNIST(in: dir, train: 40, test: 3)
    let a = try FashionMNIST.splits(directory: dir.path, validationCount: 10, seed: 1)
    let b = try FashionMNIST.splits(directory: dir.path, validationCount: 10, seed: 1)
    let c = try FashionMNIST.splits(directory: dir.path, validationCount: 10, seed: 2)
    #expect(a == b)
    #expect(a.validationIndices != c.validationIndices)
    #expect(a.train.count == 30 && a.validation.count == 10 && a.test.count == 3)
    // Train and validation are disjoint and together are the whole training file: the first
    // pixel of image i is i / 255, so it identifies the example.
    let firstPixels = { (d: Dataset) in
      (0..<d.count).map { Int((d.sample($0).first! * 255).rounded()) }
    }
    let trainIds = firstPixels(a.train)
    let validationIds = firstPixels(a.validation)
    #expect(validationIds == a.validationIndices)
    #expect(Set(trainIds).isDisjoint(with: validationIds))
    #expect((trainIds + validationIds).sorted() == Array(0..<40))
    #expect(trainIds == trainIds.sorted(), "the file order is kept")
  }

  @Test func syntheticDataSplitsLikeFashionMNIST() throws {
    let full = SyntheticData.patterns(samplesPerClass: 5, seed: 1)
    let test = SyntheticData.patterns(samplesPerClass: 2, seed: 2)
    let splits = try DataSplits(holdingOut: 4, of: full, test: test, seed: 3)
    #expect(splits.train.count == 16 && splits.validation.count == 4)
    #expect(splits.validation == full.subset(splits.validationIndices))
    #expect(splits == (try DataSplits(holdingOut: 4, of: full, test: test, seed: 3)))
  }

  @Test func splitsRejectAValidationSetLargerThanTheTrainingSet() throws {
    let dir = try TemporaryDirectory()
    try writeMiniatureFashionMNIST(in: dir)
    #expect(throws: DataError.self) {
      try FashionMNIST.splits(directory: dir.path, validationCount: 5)
    }
  }

  @Test(arguments: [true, false])
  func miniatureDirectoryLoadsWithPixelsScaledToUnitRange(compressed: Bool) throws {
    let dir = try TemporaryDirectory()
    try writeMiniatureFashionMNIST(in: dir, compressed: compressed)
    let (train, test) = try FashionMNIST.load(directory: dir.path)
    #expect(train.count == 4 && test.count == 2)
    #expect(train.labels == [0, 1, 2, 3])
    let expected: [Float] = [1 / 255, 2 / 255, 3 / 255]
    #expect(Array(train.sample(1).prefix(3)) == expected)
    #expect(train.sample(0)[255] == 1)
    #expect(FashionMNIST.files(in: dir.path).allSatisfy { $0.hasSuffix(".gz") == compressed })
  }

  @Test func directoryPrecedenceIsArgumentThenEnvironmentThenDefault() {
    let environment = [FashionMNIST.environmentVariable: "/from/env"]
    #expect(FashionMNIST.resolveDirectory("/arg", environment: environment) == "/arg")
    #expect(FashionMNIST.resolveDirectory(nil, environment: environment) == "/from/env")
    #expect(FashionMNIST.resolveDirectory("", environment: environment) == "/from/env")
    #expect(FashionMNIST.resolveDirectory(nil, environment: [:]) == FashionMNIST.defaultDirectory)
    #expect(
      FashionMNIST.files(in: "/d") == [
        "/d/train-images-idx3-ubyte.gz", "/d/train-labels-idx1-ubyte.gz",
        "/d/t10k-images-idx3-ubyte.gz", "/d/t10k-labels-idx1-ubyte.gz",
      ])
  }

  @Test func missingDirectoryErrorNamesThePackageAndTheOverrides() {
    let path = "/nonexistent/fashion-mnist"
    #expect(throws: DataError.missingDirectory(path: path)) {
      try FashionMNIST.load(directory: path)
    }
    let message = DataError.missingDirectory(path: path).description
    for needed in [
      path, "apt-get install dataset-fashion-mnist", "TICKETBOOK_FASHION_MNIST", "--data",
      "directory:",
    ] {
      #expect(message.contains(needed), "message lacks \(needed)")
    }
  }

  @Test func missingFileInTheDirectoryIsNamed() throws {
    let dir = try TemporaryDirectory()
    try writeMiniatureFashionMNIST(in: dir)
    let labels = dir.file("t10k-labels-idx1-ubyte.gz")
    try FileManager.default.removeItem(atPath: labels)
    #expect(throws: DataError.missingFile(path: labels)) {
      try FashionMNIST.load(directory: dir.path)
    }
  }

  @Test func labelFileInPlaceOfImagesHasWrongMagic() throws {
    let dir = try TemporaryDirectory()
    try writeMiniatureFashionMNIST(in: dir)
    let images = dir.file("train-images-idx3-ubyte.gz")
    try FileManager.default.removeItem(atPath: images)
    try FileManager.default.copyItem(atPath: dir.file("train-labels-idx1-ubyte.gz"), toPath: images)
    #expect(throws: DataError.wrongMagic(path: images, expected: 0x803, found: 0x801)) {
      try FashionMNIST.load(directory: dir.path)
    }
  }

  @Test func imagesOfAnotherSizeAreRejected() throws {
    let dir = try TemporaryDirectory()
    try writeMiniatureFashionMNIST(in: dir)
    let images = dir.file("t10k-images-idx3-ubyte.gz")
    try IDX.write(
      IDXArray(dimensions: [2, 32, 32], uint8: .init(repeating: 0, count: 2048)), to: images,
      compressed: true)
    #expect(
      throws: DataError.unexpectedShape(path: images, expected: [2, 28, 28], found: [2, 32, 32])
    ) {
      try FashionMNIST.load(directory: dir.path)
    }
  }

  @Test func labelCountMustMatchImageCount() throws {
    let dir = try TemporaryDirectory()
    try writeMiniatureFashionMNIST(in: dir)
    let labels = dir.file("train-labels-idx1-ubyte.gz")
    try IDX.write(IDXArray(dimensions: [3], uint8: [0, 1, 2]), to: labels, compressed: true)
    let error = DataError.countMismatch(
      images: dir.file("train-images-idx3-ubyte.gz"), imageCount: 4, labels: labels, labelCount: 3)
    #expect(throws: error) { try FashionMNIST.load(directory: dir.path) }
  }

  @Test func labelOutsideTheTenClassesIsRejected() throws {
    let dir = try TemporaryDirectory()
    try writeMiniatureFashionMNIST(in: dir)
    let labels = dir.file("train-labels-idx1-ubyte.gz")
    try IDX.write(IDXArray(dimensions: [4], uint8: [0, 1, 10, 2]), to: labels, compressed: true)
    #expect(
      throws: DataError.labelOutOfRange(path: labels, index: 2, label: 10, classCount: 10)
    ) { try FashionMNIST.load(directory: dir.path) }
  }

  @Test func changedFilesAreReadAgainDespiteTheCache() throws {
    let dir = try TemporaryDirectory()
    try writeMiniatureFashionMNIST(in: dir, train: 4)
    #expect(try FashionMNIST.load(directory: dir.path).train.count == 4)
    #expect(try FashionMNIST.load(directory: dir.path).train.count == 4)
    try writeMiniatureFashionMNIST(in: dir, train: 6)
    #expect(try FashionMNIST.load(directory: dir.path).train.count == 6)
  }
}
