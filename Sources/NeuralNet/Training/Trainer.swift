import Foundation

/// How long to train and how: a Codable value that names the training part of an experiment.
public struct TrainingConfig: Codable, Equatable, Sendable {
  /// A training length in epochs or in iterations (optimiser steps).
  public enum Length: Codable, Equatable, Sendable {
    /// Whole passes over the training set.
    case epochs(Int)
    /// Optimiser steps.
    case iterations(Int)
  }

  /// How long to train.
  public var length: Length
  /// Samples per optimiser step.
  public var batchSize: Int
  /// The optimiser and its settings.
  public var optimizer: OptimizerConfig
  /// The learning rate at each iteration.
  public var schedule: LearningRateSchedule
  /// Evaluate every this many iterations (nil: once per epoch); the end is always evaluated.
  public var evaluateEvery: Int?
  /// Whether to evaluate at iteration 0, before any step.
  public var evaluateAtStart: Bool
  /// Seed of the data order (shuffling), independent of the initialisation seed.
  public var dataSeed: UInt64
  /// Iterations after which to keep a copy of every parameter (0: the initial weights), for
  /// rewinding.
  public var snapshotIterations: [Int]
  /// When the test set is evaluated: at every evaluation, or only where the validation loss
  /// reaches a new minimum (and at the end), which is all the early-stopping metrics need and
  /// costs a fraction of the time.
  public var testEvaluation: TestEvaluation
  /// The kernels masked dense and convolution layers train with (`.auto`: per layer, from its
  /// shape and density). The choice changes the summation order, so it is part of the
  /// configuration; the default is left out of the encoded JSON, so configurations written
  /// before the field existed keep their names and keys.
  public var kernels: KernelChoice

  /// When a training run evaluates the test set.
  public enum TestEvaluation: String, Codable, Equatable, Sendable {
    /// At every evaluation.
    case always
    /// Only at a new minimum of the validation loss, and at the end.
    case whenValidationImproves
  }

  /// Creates a training configuration; the defaults are the benchmark's (Adam, lr 1.2e-3,
  /// batch 60).
  public init(
    length: Length = .epochs(1), batchSize: Int = 60, optimizer: OptimizerConfig = .adam(),
    schedule: LearningRateSchedule = .constant(1.2e-3), evaluateEvery: Int? = nil,
    evaluateAtStart: Bool = false, dataSeed: UInt64 = 0, snapshotIterations: [Int] = [],
    testEvaluation: TestEvaluation = .always, kernels: KernelChoice = .auto
  ) {
    self.length = length
    self.batchSize = batchSize
    self.optimizer = optimizer
    self.schedule = schedule
    self.evaluateEvery = evaluateEvery
    self.evaluateAtStart = evaluateAtStart
    self.dataSeed = dataSeed
    self.snapshotIterations = snapshotIterations
    self.testEvaluation = testEvaluation
    self.kernels = kernels
  }

  /// The optimiser steps this configuration takes on a training set of `count` examples: the
  /// iterations asked for, or epochs × batches per epoch (the last batch of an epoch may be
  /// short, as in `Batches`). Every experiment and the trainer count training length here.
  public func iterations(examples count: Int) -> Int {
    switch length {
    case .iterations(let n): return n
    case .epochs(let e): return e * ((count + batchSize - 1) / batchSize)
    }
  }

  private enum CodingKeys: String, CodingKey {
    case length, batchSize, optimizer, schedule, evaluateEvery, evaluateAtStart, dataSeed
    case snapshotIterations, testEvaluation, kernels
  }

  /// Encodes every field; `kernels` only when it is not the default `.auto`.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(length, forKey: .length)
    try c.encode(batchSize, forKey: .batchSize)
    try c.encode(optimizer, forKey: .optimizer)
    try c.encode(schedule, forKey: .schedule)
    try c.encodeIfPresent(evaluateEvery, forKey: .evaluateEvery)
    try c.encode(evaluateAtStart, forKey: .evaluateAtStart)
    try c.encode(dataSeed, forKey: .dataSeed)
    try c.encode(snapshotIterations, forKey: .snapshotIterations)
    try c.encode(testEvaluation, forKey: .testEvaluation)
    if kernels != .auto { try c.encode(kernels, forKey: .kernels) }
  }

  /// Decodes a configuration; fields added later take their defaults when missing.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init()
    length = try c.decodeIfPresent(Length.self, forKey: .length) ?? length
    batchSize = try c.decodeIfPresent(Int.self, forKey: .batchSize) ?? batchSize
    optimizer = try c.decodeIfPresent(OptimizerConfig.self, forKey: .optimizer) ?? optimizer
    schedule = try c.decodeIfPresent(LearningRateSchedule.self, forKey: .schedule) ?? schedule
    evaluateEvery = try c.decodeIfPresent(Int.self, forKey: .evaluateEvery)
    evaluateAtStart = try c.decodeIfPresent(Bool.self, forKey: .evaluateAtStart) ?? false
    dataSeed = try c.decodeIfPresent(UInt64.self, forKey: .dataSeed) ?? 0
    snapshotIterations = try c.decodeIfPresent([Int].self, forKey: .snapshotIterations) ?? []
    testEvaluation =
      try c.decodeIfPresent(TestEvaluation.self, forKey: .testEvaluation) ?? .always
    kernels = try c.decodeIfPresent(KernelChoice.self, forKey: .kernels) ?? .auto
  }
}

