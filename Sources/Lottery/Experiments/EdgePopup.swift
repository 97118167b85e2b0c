import Foundation
import NeuralNet

/// Which subnetwork of the random network a supermask run measures.
public enum SupermaskControl: String, Codable, Hashable, Sendable {
  /// Scores trained by edge-popup; the mask is their top k per layer (Ramanujan et al. 2019).
  case edgePopup
  /// A random mask with the same k per layer on the same untrained weights, evaluated without
  /// training: the top k of the initial scores, which are independent and identically
  /// distributed, so every mask with round(k·n) ones per layer is equally likely.
  case randomSubnetwork
}

/// A supermask experiment: find a subnetwork of a randomly weighted MLP by edge-popup
/// (Ramanujan, Wortsman, Kembhavi, Farhadi & Rastegari 2019, "What's Hidden in a Randomly
/// Weighted Neural Network?", section 3 and the "FC" setting of the paper's code).
///
/// The defaults follow the paper's code for its fully connected network on MNIST: LeNet-300-100
/// without biases, signed Kaiming constant weights, scores Kaiming uniform (a = √5), SGD with
/// momentum 0.9 and weight decay 1e-4 on the scores, learning rate 0.1 with cosine decay,
/// batch 128. Deviations: 10 epochs instead of 100 (the course's budget), Fashion-MNIST
/// instead of MNIST, and 5,000 training examples held out for validation. The paper's
/// convolutional CIFAR-10 runs use weight decay 5e-4; its MLP setting is 1e-4, used here.
public struct SupermaskConfig: SeededExperiment, ControlledExperiment {
  /// "supermask", the start of every name.
  public static let kind = "supermask"
  /// The configuration with every field at its default.
  public static var defaults: SupermaskConfig { SupermaskConfig() }

  /// The widths, input first.
  public var widths: [Int]
  /// The initialiser of the frozen weights.
  public var weightInit: Initializer
  /// The fraction of each layer's weights the supermask keeps (the paper's k), 0–1.
  public var keptFraction: Double
  /// Whether the frozen weights are scaled by 1/√`keptFraction`.
  public var scaleByKept: Bool
  /// How the scores train. A `.cosine` schedule with `iterations: 0` spans the whole run.
  public var training: TrainingConfig
  /// The data.
  public var data: DataConfig
  /// The seed of the weights and initial scores.
  public var seed: UInt64
  /// Edge-popup, or the random-subnetwork control.
  public var control: SupermaskControl

  /// Creates a configuration; the defaults are the paper's MLP setting for 10 epochs.
  public init(
    widths: [Int] = [784, 300, 100, 10], weightInit: Initializer = .signedHeConstant(),
    keptFraction: Double = 0.5, scaleByKept: Bool = false,
    training: TrainingConfig = SupermaskConfig.paperTraining, data: DataConfig = DataConfig(),
    seed: UInt64 = 0, control: SupermaskControl = .edgePopup
  ) {
    self.widths = widths
    self.weightInit = weightInit
    self.keptFraction = keptFraction
    self.scaleByKept = scaleByKept
    self.training = training
    self.data = data
    self.seed = seed
    self.control = control
  }

  /// The paper's training of the scores for its MLP, shortened to 10 epochs: SGD, momentum
  /// 0.9, weight decay 1e-4, learning rate 0.1 with cosine decay over the run, batch 128.
  public static let paperTraining = TrainingConfig(
    length: .epochs(10), batchSize: 128,
    optimizer: .sgd(momentum: 0.9, weightDecay: 1e-4),
    schedule: .cosine(base: 0.1, iterations: 0))

  /// The network this configuration searches.
  public var model: SupermaskModel {
    SupermaskModel(
      widths: widths, weightInit: weightInit, keptFraction: keptFraction,
      scaleByKept: scaleByKept)
  }
}

/// What one layer's supermask kept.
public struct SupermaskLayerReport: Codable, Equatable, Sendable {
  /// The layer, such as `fc1`.
  public var name: String
  /// The number of weights.
  public var weights: Int
  /// The number the final mask keeps (counted from the mask).
  public var kept: Int
  /// The fraction of the final mask's kept weights that the initial (random) mask kept too:
  /// about k when edge-popup moved far from its starting point, 1 when it did not move.
  public var overlapWithInitial: Double
}

