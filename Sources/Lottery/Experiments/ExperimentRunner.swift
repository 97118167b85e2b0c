import Foundation
import NeuralNet

/// The steps every experiment shares (iterative magnitude pruning, prune and fine-tune, ticket
/// transfer, edge-popup): building a network, counting a training run's length, training with
/// progress reports, and summarising a trained round.
///
/// Each experiment's file holds only what makes it that experiment (which weights are pruned,
/// rewound, transferred or masked); everything it trains goes through here, so a change to how
/// training is run or reported changes every experiment alike.
enum ExperimentRunner {
  /// A progress callback of an experiment (nil: no reports).
  typealias Progress = ((ExperimentProgress) -> Void)?

  /// The network of `model`, with weights drawn by `weightInit` from `seed` (biases zero).
  static func build(_ model: ModelSpec, weightInit: Initializer, seed: UInt64) throws -> Sequential
  {
    try model.build(weightInit: weightInit, seed: seed)
  }

  /// Optimiser steps one training run of `config` takes on `count` examples (the trainer's
  /// own count: `TrainingConfig.iterations(examples:)`).
  static func iterations(_ config: TrainingConfig, _ count: Int) -> Int {
    config.iterations(examples: count)
  }

  /// Trains `network` by `config` on the splits with a new optimiser, reporting progress every
  /// 50 iterations and at the end as `done + iteration` of `total` under the label `stage`.
  static func train(
    _ network: Sequential, _ config: TrainingConfig, _ splits: DataSplits, stage: String,
    done: Int, total: Int, _ progress: Progress
  ) throws -> TrainingResult {
    // A new optimiser per call: momentum and moment estimates never survive a rewind.
    try Trainer(model: network, config: config).train(
      on: splits.train, validation: splits.validation, test: splits.test
    ) { step in
      if step.iteration % 50 == 0 || step.iteration == step.totalIterations {
        progress?(ExperimentProgress(stage: stage, done: done + step.iteration, total: total))
      }
    }
  }

  /// The round `round` of a trained `network`: its sparsity, the early-stopping point (the
  /// minimum validation loss; the end when there was no validation), and the history.
  static func summarize(
    _ round: Int, _ network: Sequential, _ result: TrainingResult, seconds: Double? = nil
  ) -> RoundResult {
    let early = result.earlyStop ?? result.final
    return RoundResult(
      round: round, sparsity: network.sparsity, earlyStopIteration: early.iteration,
      earlyStopAccuracy: early.test?.accuracy ?? .nan,
      finalAccuracy: result.final.test?.accuracy ?? .nan, history: result.history,
      trainingSeconds: seconds)
  }

  /// Seconds elapsed since `start`.
  static func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
  }
}