/// Loss and accuracy of a network on a dataset.
public struct Evaluation: Codable, Equatable, Hashable, Sendable {
  /// Mean cross-entropy.
  public var loss: Double
  /// Fraction of samples classified correctly, 0–1.
  public var accuracy: Double
}

/// The metrics recorded at one evaluation during training.
public struct EvaluationPoint: Codable, Equatable, Hashable, Sendable {
  /// Optimiser steps taken so far.
  public var iteration: Int
  /// Mean training loss of the steps since the previous evaluation (nil at iteration 0).
  public var trainLoss: Double?
  /// On the validation set, when one was given.
  public var validation: Evaluation?
  /// On the test set, when one was given.
  public var test: Evaluation?
}

/// What a training run produced.
public struct TrainingResult: Codable, Equatable, Sendable {
  /// Every evaluation, in order.
  public var history: [EvaluationPoint]
  /// The total number of optimiser steps.
  public var iterations: Int
  /// Wall-clock seconds of each epoch (timing only; not part of equality of results).
  public var epochSeconds: [Double]
  /// Copies of every parameter after the iterations asked for in `snapshotIterations`.
  public var snapshots: [Int: [Tensor]]

  /// The last evaluation.
  public var final: EvaluationPoint { history.last ?? EvaluationPoint(iteration: iterations) }

  /// The evaluation of minimum validation loss: the Lottery Ticket paper's early-stopping point.
  public var earlyStop: EvaluationPoint? {
    history.filter { $0.validation != nil }.min { $0.validation!.loss < $1.validation!.loss }
  }

  /// The iteration of minimum validation loss.
  public var earlyStopIteration: Int? { earlyStop?.iteration }

  public static func == (a: TrainingResult, b: TrainingResult) -> Bool {
    a.history == b.history && a.iterations == b.iterations && a.snapshots == b.snapshots
  }
}

/// A training step's report to a progress callback.
public struct TrainingProgress: Sendable {
  /// Steps taken.
  public var iteration: Int
  /// Steps the run will take.
  public var totalIterations: Int
  /// The loss of the latest step.
  public var loss: Float
  /// The latest evaluation, when this report follows one.
  public var evaluation: EvaluationPoint?
}

/// Why training stopped.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
  /// The loss became NaN or infinite; training never goes on past it.
  case nonFiniteLoss(iteration: Int, loss: Float)
  /// The dataset does not fit the network.
  case incompatibleData(String)

  public var description: String {
    switch self {
    case .nonFiniteLoss(let i, let l):
      "training diverged: the loss is \(l) at iteration \(i); lower the learning rate"
    case .incompatibleData(let s): s
    }
  }
}

/// Trains a `Sequential` network with minibatches, recording evaluations and snapshots.
public final class Trainer {
  /// The network being trained.
  public let model: Sequential
  /// The configuration.
  public let config: TrainingConfig
  /// The optimiser (built from `config.optimizer` unless one was passed in).
  public let optimizer: Optimizer
  private let loss = SoftmaxCrossEntropy()

  /// Prepares to train `model`; pass `optimizer` to continue with existing optimiser state.
  public init(model: Sequential, config: TrainingConfig, optimizer: Optimizer? = nil) {
    self.model = model
    self.config = config
    self.optimizer = optimizer ?? config.optimizer.make(model.parameters)
  }

  /// Trains on `train`, evaluating on `validation` and `test` as configured.
  public func train(
    on train: Dataset, validation: Dataset? = nil, test: Dataset? = nil,
    progress: ((TrainingProgress) -> Void)? = nil
  ) throws -> TrainingResult {
    // The optimisers mask gradients as they read them (one fused pass); the backward pass
    // skips its own masking for the length of the run.
    let masked = model.parameters.filter { $0.mask != nil && !$0.gradientMaskedByOptimizer }
    for p in masked { p.gradientMaskedByOptimizer = true }
    defer { for p in masked { p.gradientMaskedByOptimizer = false } }
    // The kernels in force for the length of the run, chosen per layer from the masks it
    // starts with.
    let dense = model.layers.compactMap { $0 as? Dense }
    let convolutions = model.layers.compactMap { $0 as? Conv2D }
    let previous = (dense.map(\.kernel), convolutions.map(\.kernel))
    for layer in dense { layer.kernel = config.kernels.kernel(for: layer) }
    for layer in convolutions { layer.kernel = config.kernels.kernel(for: layer) }
    defer {
      for (layer, kernel) in zip(dense, previous.0) { layer.kernel = kernel }
      for (layer, kernel) in zip(convolutions, previous.1) { layer.kernel = kernel }
    }
    return try FloatControl.withDenormalsFlushed {
      try run(train: train, validation: validation, test: test, progress: progress)
    }
  }

