/// The names the lecture and PyTorch use for the same initialisers: Xavier is Glorot (Glorot &
/// Bengio 2010, "Understanding the difficulty of training deep feedforward neural networks"),
/// Kaiming is He (He, Zhang, Ren & Sun 2015, "Delving Deep into Rectifiers"). Each alias is the
/// same value as the original, so a configuration written with either name encodes, hashes and
/// trains identically.
extension Initializer {
  /// Xavier normal, PyTorch's `xavier_normal_`: the same value as `glorotNormal`.
  public static var xavierNormal: Initializer { .glorotNormal }

  /// Xavier uniform, PyTorch's `xavier_uniform_`: the same value as `glorotUniform`.
  public static var xavierUniform: Initializer { .glorotUniform }

  /// Kaiming normal, PyTorch's `kaiming_normal_`: the same value as `heNormal(fan:gain:)`.
  public static func kaimingNormal(fan: Fan = .in, gain: Gain = .relu) -> Initializer {
    .heNormal(fan: fan, gain: gain)
  }

  /// Kaiming uniform, PyTorch's `kaiming_uniform_`: the same value as `heUniform(fan:gain:)`.
  public static func kaimingUniform(fan: Fan = .in, gain: Gain = .relu) -> Initializer {
    .heUniform(fan: fan, gain: gain)
  }

  /// Signed Kaiming constant, the supermask paper's name: the same value as
  /// `signedHeConstant(fan:gain:)`.
  public static func signedKaimingConstant(fan: Fan = .in, gain: Gain = .relu) -> Initializer {
    .signedHeConstant(fan: fan, gain: gain)
  }
}
