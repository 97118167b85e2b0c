import Foundation
import NeuralNet

/// Prune and fine-tune (Han, Pool, Tran & Dally 2015, "Learning both Weights and Connections for
/// Efficient Neural Networks"): train the dense network, remove small weights, retrain the
/// survivors from their trained values at a lower learning rate, and repeat.
///
/// Deviations: the paper prunes with a threshold of a quality parameter times each layer's
/// weight std, the default `method` here (which also accepts fixed per-layer fractions for the
/// one-shot versus iterative comparison), and fine-tunes with SGD at 1/10 of the original rate;
/// the default `fineTuning` here keeps the dense training's optimiser, Adam, at 1/10 of its rate
/// (1.2e-4; pass `TrainingConfig(optimizer: .sgd(...))` for the paper's). Dropout is not used (the engine has none), so the paper's dropout-ratio
/// adjustment does not apply.
public struct PruneFineTuneConfig: SeededExperiment {
  public static let kind = "prune-finetune"
  public static var defaults: PruneFineTuneConfig { PruneFineTuneConfig() }

  /// The architecture.
  public var model: ModelSpec
  /// The initialiser of the weights.
  public var weightInit: Initializer
  /// How the dense reference network is trained.
  public var training: TrainingConfig
  /// How the survivors are retrained after each pruning step.
  public var fineTuning: TrainingConfig
  /// The data.
  public var data: DataConfig
  /// Pruning steps (1: one-shot).
  public var rounds: Int
  /// Which weights each step removes.
  public var method: PruningMethod
  /// Whether the survivors are retrained after each step (false: prune only).
  public var fineTune: Bool
  /// The initialisation seed.
  public var seed: UInt64

  /// Creates a configuration; the defaults train LeNet-300-100 for 10 epochs with Adam and
  /// fine-tune for 4 epochs at a tenth of the rate after each of 3 threshold steps.
  public init(
    model: ModelSpec = .lenet300100, weightInit: Initializer = .glorotNormal,
    training: TrainingConfig = TrainingConfig(length: .epochs(10)),
    fineTuning: TrainingConfig = TrainingConfig(
      length: .epochs(4), schedule: .constant(1.2e-4)),
    data: DataConfig = DataConfig(), rounds: Int = 3,
    method: PruningMethod = .threshold(quality: 1.0), fineTune: Bool = true, seed: UInt64 = 0
  ) {
    self.model = model
    self.weightInit = weightInit
    self.training = training
    self.fineTuning = fineTuning
    self.data = data
    self.rounds = rounds
    self.method = method
    self.fineTune = fineTune
    self.seed = seed
  }
}

/// One row of a compression table: a network's size and error at one stage.
public struct CompressionStage: Codable, Equatable, Sendable {
  /// 0 for the dense reference, then the pruning step.
  public var step: Int
  /// Weights kept per layer and in total (biases included in the totals).
  public var sparsity: SparsityReport
  /// Test accuracy right after pruning, before fine-tuning (nil for the reference).
  public var accuracyAfterPruning: Double?
  /// Test accuracy at the end of the stage.
  public var accuracy: Double

  /// Top-1 error in percent, as in the paper's tables.
  public var topOneError: Double { (1 - accuracy) * 100 }
  /// Parameters kept (biases included).
  public var parameters: Int { sparsity.kept }
  /// Dense parameters / kept parameters.
  public var compressionRate: Double { sparsity.compressionRate }
}

/// The stages of a prune-and-fine-tune run.
public struct PruneFineTuneResult: Codable, Equatable, Sendable {
  /// The configuration that produced it.
  public var config: PruneFineTuneConfig
  /// The reference (step 0) and each pruning step.
  public var stages: [CompressionStage]
  /// The first layer's weights before pruning (for the paper's histogram; at most 25,000 of
  /// them, every k-th in storage order).
  public var firstLayerBefore: [Float]
  /// The first layer's surviving weights after the last step (sampled the same way).
  public var firstLayerAfter: [Float]

  /// The dense reference.
  public var reference: CompressionStage { stages[0] }
  /// The last step.
  public var pruned: CompressionStage { stages[stages.count - 1] }
}

/// Runs Han et al.'s pruning pipeline.
public enum PruneFineTune {
  /// The dense reference network of `config`, trained: its weights (a Codable value, so a
  /// lesson can memoise it and share it between pruning variants).
  public static func trainDense(
    _ config: PruneFineTuneConfig, data: DataSplits? = nil,
    progress: ((ExperimentProgress) -> Void)? = nil
  ) throws -> [Tensor] {
    let splits = try data ?? config.data.load()
    let network = try build(config)
    _ = try ExperimentRunner.train(
      network, config.training, splits, stage: "dense training", done: 0,
      total: ExperimentRunner.iterations(config.training, splits.train.count), progress)
    return network.snapshot()
  }

  /// Runs `config` on `data` (loaded from `config.data` when nil), starting from the trained
  /// dense weights `dense` when given (they must come from `trainDense` of the same model,
  /// initialisation, training and data) instead of training the reference again.
  public static func run(
    _ config: PruneFineTuneConfig, data: DataSplits? = nil, dense: [Tensor]? = nil,
    progress: ((ExperimentProgress) -> Void)? = nil
  ) throws -> PruneFineTuneResult {
    let splits = try data ?? config.data.load()
    let network = try build(config)
    network.restore(try dense ?? trainDense(config, data: splits, progress: progress))
    MaskSet.dense(for: network).apply(to: network)
    var stages = [
      CompressionStage(
        step: 0, sparsity: network.sparsity, accuracyAfterPruning: nil,
        accuracy: evaluate(network, on: splits.test).accuracy)
    ]
    let before = network.weights[0].value.scalars
    var generator = SeededGenerator(seed: config.seed &+ 0x4A4E)
    for step in 1...Swift.max(1, config.rounds) {
      Pruner.prune(network, config.method, generator: &generator)
      let afterPruning = evaluate(network, on: splits.test).accuracy
      var accuracy = afterPruning
      if config.fineTune {
        // The survivors keep their trained values; a fresh optimiser at the fine-tuning rate.
        let perStep = ExperimentRunner.iterations(config.fineTuning, splits.train.count)
        let tuned = try ExperimentRunner.train(
          network, config.fineTuning, splits, stage: "fine-tuning step \(step)",
          done: (step - 1) * perStep, total: Swift.max(1, config.rounds) * perStep, progress)
        accuracy = tuned.final.test?.accuracy ?? .nan
      }
      stages.append(
        CompressionStage(
          step: step, sparsity: network.sparsity, accuracyAfterPruning: afterPruning,
          accuracy: accuracy))
    }
    let first = network.weights[0]
    let after = (0..<first.count).filter { first.mask?[$0] != 0 }.map { first.value[$0] }
    return PruneFineTuneResult(
      config: config, stages: stages, firstLayerBefore: sample(before),
      firstLayerAfter: sample(after))
  }

  /// The network of `config` at initialisation.
  static func build(_ config: PruneFineTuneConfig) throws -> Sequential {
    try ExperimentRunner.build(config.model, weightInit: config.weightInit, seed: config.seed)
  }

  /// Every k-th value, so that at most `limit` remain (deterministic).
  static func sample(_ values: [Float], limit: Int = 25_000) -> [Float] {
    let k = Swift.max(1, (values.count + limit - 1) / limit)
    return stride(from: 0, to: values.count, by: k).map { values[$0] }
  }
}
