import Foundation
import NeuralNet

/// Which subnetwork a transfer run trains on the target task.
public enum TransferTicket: String, Codable, Hashable, Sendable {
  /// The source ticket: its mask and its (rewound) initial values.
  case transferred
  /// A random mask with the ticket's per-layer counts, on the source's initial values.
  case random
  /// The ticket's mask with fresh random initial values.
  case reinitialized
}

/// Ticket transfer (Morcos, Yu, Paganini & Tian 2019, "One ticket to win them all: generalizing
/// lottery ticket initializations across datasets and optimizers"): a ticket found by IMP on one
/// task or with one optimiser, trained on another.
///
/// The source ticket is round `round` of the `source` run: its mask, and its weights at the
/// source's rewind iteration. With `reinitializeOutput`, the output layer gets fresh values (its
/// mask is kept), as when the target's classes differ from the source's. Deviation: Morcos et
/// al. use late rewinding on large convolutional networks; here any `LotteryConfig` can be the
/// source, including rewinding to iteration 0.
public struct TransferConfig: SeededExperiment {
  public static let kind = "transfer"
  public static var defaults: TransferConfig { TransferConfig() }

  /// How the ticket was found.
  public var source: LotteryConfig
  /// Which round of the source run supplies the mask.
  public var round: Int
  /// The target task's data.
  public var targetData: DataConfig
  /// How the ticket is trained on the target.
  public var targetTraining: TrainingConfig
  /// The transferred ticket or a control.
  public var ticket: TransferTicket
  /// Whether the output layer is re-initialised before training on the target.
  public var reinitializeOutput: Bool
  /// The seed of random masks and fresh values.
  public var seed: UInt64

  /// Creates a configuration (defaults: the default lottery run's round 5, trained on the same
  /// data with SGD and momentum).
  public init(
    source: LotteryConfig = LotteryConfig(), round: Int = 5,
    targetData: DataConfig = DataConfig(),
    targetTraining: TrainingConfig = TrainingConfig(
      length: .epochs(4), optimizer: .sgd(momentum: 0.9), schedule: .constant(0.01),
      evaluateEvery: 500),
    ticket: TransferTicket = .transferred, reinitializeOutput: Bool = false, seed: UInt64 = 0
  ) {
    self.source = source
    self.round = round
    self.targetData = targetData
    self.targetTraining = targetTraining
    self.ticket = ticket
    self.reinitializeOutput = reinitializeOutput
    self.seed = seed
  }

  /// The same transfer with another ticket.
  public func with(ticket: TransferTicket) -> TransferConfig { with(\.ticket, ticket) }
}

/// What a transfer run measured on the target task.
public struct TransferResult: Codable, Equatable, Sendable {
  /// The configuration that produced it.
  public var config: TransferConfig
  /// The trained subnetwork's round summary on the target.
  public var outcome: RoundResult
}

/// Trains lottery tickets on other tasks and optimisers.
public enum TicketTransfer {
  /// Runs `config`; `sourceResult` is the source lottery run (computed when nil).
  public static func run(
    _ config: TransferConfig, sourceResult: LotteryResult? = nil, data: DataSplits? = nil,
    progress: ((ExperimentProgress) -> Void)? = nil
  ) throws -> TransferResult {
    let source = try sourceResult ?? LotteryTicket.run(config.source, progress: progress)
    precondition(source.masks.indices.contains(config.round), "round \(config.round) of the source")
    let target = try data ?? config.targetData.load()
    let network = try initialValues(config.source, progress)
    var generator = SeededGenerator(seed: config.seed &+ 0x7E57)
    switch config.ticket {
    case .transferred:
      source.masks[config.round].apply(to: network)
    case .reinitialized:
      network.reinitialize(
        weightInit: config.source.weightInit, seed: config.seed &* 7919 &+ 15_485_863)
      source.masks[config.round].apply(to: network)
    case .random:
      // Random masks with exactly the ticket's per-layer counts.
      let ticketMasks = source.masks[config.round]
      MaskSet.dense(for: network).apply(to: network)
      for (p, m) in zip(network.parameters, ticketMasks.masks) {
        guard let m else { continue }
        let keep = Int(Elementwise.sum(m.pointer, count: m.count))
        p.setMask(RandomMask.keeping(keep, shape: m.shape, using: &generator))
      }
    }
    if config.reinitializeOutput,
      let output = network.layers.last(where: { !$0.parameters.isEmpty })
    {
      var g = SeededGenerator(seed: config.seed &+ 0x0717)
      for p in output.parameters {
        p.initialize(p.role == .bias ? .zeros : config.source.weightInit, using: &g)
      }
    }
    let result = try ExperimentRunner.train(
      network, config.targetTraining, target, stage: "transfer (\(config.ticket.rawValue))",
      done: 0, total: ExperimentRunner.iterations(config.targetTraining, target.train.count),
      progress)
    return TransferResult(
      config: config, outcome: ExperimentRunner.summarize(config.round, network, result))
  }

  /// The source network at its rewind point: the initialisation, or the dense network after
  /// `rewindIteration` steps of the source's training (reproduced exactly: training is
  /// deterministic).
  static func initialValues(_ source: LotteryConfig, _ progress: ExperimentRunner.Progress)
    throws -> Sequential
  {
    let network = try LotteryTicket.initialNetwork(source)
    guard source.rewindIteration > 0 else { return network }
    var training = source.training
    training.length = .iterations(source.rewindIteration)
    training.evaluateEvery = Int.max
    _ = try Trainer(model: network, config: training).train(on: try source.data.load().train)
    return network
  }
}
