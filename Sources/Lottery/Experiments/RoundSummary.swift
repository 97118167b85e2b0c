/// One round summarised over replicate runs (seeds).
public struct RoundSummary: Codable, Equatable, Sendable {
  /// The round.
  public var round: Int
  /// Percent of weights remaining (equal across replicates).
  public var percentRemaining: Double
  /// Test accuracy at early stopping.
  public var earlyStopAccuracy: Spread
  /// Early-stopping iteration.
  public var earlyStopIteration: Spread
  /// Test accuracy at the end of training.
  public var finalAccuracy: Spread

  /// Summaries per round of replicate runs with the same number of rounds.
  public static func of(_ runs: [LotteryResult]) -> [RoundSummary] {
    guard let first = runs.first else { return [] }
    return first.rounds.indices.map { r in
      let rounds = runs.map { $0.rounds[r] }
      return RoundSummary(
        round: r, percentRemaining: rounds[0].percentRemaining,
        earlyStopAccuracy: Spread(rounds.map(\.earlyStopAccuracy)),
        earlyStopIteration: Spread(rounds.map { Double($0.earlyStopIteration) }),
        finalAccuracy: Spread(rounds.map(\.finalAccuracy)))
    }
  }
}