  private func run(
    train: Dataset, validation: Dataset?, test: Dataset?,
    progress: ((TrainingProgress) -> Void)?
  ) throws -> TrainingResult {
    let perSample = model.inputShape.reduce(1, *)
    for d in [train, validation, test].compactMap({ $0 }) where d.featureCount != perSample {
      throw TrainingError.incompatibleData(
        "the dataset has \(d.featureCount) features per sample; the network takes \(model.inputShape)"
      )
    }
    var batches = Batches(train, batchSize: config.batchSize, shuffle: true, seed: config.dataSeed)
    let perEpoch = batches.batchesPerEpoch
    let total = config.iterations(examples: train.count)
    let evalEvery = config.evaluateEvery ?? perEpoch
    let x = Tensor(shape: [config.batchSize] + model.inputShape)
    var labels = [Int32](repeating: 0, count: config.batchSize)
    var history: [EvaluationPoint] = []
    var snapshots: [Int: [Tensor]] = [:]
    var epochSeconds: [Double] = []
    var lossSum = 0.0
    var lossCount = 0
    let wanted = Set(config.snapshotIterations)

    var bestValidationLoss = Double.infinity
    func evaluatePoint(_ iteration: Int) -> EvaluationPoint {
      let v = validation.map { evaluate(model, on: $0) }
      var testNow = config.testEvaluation == .always || iteration == total || v == nil
      if let v, v.loss < bestValidationLoss {
        bestValidationLoss = v.loss
        testNow = true
      }
      let point = EvaluationPoint(
        iteration: iteration, trainLoss: lossCount > 0 ? lossSum / Double(lossCount) : nil,
        validation: v, test: testNow ? test.map { evaluate(model, on: $0) } : nil)
      lossSum = 0
      lossCount = 0
      return point
    }

    if wanted.contains(0) { snapshots[0] = model.snapshot() }
    if config.evaluateAtStart { history.append(evaluatePoint(0)) }
    var iteration = 0
    var epochStart = Date()
    while iteration < total {
      guard let n = batches.next(into: x, labels: &labels) else {
        epochSeconds.append(Date().timeIntervalSince(epochStart))
        epochStart = Date()
        continue
      }
      let logits = model.forward(x, training: true)
      let value = labels.withUnsafeBufferPointer {
        loss.loss(logits: logits, labels: $0.baseAddress!)
      }
      guard value.isFinite else {
        throw TrainingError.nonFiniteLoss(iteration: iteration + 1, loss: value)
      }
      _ = n
      model.backward(loss.gradient)
      optimizer.step(learningRate: config.schedule.rate(at: iteration))
      iteration += 1
      lossSum += Double(value)
      lossCount += 1
      if wanted.contains(iteration) { snapshots[iteration] = model.snapshot() }
      var point: EvaluationPoint?
      if iteration % evalEvery == 0 || iteration == total {
        point = evaluatePoint(iteration)
        history.append(point!)
      }
      if let progress {
        progress(
          TrainingProgress(
            iteration: iteration, totalIterations: total, loss: value, evaluation: point))
      }
    }
    if iteration % perEpoch == 0 && epochSeconds.count < iteration / perEpoch {
      epochSeconds.append(Date().timeIntervalSince(epochStart))
    }
    return TrainingResult(
      history: history, iterations: iteration, epochSeconds: epochSeconds, snapshots: snapshots)
  }
}

/// Evaluates `model` on `dataset` in batches of `batchSize` (inference mode).
public func evaluate(_ model: Sequential, on dataset: Dataset, batchSize: Int = 1000)
  -> Evaluation
{
  let loss = SoftmaxCrossEntropy()
  let x = Tensor(shape: [0])
  var totalLoss = 0.0
  var correct = 0
  var start = 0
  dataset.labels.withUnsafeBufferPointer { labels in
    while start < dataset.count {
      let n = Swift.min(batchSize, dataset.count - start)
      let logits = dataset.withBatch(start..<(start + n), scratch: x) {
        model.forward($0, training: false)
      }
      let l = labels.baseAddress! + start
      totalLoss += Double(loss.loss(logits: logits, labels: l, computeGradient: false)) * Double(n)
      correct += SoftmaxCrossEntropy.correctCount(logits: logits, labels: l)
      start += n
    }
  }
  let count = Double(Swift.max(dataset.count, 1))
  return Evaluation(loss: totalLoss / count, accuracy: Double(correct) / count)
}
