import Foundation

/// A learning rate as a function of the iteration: a Codable value.
public indirect enum LearningRateSchedule: Codable, Equatable, Sendable {
  /// The same rate at every iteration.
  case constant(Float)
  /// `base` multiplied by `gamma` at each milestone iteration passed.
  case step(base: Float, milestones: [Int], gamma: Float)
  /// Cosine annealing from `base` to `minimum` over `iterations` (Loshchilov & Hutter 2017).
  case cosine(base: Float, iterations: Int, minimum: Float = 0)
  /// A linear ramp from 0 over `iterations`, then `then`.
  case warmup(iterations: Int, then: LearningRateSchedule)

  /// The learning rate at `iteration` (0-based).
  public func rate(at iteration: Int) -> Float {
    switch self {
    case .constant(let r):
      return r
    case .step(let base, let milestones, let gamma):
      let passed = milestones.filter { iteration >= $0 }.count
      return base * Float(pow(Double(gamma), Double(passed)))
    case .cosine(let base, let total, let minimum):
      let t = Double(Swift.min(iteration, total)) / Double(Swift.max(total, 1))
      return minimum + (base - minimum) * Float(0.5 * (1 + cos(Double.pi * t)))
    case .warmup(let n, let then):
      if iteration < n { return then.rate(at: iteration) * Float(iteration + 1) / Float(n) }
      return then.rate(at: iteration)
    }
  }
}