/// What a supermask run measured.
public struct SupermaskResult: Codable, Equatable, Sendable {
  /// The configuration that produced it.
  public var config: SupermaskConfig
  /// Every evaluation; the first is iteration 0 (the initial, random mask).
  public var history: [EvaluationPoint]
  /// Per layer, input first.
  public var layers: [SupermaskLayerReport]
  /// For each input unit of the first layer (a pixel of a 28×28 image for Fashion-MNIST), the
  /// fraction of its outgoing weights the final mask keeps: the first layer's mask as a heatmap.
  public var firstLayerInputDensity: [Double]

  /// Test accuracy of the initial mask, before any training (the random subnetwork).
  public var initialAccuracy: Double { history.first?.test?.accuracy ?? .nan }
  /// Test accuracy after the last iteration.
  public var finalAccuracy: Double { history.last?.test?.accuracy ?? .nan }
  /// The number of optimiser steps taken.
  public var iterations: Int { history.last?.iteration ?? 0 }
  /// Weights kept over all layers.
  public var kept: Int { layers.reduce(0) { $0 + $1.kept } }
  /// Weights over all layers.
  public var weights: Int { layers.reduce(0) { $0 + $1.weights } }
}

/// Edge-popup (Ramanujan et al. 2019, algorithm 1): trains one score per frozen random weight
/// and keeps each layer's top k by |score|, the supermask; also runs the random-subnetwork
/// control. The layer that does the top-k and the straight-through gradient is
/// `SupermaskLayer`; this runs the experiment.
public enum EdgePopup {
  /// Runs `config` on `data` (loaded from `config.data` when nil).
  public static func run(
    _ config: SupermaskConfig, data: DataSplits? = nil,
    progress: ((ExperimentProgress) -> Void)? = nil
  ) throws -> SupermaskResult {
    let splits = try data ?? config.data.load()
    let network = try config.model.build(seed: config.seed)
    let layers = network.supermaskLayers
    let initialMasks = layers.map(\.mask)
    var training = config.training
    // Iteration 0 measures the initial mask: the random subnetwork of this seed.
    training.evaluateAtStart = true
    if config.control == .randomSubnetwork { training.length = .iterations(0) }
    let total = ExperimentRunner.iterations(training, splits.train.count)
    training.schedule = spanning(training.schedule, total)
    let history = try ExperimentRunner.train(
      network, training, splits, stage: config.control.rawValue, done: 0, total: total, progress
    ).history
    let masks = layers.map(\.mask)
    let reports = zip(layers, zip(masks, initialMasks)).map { layer, pair in
      let (mask, initial) = pair
      let kept = Int(Elementwise.sum(mask.pointer, count: mask.count))
      var both = 0
      for i in 0..<mask.count where mask[i] == 1 && initial[i] == 1 { both += 1 }
      return SupermaskLayerReport(
        name: layer.name, weights: layer.weightCount, kept: kept,
        overlapWithInitial: kept > 0 ? Double(both) / Double(kept) : 1)
    }
    return SupermaskResult(
      config: config, history: history, layers: reports,
      firstLayerInputDensity: masks.first.map { inputDensity($0, inputs: layers[0].scores.fanIn) }
        ?? [])
  }

  /// `schedule` with a cosine of 0 iterations stretched to `total` iterations.
  static func spanning(_ schedule: LearningRateSchedule, _ total: Int) -> LearningRateSchedule {
    switch schedule {
    case .cosine(let base, 0, let minimum): .cosine(base: base, iterations: total, minimum: minimum)
    case .warmup(let n, let then): .warmup(iterations: n, then: spanning(then, total))
    default: schedule
    }
  }

  /// Per input unit, the fraction of a dense layer's weights from it that `mask` keeps.
  static func inputDensity(_ mask: Tensor, inputs: Int) -> [Double] {
    let outputs = mask.count / Swift.max(inputs, 1)
    var kept = [Double](repeating: 0, count: inputs)
    for o in 0..<outputs {
      for i in 0..<inputs { kept[i] += Double(mask[o * inputs + i]) }
    }
    return kept.map { $0 / Double(Swift.max(outputs, 1)) }
  }
}

/// The supermask experiment's runner under its earlier name: `Supermask.run` is `EdgePopup.run`.
public typealias Supermask = EdgePopup
