import NeuralNet

/// What one round of training a (possibly pruned) network measured: a round of a
/// lottery-ticket run, or a transferred ticket trained on its target.
public struct RoundResult: Codable, Equatable, Sendable {
  /// 0 for the dense network.
  public var round: Int
  /// Weights kept per layer and in total.
  public var sparsity: SparsityReport
  /// The iteration of minimum validation loss.
  public var earlyStopIteration: Int
  /// Test accuracy at that iteration.
  public var earlyStopAccuracy: Double
  /// Test accuracy after the last iteration.
  public var finalAccuracy: Double
  /// Every evaluation of the round.
  public var history: [EvaluationPoint]
  /// Wall-clock seconds the round's training took (evaluations included); nil in results
  /// stored before it was measured. A measurement of the machine, not part of the numbers
  /// that seeds fix.
  public var trainingSeconds: Double?

  /// The percent of weights remaining (biases excluded), as on the paper's x axes.
  public var percentRemaining: Double { sparsity.weightDensity * 100 }

  /// Equal when everything the seeds fix is equal: the wall-clock `trainingSeconds` is left
  /// out, so two runs of one configuration compare equal.
  public static func == (a: RoundResult, b: RoundResult) -> Bool {
    a.round == b.round && a.sparsity == b.sparsity && a.earlyStopIteration == b.earlyStopIteration
      && a.earlyStopAccuracy.bitPattern == b.earlyStopAccuracy.bitPattern
      && a.finalAccuracy.bitPattern == b.finalAccuracy.bitPattern && a.history == b.history
  }
}
