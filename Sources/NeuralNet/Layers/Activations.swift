import Foundation

/// The rectified linear unit, max(0, x).
public final class ReLU: Layer {
  public let name: String
  private let output = Tensor(shape: [0])
  private let inputGradient = Tensor(shape: [0])

  /// Creates a ReLU layer.
  public init(name: String = "relu") { self.name = name }

  public var summary: String { "ReLU" }
  public func outputShape(forInput shape: [Int]) -> [Int]? { shape }

  // y = max(0, x)
  public func forward(_ x: Tensor, training: Bool) -> Tensor {
    output.resize(to: x.shape)
    Elementwise.relu(x.pointer, into: output.pointer, count: x.count)
    return output
  }

  // dx = g · [y > 0]
  public func backward(_ g: Tensor, needsInputGradient: Bool) -> Tensor? {
    guard needsInputGradient else { return nil }
    inputGradient.resize(to: g.shape)
    Elementwise.reluBackward(
      g.pointer, output: output.pointer, into: inputGradient.pointer, count: g.count)
    return inputGradient
  }
}

/// The hyperbolic tangent.
public final class Tanh: Layer {
  public let name: String
  private let output = Tensor(shape: [0])
  private let inputGradient = Tensor(shape: [0])

  /// Creates a tanh layer.
  public init(name: String = "tanh") { self.name = name }

  public var summary: String { "Tanh" }
  public func outputShape(forInput shape: [Int]) -> [Int]? { shape }

  // y = tanh(x)
  public func forward(_ x: Tensor, training: Bool) -> Tensor {
    output.resize(to: x.shape)
    let src = x.pointer
    let dst = output.pointer
    for i in 0..<x.count { dst[i] = tanhf(src[i]) }
    return output
  }

  // dx = g · (1 − y²)
  public func backward(_ g: Tensor, needsInputGradient: Bool) -> Tensor? {
    guard needsInputGradient else { return nil }
    inputGradient.resize(to: g.shape)
    let y = output.pointer
    let src = g.pointer
    let dst = inputGradient.pointer
    for i in 0..<g.count { dst[i] = src[i] * (1 - y[i] * y[i]) }
    return inputGradient
  }
}

/// Flattens each sample to a vector: [N, d1, d2, …] → [N, d1·d2·…].
public final class Flatten: Layer {
  public let name: String
  private let output = Tensor(shape: [0])
  private let inputGradient = Tensor(shape: [0])
  private var inputShape: [Int] = []

  /// Creates a flatten layer.
  public init(name: String = "flatten") { self.name = name }

  public var summary: String { "Flatten" }
  public func outputShape(forInput shape: [Int]) -> [Int]? { [shape.reduce(1, *)] }

  // y = reshape(x)
  public func forward(_ x: Tensor, training: Bool) -> Tensor {
    inputShape = x.shape
    output.resize(to: [x.shape[0], x.count / Swift.max(x.shape[0], 1)])
    output.pointer.update(from: x.pointer, count: x.count)
    return output
  }

  // dx = reshape(g)
  public func backward(_ g: Tensor, needsInputGradient: Bool) -> Tensor? {
    guard needsInputGradient else { return nil }
    inputGradient.resize(to: inputShape)
    inputGradient.pointer.update(from: g.pointer, count: g.count)
    return inputGradient
  }
}
