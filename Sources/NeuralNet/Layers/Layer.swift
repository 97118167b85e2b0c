/// A trainable tensor of a layer, its gradient, and an optional 0/1 mask.
///
/// Masked weights are exactly zero, contribute nothing to the forward pass and receive zero
/// gradient; the optimisers re-apply the mask after every step.
public final class Parameter: @unchecked Sendable {
  /// What a parameter is, which decides whether pruning touches it by default.
  public enum Role: String, Codable, Sendable {
    /// A weight matrix or convolution kernel.
    case weight
    /// A bias vector.
    case bias
  }

  /// A stable name, such as `dense1.weight`.
  public let name: String
  /// Whether this is a weight or a bias.
  public let role: Role
  /// The current values.
  public let value: Tensor
  /// The gradient of the loss with respect to `value`, written by the last backward pass.
  public let gradient: Tensor
  /// The number of inputs feeding each output unit.
  public let fanIn: Int
  /// The number of outputs each input unit feeds.
  public let fanOut: Int
  /// A 0/1 tensor of `value`'s shape, or nil when every element is free.
  public private(set) var mask: Tensor?
  private var pattern: MaskPattern?

  /// Creates a parameter of the given shape, filled with zeros.
  public init(name: String, role: Role, shape: [Int], fanIn: Int, fanOut: Int) {
    self.name = name
    self.role = role
    self.value = Tensor(shape: shape)
    self.gradient = Tensor(shape: shape)
    self.fanIn = fanIn
    self.fanOut = fanOut
  }

  /// The number of elements.
  public var count: Int { value.count }

  /// The number of elements the mask keeps (all of them without a mask).
  public var unmaskedCount: Int {
    guard let mask else { return count }
    return Int(Elementwise.sum(mask.pointer, count: mask.count))
  }

  /// Sets or removes the mask and zeroes the masked values. The mask must hold only 0 and 1.
  public func setMask(_ newMask: Tensor?) {
    if let newMask {
      precondition(newMask.shape == value.shape, "mask \(newMask.shape) for \(name) \(value.shape)")
      precondition(
        newMask.buffer.allSatisfy { $0 == 0 || $0 == 1 }, "a mask holds only 0 and 1 (\(name))")
      mask = newMask.copy()
    } else {
      mask = nil
    }
    pattern = nil
    applyMask()
  }

  /// The kept positions of the mask (viewed as [shape[0], rest]), or nil without a mask: built
  /// on first use after the mask is set and kept until it changes, so a training run builds it
  /// once per pruning round, not per step.
  public var maskPattern: MaskPattern? {
    guard let mask else { return nil }
    if let pattern { return pattern }
    let built = MaskPattern(mask: mask)
    pattern = built
    return built
  }

  /// Whether the optimisers may update only the kept elements (listed by `maskPattern`) instead
  /// of stepping the whole tensor and re-applying the mask.
  ///
  /// A layer sets it while a sparse kernel is in force (`Dense.kernel`): its backward pass then
  /// writes the gradient at kept positions only, so masked weights, whose gradient stays zero,
  /// need no update. The optimisers step over the kept list when the density is at most
  /// `keptStepDensityLimit` and over the whole tensor above it, whichever is faster: the kept
  /// elements get the same bits either way.
  public var updatesKeptOnly = false

  /// The largest density at which the optimisers step over the kept list (`updatesKeptOnly`):
  /// above it, a fused pass over the whole contiguous tensor is faster than visiting the kept
  /// elements by index (measured on LeNet-300-100's first layer, docs/benchmarks.md).
  public static let keptStepDensityLimit = 0.2

  /// The kept positions the optimisers step over instead of the whole tensor, or nil.
  var keptStepPattern: MaskPattern? {
    guard updatesKeptOnly, let pattern = maskPattern,
      pattern.density <= Self.keptStepDensityLimit
    else { return nil }
    return pattern
  }

  /// Zeroes the masked values (a no-op without a mask).
  public func applyMask() {
    if let mask { Elementwise.multiply(value.pointer, by: mask.pointer, count: value.count) }
  }

  /// Whether the optimiser, not the layer's backward pass, zeroes the masked gradient.
  ///
  /// `Trainer` sets it for the length of a run: its optimisers read the mask as they read the
  /// gradient (one fused pass instead of two extra ones) and write the masked gradient back, so
  /// masked weights still receive exactly zero gradient and never move. Outside training the
  /// backward pass masks the gradient itself.
  public var gradientMaskedByOptimizer = false

  /// Zeroes the gradient of masked values (a no-op without a mask, or when the optimiser does it).
  public func maskGradient() {
    if gradientMaskedByOptimizer { return }
    if let mask { Elementwise.multiply(gradient.pointer, by: mask.pointer, count: value.count) }
  }

  /// Fills the values with `initializer` and re-applies the mask.
  public func initialize(_ initializer: Initializer, using generator: inout SeededGenerator) {
    initializer.fill(value, fanIn: fanIn, fanOut: fanOut, using: &generator)
    applyMask()
  }
}

/// A differentiable stage of a network, batch-first, with its forward and backward passes.
///
/// Layers own their output and input-gradient buffers; a call returns a tensor that stays
/// valid until the layer runs again.
public protocol Layer: AnyObject {
  /// A stable name within its network, such as `conv1`.
  var name: String { get }
  /// A short description, such as `Dense(784→300)`.
  var summary: String { get }
  /// The trainable parameters, weights before biases.
  var parameters: [Parameter] { get }
  /// The per-sample output shape for a per-sample input shape, or nil if the input does not fit.
  func outputShape(forInput shape: [Int]) -> [Int]?
  /// Computes the output for a batch; `input.shape[0]` is the batch size.
  func forward(_ input: Tensor, training: Bool) -> Tensor
  /// Given dL/d(output), accumulates parameter gradients and returns dL/d(input) (nil when
  /// `needsInputGradient` is false, as for the first layer).
  func backward(_ gradOutput: Tensor, needsInputGradient: Bool) -> Tensor?
}

extension Layer {
  /// A layer without parameters.
  public var parameters: [Parameter] { [] }

  /// Runs the layer in inference mode on a batch (a copy that later calls do not change).
  public func callAsFunction(_ input: Tensor) -> Tensor {
    forward(input, training: false).copy()
  }
}
