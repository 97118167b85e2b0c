import Canonical
import Foundation

/// An experiment that runs from its configuration alone: what `ticketbook experiment run`, a
/// lesson's `memoAll` and a Slurm array task call, so all three store the same result under the
/// same name.
///
/// An experiment that needs another's result (a transfer needs its source run, a random
/// re-initialisation needs its ticket) loads it from `store`, running and storing it when
/// missing; without a store it computes it.
public protocol RunnableExperiment: ExperimentConfig {
  /// What one run produces (stored in the result store under the configuration's name).
  associatedtype Result: Codable & Sendable
  /// Runs `config`, loading the experiments it depends on from `store`.
  static func run(
    _ config: Self, store: ResultStore?, progress: ((ExperimentProgress) -> Void)?
  ) throws -> Result
}

extension RunnableExperiment {
  /// The result of `config` in `store`: loaded, or run and stored.
  static func stored(
    _ config: Self, _ store: ResultStore?, _ progress: ((ExperimentProgress) -> Void)?
  ) throws -> Result {
    guard let store else { return try run(config, store: nil, progress: progress) }
    return try store.run(config) { try run(config, store: store, progress: progress) }
  }
}

extension LotteryConfig: RunnableExperiment {
  public typealias Result = LotteryResult

  /// Iterative magnitude pruning or one of its controls; the random re-initialisation control
  /// takes its masks from the ticket run of the same configuration.
  public static func run(
    _ config: LotteryConfig, store: ResultStore?, progress: ((ExperimentProgress) -> Void)?
  ) throws -> LotteryResult {
    guard config.control == .randomReinit else {
      return try LotteryTicket.run(config, progress: progress)
    }
    let ticket = try stored(config.with(control: .ticket), store, progress)
    return try LotteryTicket.run(config, ticketResult: ticket, progress: progress)
  }
}

extension PruneFineTuneConfig: RunnableExperiment {
  public typealias Result = PruneFineTuneResult

  /// Han et al.'s pipeline, training its dense reference itself.
  public static func run(
    _ config: PruneFineTuneConfig, store: ResultStore?,
    progress: ((ExperimentProgress) -> Void)?
  ) throws -> PruneFineTuneResult {
    try PruneFineTune.run(config, progress: progress)
  }
}

extension TransferConfig: RunnableExperiment {
  public typealias Result = TransferResult

  /// The transfer of round `round` of the source run (loaded from the store when there).
  public static func run(
    _ config: TransferConfig, store: ResultStore?, progress: ((ExperimentProgress) -> Void)?
  ) throws -> TransferResult {
    let source = try LotteryConfig.stored(config.source, store, progress)
    return try TicketTransfer.run(config, sourceResult: source, progress: progress)
  }
}

extension SupermaskConfig: RunnableExperiment {
  public typealias Result = SupermaskResult

  /// Edge-popup (or its random-subnetwork control) on an untrained network.
  public static func run(
    _ config: SupermaskConfig, store: ResultStore?, progress: ((ExperimentProgress) -> Void)?
  ) throws -> SupermaskResult {
    try EdgePopup.run(config, progress: progress)
  }
}

/// One experiment to run by value: its kind and its full configuration, as the canonical JSON
/// file `ticketbook experiment run` reads (`{"config":{…},"kind":"lottery"}`).
public struct ExperimentRequest<Config: RunnableExperiment>: Codable, Equatable, Sendable {
  /// The experiment's kind (`Config.kind`).
  public var kind: String
  /// The configuration, every field written out.
  public var config: Config

  /// The request to run `config`.
  public init(_ config: Config) {
    self.kind = Config.kind
    self.config = config
  }

  /// The request as canonical JSON (sorted keys), the file format of `experiment run`.
  public func json() throws -> Data { try CanonicalJSON.encode(self) }
}

/// Why an experiment request could not be run.
public struct ExperimentRequestError: Error, CustomStringConvertible, Equatable {
  /// What was wrong, naming the file.
  public var description: String
}

/// The kinds of experiment that run by value, and their runners.
public enum ExperimentRegistry {
  /// Every runnable kind: lottery, prune-finetune, transfer, supermask.
  public static let kinds: [any RunnableExperiment.Type] = [
    LotteryConfig.self, PruneFineTuneConfig.self, TransferConfig.self, SupermaskConfig.self,
  ]

  /// The names of the runnable kinds.
  public static let kindNames = ["lottery", "prune-finetune", "transfer", "supermask"]

  /// The runner of `kind`, or nil.
  public static func experiment(kind: String) -> (any RunnableExperiment.Type)? {
    for type in kinds where type.kind == kind { return type }
    return nil
  }

  /// What running a request did.
  public struct Outcome: Equatable, Sendable {
    /// The experiment's name (its store entry).
    public var name: String
    /// The experiment's kind.
    public var kind: String
    /// Whether it was already stored, computed, or recomputed over a corrupt entry.
    public var store: ResultStore.Outcome
  }

  private struct Kind: Decodable { var kind: String }

  /// The name and kind of the experiment a request file holds; `file` names it in errors.
  public static func describe(_ data: Data, file: String) throws -> (
    name: String, kind: String
  ) {
    let type = try runner(data, file: file)
    return (try type.decodedName(data, file: file), type.kind)
  }

  /// Runs the experiment a request file holds and stores its result in `store` under its name
  /// (nothing is run when it is stored already); `file` names the request in errors.
  public static func run(
    _ data: Data, file: String, store: ResultStore,
    progress: ((ExperimentProgress) -> Void)? = nil
  ) throws -> Outcome {
    let type = try runner(data, file: file)
    return try type.runRequest(data, file: file, store: store, progress: progress)
  }

  private static func runner(_ data: Data, file: String) throws
    -> any RunnableExperiment.Type
  {
    let kind: String
    do {
      kind = try JSONDecoder().decode(Kind.self, from: data).kind
    } catch {
      throw ExperimentRequestError(
        description: "\(file): not an experiment request (expected a JSON object with "
          + "\"kind\" and \"config\"): \(error)")
    }
    guard let type = experiment(kind: kind) else {
      throw ExperimentRequestError(
        description: "\(file): unknown experiment kind \"\(kind)\"; known kinds: "
          + kindNames.joined(separator: ", "))
    }
    return type
  }
}

extension RunnableExperiment {
  fileprivate static func decoded(_ data: Data, file: String) throws
    -> Self
  {
    do {
      return try CanonicalJSON.decoder().decode(ExperimentRequest<Self>.self, from: data).config
    } catch {
      throw ExperimentRequestError(
        description: "\(file): the \(kind) configuration does not decode: \(error)")
    }
  }

  fileprivate static func decodedName(_ data: Data, file: String) throws
    -> String
  {
    try decoded(data, file: file).name
  }

  fileprivate static func runRequest(
    _ data: Data, file: String, store: ResultStore, progress: ((ExperimentProgress) -> Void)?
  ) throws -> ExperimentRegistry.Outcome {
    let config = try decoded(data, file: file)
    let (_, outcome) = try store.memo(config.name) {
      try run(config, store: store, progress: progress)
    }
    return ExperimentRegistry.Outcome(name: config.name, kind: kind, store: outcome)
  }
}
