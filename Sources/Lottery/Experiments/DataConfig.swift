import Foundation
import NeuralNet

/// Which data an experiment trains and evaluates on: Fashion-MNIST, optionally restricted to
/// some classes (relabelled 0..<k in the given order) and to a prefix of the training set.
public struct DataConfig: Codable, Equatable, Hashable, Sendable {
  /// Training examples held out for validation (the Lottery Ticket paper holds out 5,000).
  public var validationCount: Int
  /// Seed of the held-out split.
  public var splitSeed: UInt64
  /// Keep only these classes, relabelled in this order (nil: all ten).
  public var classes: [Int]?
  /// Use only the first this many training examples after the split (nil: all); for quick runs.
  public var trainLimit: Int?
  /// Use only the first this many test examples (nil: all).
  public var testLimit: Int?

  /// Creates a data configuration; the defaults are the Lottery Ticket paper's split.
  public init(
    validationCount: Int = 5000, splitSeed: UInt64 = 0, classes: [Int]? = nil,
    trainLimit: Int? = nil, testLimit: Int? = nil
  ) {
    self.validationCount = validationCount
    self.splitSeed = splitSeed
    self.classes = classes
    self.trainLimit = trainLimit
    self.testLimit = testLimit
  }

  /// Loads the splits this configuration describes (Fashion-MNIST is read once per process).
  public func load(directory: String? = nil) throws -> DataSplits {
    let splits = try FashionMNIST.splits(
      directory: directory, validationCount: validationCount, seed: splitSeed)
    var train = splits.train
    var validation = splits.validation
    var test = splits.test
    if let classes {
      train = train.filtered(classes: classes, remap: true)
      validation = validation.filtered(classes: classes, remap: true)
      test = test.filtered(classes: classes, remap: true)
    }
    if let trainLimit, trainLimit < train.count { train = train.subset(Array(0..<trainLimit)) }
    if let testLimit, testLimit < test.count { test = test.subset(Array(0..<testLimit)) }
    return DataSplits(
      train: train, validation: validation, test: test,
      validationIndices: splits.validationIndices)
  }

  /// The number of classes the network must output.
  public var classCount: Int { classes?.count ?? 10 }
}
