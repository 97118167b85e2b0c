import Foundation
import NeuralNet

/// Which network a lottery-ticket run trains in each round.
public enum TicketControl: String, Codable, Hashable, Sendable {
  /// Iterative magnitude pruning with rewinding: the winning ticket (Frankle & Carbin 2019).
  case ticket
  /// The ticket's masks, round by round, with fresh random initial values.
  case randomReinit
  /// Random masks with the ticket's per-layer sparsity, pruned from the surviving weights at
  /// random each round, rewound like the ticket.
  case randomPruning
}

/// An iterative-magnitude-pruning experiment (Frankle & Carbin 2019, "The Lottery Ticket
/// Hypothesis: Finding Sparse, Trainable Neural Networks", algorithm 1 and section 2).
///
/// Round 0 trains the dense network; each later round prunes the fraction `rates` of the
/// surviving weights of smallest magnitude per layer, rewinds the survivors to their values at
/// iteration `rewindIteration` (0: initialisation), and trains again for the same length.
///
/// Deviations from the paper, on purpose: with late rewinding (k > 0) each later round trains
/// T − k iterations from the rewound weights with a new trainer, so its data order and
/// learning-rate schedule start again from iteration 0 (the batches of round 0's iterations
/// 1…T − k, not of k + 1…T, which open_lth's resumed training would see); the optimiser state
/// is reset at every rewind (so is the paper's).
public struct LotteryConfig: SeededExperiment, ControlledExperiment {
  public static let kind = "lottery"
  public static var defaults: LotteryConfig { LotteryConfig() }

  /// The architecture.
  public var model: ModelSpec
  /// The initialiser of the weights (biases start at zero).
  public var weightInit: Initializer
  /// How each round trains.
  public var training: TrainingConfig
  /// The data.
  public var data: DataConfig
  /// Rounds of pruning after the dense round 0.
  public var rounds: Int
  /// Fractions of the surviving weights removed per round.
  public var rates: PruningRates
  /// The iteration whose weights survivors are rewound to (0: the initialisation).
  public var rewindIteration: Int
  /// The seed of the initialisation (and of random masks).
  public var seed: UInt64
  /// Ticket, or one of the paper's controls.
  public var control: TicketControl

  /// Creates a configuration; the defaults are the paper's LeNet-300-100 setup with 4 epochs
  /// per round (Adam 1.2e-3, batch 60, Glorot normal, 20%/10% per round).
  public init(
    model: ModelSpec = .lenet300100, weightInit: Initializer = .glorotNormal,
    training: TrainingConfig = TrainingConfig(length: .epochs(4), evaluateEvery: 500),
    data: DataConfig = DataConfig(), rounds: Int = 10, rates: PruningRates = PruningRates(),
    rewindIteration: Int = 0, seed: UInt64 = 0, control: TicketControl = .ticket
  ) {
    self.model = model
    self.weightInit = weightInit
    self.training = training
    self.data = data
    self.rounds = rounds
    self.rates = rates
    self.rewindIteration = rewindIteration
    self.seed = seed
    self.control = control
  }
}

/// The rounds of one lottery-ticket run, with the masks that define its subnetworks.
public struct LotteryResult: Codable, Equatable, Sendable {
  /// The configuration that produced it.
  public var config: LotteryConfig
  /// Round 0 (dense) to `config.rounds`.
  public var rounds: [RoundResult]
  /// The masks trained in each round.
  public var masks: [MaskSet]
}

/// Runs iterative magnitude pruning and its controls.
public enum LotteryTicket {
  /// Runs `config`, loading the splits itself; `ticketResult` supplies the masks for the
  /// random re-initialisation control (computed when nil).
  public static func run(
    _ config: LotteryConfig, data: DataSplits? = nil, ticketResult: LotteryResult? = nil,
    progress: ((ExperimentProgress) -> Void)? = nil
  ) throws -> LotteryResult {
    let splits = try data ?? config.data.load()
    switch config.control {
    case .ticket, .randomPruning:
      return try iterate(config, splits, progress)
    case .randomReinit:
      let ticket = try ticketResult ?? iterate(config.with(control: .ticket), splits, progress)
      return try reinitialized(config, ticket, splits, progress)
    }
  }

  /// The network of `config` at initialisation (before any training or pruning).
  public static func initialNetwork(_ config: LotteryConfig) throws -> Sequential {
    try build(config)
  }

  static func build(_ config: LotteryConfig) throws -> Sequential {
    try ExperimentRunner.build(config.model, weightInit: config.weightInit, seed: config.seed)
  }

  static func iterate(
    _ config: LotteryConfig, _ splits: DataSplits, _ progress: ExperimentRunner.Progress
  ) throws -> LotteryResult {
    let network = try build(config)
    MaskSet.dense(for: network).apply(to: network)
    let k = config.rewindIteration
    var training = config.training
    training.snapshotIterations = [k]
    var rewindPoint = network.snapshot()
    var rounds: [RoundResult] = []
    var masks: [MaskSet] = []
    var generator = SeededGenerator(seed: config.seed &+ 0x5EED)
    let perRound = ExperimentRunner.iterations(training, splits.train.count)
    for round in 0...config.rounds {
      if round > 0 {
        let method: PruningMethod =
          config.control == .randomPruning
          ? .random(config.rates) : .layerwiseMagnitude(config.rates)
        Pruner.prune(network, method, generator: &generator)
        network.rewind(to: rewindPoint)
      }
      masks.append(network.maskSet)
      var roundTraining = training
      if round > 0 && k > 0 { roundTraining.length = .iterations(Swift.max(1, perRound - k)) }
      let start = ContinuousClock.now
      let result = try ExperimentRunner.train(
        network, roundTraining, splits, stage: "\(config.control.rawValue) round \(round)",
        done: round * perRound, total: (config.rounds + 1) * perRound, progress)
      if round == 0, k > 0, let snap = result.snapshots[k] { rewindPoint = snap }
      rounds.append(
        ExperimentRunner.summarize(
          round, network, result, seconds: ExperimentRunner.seconds(since: start)))
    }
    return LotteryResult(config: config, rounds: rounds, masks: masks)
  }

  static func reinitialized(
    _ config: LotteryConfig, _ ticket: LotteryResult, _ splits: DataSplits,
    _ progress: ExperimentRunner.Progress
  ) throws -> LotteryResult {
    let network = try build(config)
    let perRound = ExperimentRunner.iterations(config.training, splits.train.count)
    var rounds: [RoundResult] = []
    for (round, maskSet) in ticket.masks.enumerated() {
      // A fresh draw per round, independent of the ticket's initialisation seed.
      network.reinitialize(
        weightInit: config.weightInit, seed: config.seed &* 7919 &+ 104_729 &+ UInt64(round))
      maskSet.apply(to: network)
      let start = ContinuousClock.now
      let result = try ExperimentRunner.train(
        network, config.training, splits, stage: "random re-init round \(round)",
        done: round * perRound, total: ticket.masks.count * perRound, progress)
      rounds.append(
        ExperimentRunner.summarize(
          round, network, result, seconds: ExperimentRunner.seconds(since: start)))
    }
    return LotteryResult(config: config, rounds: rounds, masks: ticket.masks)
  }
}
