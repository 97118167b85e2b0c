import Foundation

/// Updates parameters from their gradients; masked weights stay exactly zero after every step.
public protocol Optimizer: AnyObject {
  /// The parameters this optimiser updates, in a fixed order.
  var parameters: [Parameter] { get }
  /// Applies one update with learning rate `learningRate`; masked tensors are updated by a fused
  /// kernel that zeroes their masked gradient entries and weights in the same pass.
  func step(learningRate: Float)
  /// Forgets all state (momentum buffers, moment estimates, step count): needed when weights
  /// are rewound, so stale momentum does not push rewound or pruned weights.
  func reset()
}

/// Stochastic gradient descent with momentum, Nesterov momentum and L2 weight decay
/// (Sutskever et al. 2013, "On the importance of initialization and momentum in deep learning").
///
/// With momentum μ and decay λ: g ← ∇ + λw; v ← μv + g; w ← w − lr·(g + μv) (Nesterov) or
/// w ← w − lr·v — PyTorch's formulation, so hyperparameters carry over.
public final class SGD: Optimizer {
  public let parameters: [Parameter]
  /// The momentum coefficient μ (0 for plain SGD).
  public let momentum: Float
  /// Whether to use Nesterov's look-ahead form.
  public let nesterov: Bool
  /// The L2 weight-decay coefficient λ.
  public let weightDecay: Float
  private var velocity: [Tensor]

  /// Creates the optimiser over `parameters`.
  public init(
    _ parameters: [Parameter], momentum: Float = 0, nesterov: Bool = false, weightDecay: Float = 0
  ) {
    self.parameters = parameters
    self.momentum = momentum
    self.nesterov = nesterov
    self.weightDecay = weightDecay
    velocity = parameters.map { Tensor(shape: $0.value.shape) }
  }

  // v ← μv + g + λw;  w ← w − lr·v  (Nesterov: w ← w − lr·(g + λw + μv))
  public func step(learningRate lr: Float) {
    for (p, v) in zip(parameters, velocity) {
      if let pattern = p.keptStepPattern {
        Elementwise.sgdStepKept(
          p.value.pointer, p.gradient.pointer, v.pointer, kept: pattern, learningRate: lr,
          momentum: momentum, nesterov: nesterov, weightDecay: weightDecay)
      } else if let mask = p.mask {
        Elementwise.sgdStepMasked(
          p.value.pointer, p.gradient.pointer, v.pointer, mask: mask.pointer, count: p.count,
          learningRate: lr, momentum: momentum, nesterov: nesterov, weightDecay: weightDecay)
      } else {
        Elementwise.sgdStep(
          p.value.pointer, p.gradient.pointer, v.pointer, count: p.count, learningRate: lr,
          momentum: momentum, nesterov: nesterov, weightDecay: weightDecay)
      }
    }
  }

  public func reset() {
    for v in velocity { v.fill(0) }
  }
}

/// Adam (Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization"), with optional weight
/// decay (the paper has none) in the coupled L2 form of PyTorch's `Adam(weight_decay:)`: λw is
/// added to the gradient before the moment estimates, so it is scaled by 1/(√v̂ + ε) like the
/// gradient. It is not AdamW's decoupled decay (Loshchilov & Hutter 2019, w ← w − lr·λw beside
/// the Adam step).
public final class Adam: Optimizer {
  public let parameters: [Parameter]
  /// The decay rate of the first-moment estimate.
  public let beta1: Float
  /// The decay rate of the second-moment estimate.
  public let beta2: Float
  /// The term added to the denominator for numerical stability.
  public let epsilon: Float
  /// The L2 weight-decay coefficient.
  public let weightDecay: Float
  private var m: [Tensor]
  private var v: [Tensor]
  private var t = 0

  /// Creates the optimiser over `parameters`.
  public init(
    _ parameters: [Parameter], beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
    weightDecay: Float = 0
  ) {
    self.parameters = parameters
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.weightDecay = weightDecay
    m = parameters.map { Tensor(shape: $0.value.shape) }
    v = parameters.map { Tensor(shape: $0.value.shape) }
  }

  // g ← ∇ + λw;  m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  w ← w − lr·m̂/(√v̂ + ε)
  public func step(learningRate lr: Float) {
    t += 1
    let b1 = beta1
    let b2 = beta2
    let bias1 = 1 - Float(pow(Double(b1), Double(t)))
    let bias2 = 1 - Float(pow(Double(b2), Double(t)))
    for (k, p) in parameters.enumerated() {
      if let pattern = p.keptStepPattern {
        Elementwise.adamStepKept(
          p.value.pointer, p.gradient.pointer, m[k].pointer, v[k].pointer, kept: pattern,
          beta1: b1, beta2: b2, stepSize: lr / bias1, invSqrtBias2: 1 / bias2.squareRoot(),
          epsilon: epsilon, weightDecay: weightDecay)
      } else if let mask = p.mask {
        Elementwise.adamStepMasked(
          p.value.pointer, p.gradient.pointer, m[k].pointer, v[k].pointer, mask: mask.pointer,
          count: p.count, beta1: b1, beta2: b2, stepSize: lr / bias1,
          invSqrtBias2: 1 / bias2.squareRoot(), epsilon: epsilon, weightDecay: weightDecay)
      } else {
        Elementwise.adamStep(
          p.value.pointer, p.gradient.pointer, m[k].pointer, v[k].pointer, count: p.count,
          beta1: b1, beta2: b2, stepSize: lr / bias1, invSqrtBias2: 1 / bias2.squareRoot(),
          epsilon: epsilon, weightDecay: weightDecay)
      }
    }
  }

  public func reset() {
    t = 0
    for x in m { x.fill(0) }
    for x in v { x.fill(0) }
  }
}

/// An optimiser's settings as a value: Codable, so it can name an experiment.
public enum OptimizerConfig: Codable, Equatable, Sendable {
  /// SGD with the given momentum, Nesterov flag and weight decay.
  case sgd(momentum: Float = 0, nesterov: Bool = false, weightDecay: Float = 0)
  /// Adam with the given betas, epsilon and weight decay.
  case adam(beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0)

  /// Builds the optimiser over `parameters`.
  public func make(_ parameters: [Parameter]) -> Optimizer {
    switch self {
    case .sgd(let mu, let nesterov, let wd):
      SGD(parameters, momentum: mu, nesterov: nesterov, weightDecay: wd)
    case .adam(let b1, let b2, let eps, let wd):
      Adam(parameters, beta1: b1, beta2: b2, epsilon: eps, weightDecay: wd)
    }
  }
}
