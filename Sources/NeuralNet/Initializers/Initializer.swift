import Foundation

/// Which fan a variance-scaling initialiser divides by.
public enum Fan: String, Codable, Sendable {
  /// The number of inputs of a unit: preserves activation variance in the forward pass.
  case `in`
  /// The number of outputs of a unit: preserves gradient variance in the backward pass.
  case out
}

/// The gain of a variance-scaling initialiser, chosen for the nonlinearity that follows.
public enum Gain: String, Codable, Sendable {
  /// Gain 1, for a linear unit.
  case linear
  /// Gain √2, for ReLU, which zeroes half its inputs (He et al. 2015).
  case relu
  /// Gain 5/3, for tanh.
  case tanh

  /// The multiplier of the standard deviation.
  public var value: Double {
    switch self {
    case .linear: 1
    case .relu: 2.0.squareRoot()
    case .tanh: 5.0 / 3.0
    }
  }
}

/// How a weight tensor is filled before training: a value that layers take as an argument.
public enum Initializer: Codable, Equatable, Sendable {
  /// Every element 0.
  case zeros
  /// Every element the given value.
  case constant(Float)
  /// Normal with std = √(2/(n_in+n_out)) (Glorot & Bengio 2010).
  case glorotNormal
  /// Uniform on ±√(6/(n_in+n_out)), the same variance as `glorotNormal`.
  case glorotUniform
  /// Normal with std = gain/√fan (He et al. 2015): √(2/n_in) for ReLU and fan-in.
  case heNormal(fan: Fan = .in, gain: Gain = .relu)
  /// Uniform on ±gain·√(3/fan), the same variance as `heNormal`.
  case heUniform(fan: Fan = .in, gain: Gain = .relu)
  /// Every element ±gain/√fan with a random sign (Ramanujan et al. 2019, "signed Kaiming constant").
  case signedHeConstant(fan: Fan = .in, gain: Gain = .relu)
  /// Uniform on ±1/√n_in: PyTorch's default for linear and convolution layers.
  case pytorchDefault
  /// Normal with the given std.
  case normal(std: Float)
  /// Uniform on ±limit.
  case uniform(limit: Float)

  /// The standard deviation this initialiser gives a tensor with these fans.
  public func std(fanIn: Int, fanOut: Int) -> Double {
    let fin = Double(fanIn)
    let fout = Double(fanOut)
    switch self {
    case .zeros: return 0
    case .constant: return 0
    case .glorotNormal, .glorotUniform: return (2 / (fin + fout)).squareRoot()
    case .heNormal(let fan, let gain), .heUniform(let fan, let gain),
      .signedHeConstant(let fan, let gain):
      return gain.value / (fan == .in ? fin : fout).squareRoot()
    case .pytorchDefault: return 1 / (3 * fin).squareRoot()
    case .normal(let s): return Double(s)
    case .uniform(let l): return Double(l) / 3.0.squareRoot()
    }
  }

  /// Fills `tensor` for a layer with the given fans, drawing from `generator`.
  public func fill(
    _ tensor: Tensor, fanIn: Int, fanOut: Int, using generator: inout SeededGenerator
  ) {
    let p = tensor.pointer
    let n = tensor.count
    let s = Float(std(fanIn: fanIn, fanOut: fanOut))
    switch self {
    case .zeros: tensor.fill(0)
    case .constant(let v): tensor.fill(v)
    case .glorotNormal, .heNormal, .normal:
      for i in 0..<n { p[i] = s * generator.nextNormal() }
    case .glorotUniform, .heUniform, .uniform, .pytorchDefault:
      let limit = s * Float(3).squareRoot()
      for i in 0..<n { p[i] = generator.nextUniform(-limit, limit) }
    case .signedHeConstant:
      for i in 0..<n { p[i] = (generator.next() & 1) == 0 ? s : -s }
    }
  }
}
