/// Progress of a long experiment, for live display.
public struct ExperimentProgress: Sendable {
  /// What is running, such as "lottery round 3 of 10".
  public var stage: String
  /// Work done and total, in the experiment's own units (iterations over all rounds).
  public var done: Int
  /// Total work.
  public var total: Int
}
