@_implementationOnly import CKernels

/// Elementwise kernels on raw buffers: no allocation; the hot ones are C loops compiled for
/// AVX-512, AVX2 and baseline x86-64 and dispatched at load time.
public enum Elementwise {
  /// y[r, c] += bias[c] for a row-major rows×cols matrix.
  public static func addRowVector(
    _ y: UnsafeMutablePointer<Float>, rows: Int, cols: Int, _ bias: UnsafePointer<Float>
  ) {
    tb_add_row_vector(y, bias, rows, cols)
  }

  /// y[r, c] = max(y[r, c] + bias[c], 0): `addRowVector` and `relu` in one pass.
  public static func addRowVectorReLU(
    _ y: UnsafeMutablePointer<Float>, rows: Int, cols: Int, _ bias: UnsafePointer<Float>
  ) {
    tb_add_row_vector_relu(y, bias, rows, cols)
  }

  /// out[c] = Σ_r g[r, c] (the bias gradient of a dense layer); overwrites `out`.
  public static func columnSums(
    _ g: UnsafePointer<Float>, rows: Int, cols: Int, into out: UnsafeMutablePointer<Float>
  ) {
    tb_column_sums(out, g, rows, cols)
  }

  /// a[i] *= b[i].
  public static func multiply(
    _ a: UnsafeMutablePointer<Float>, by b: UnsafePointer<Float>, count: Int
  ) {
    tb_mul(a, b, count)
  }

  /// y[i] = max(x[i], 0).
  public static func relu(
    _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int
  ) {
    tb_relu(y, x, count)
  }

  /// dx[i] = g[i] where y[i] > 0, else 0.
  public static func reluBackward(
    _ g: UnsafePointer<Float>, output y: UnsafePointer<Float>,
    into dx: UnsafeMutablePointer<Float>, count: Int
  ) {
    tb_relu_backward(dx, g, y, count)
  }

  /// One Adam update over `count` elements; see `Adam`.
  static func adamStep(
    _ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
    _ v: UnsafeMutablePointer<Float>, count: Int, beta1: Float, beta2: Float, stepSize: Float,
    invSqrtBias2: Float, epsilon: Float, weightDecay: Float
  ) {
    tb_adam_step(w, g, m, v, count, beta1, beta2, stepSize, invSqrtBias2, epsilon, weightDecay)
  }

  /// One Adam update of a masked tensor, masking the gradient and the weight in the same pass.
  static func adamStepMasked(
    _ w: UnsafeMutablePointer<Float>, _ g: UnsafeMutablePointer<Float>,
    _ m: UnsafeMutablePointer<Float>, _ v: UnsafeMutablePointer<Float>,
    mask: UnsafePointer<Float>, count: Int, beta1: Float, beta2: Float, stepSize: Float,
    invSqrtBias2: Float, epsilon: Float, weightDecay: Float
  ) {
    tb_adam_step_masked(
      w, g, m, v, mask, count, beta1, beta2, stepSize, invSqrtBias2, epsilon, weightDecay)
  }

  /// One SGD update of a masked tensor, masking the gradient and the weight in the same pass.
  static func sgdStepMasked(
    _ w: UnsafeMutablePointer<Float>, _ g: UnsafeMutablePointer<Float>,
    _ velocity: UnsafeMutablePointer<Float>, mask: UnsafePointer<Float>, count: Int,
    learningRate: Float, momentum: Float, nesterov: Bool, weightDecay: Float
  ) {
    tb_sgd_step_masked(
      w, g, velocity, mask, count, learningRate, momentum, nesterov ? 1 : 0, weightDecay)
  }

  /// One Adam update of the kept elements of a masked tensor only (`adamStepMasked`'s bits).
  static func adamStepKept(
    _ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>,
    _ m: UnsafeMutablePointer<Float>, _ v: UnsafeMutablePointer<Float>, kept: MaskPattern,
    beta1: Float, beta2: Float, stepSize: Float, invSqrtBias2: Float, epsilon: Float,
    weightDecay: Float
  ) {
    tb_adam_step_kept(
      w, g, m, v, kept.kept, kept.count, beta1, beta2, stepSize, invSqrtBias2, epsilon,
      weightDecay)
  }

  /// One SGD update of the kept elements of a masked tensor only (`sgdStepMasked`'s bits).
  static func sgdStepKept(
    _ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>,
    _ velocity: UnsafeMutablePointer<Float>, kept: MaskPattern, learningRate: Float,
    momentum: Float, nesterov: Bool, weightDecay: Float
  ) {
    tb_sgd_step_kept(
      w, g, velocity, kept.kept, kept.count, learningRate, momentum, nesterov ? 1 : 0,
      weightDecay)
  }

  /// One SGD update over `count` elements; see `SGD`.
  static func sgdStep(
    _ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>,
    _ velocity: UnsafeMutablePointer<Float>, count: Int, learningRate: Float, momentum: Float,
    nesterov: Bool, weightDecay: Float
  ) {
    tb_sgd_step(w, g, velocity, count, learningRate, momentum, nesterov ? 1 : 0, weightDecay)
  }

  /// a[i] *= s.
  @inlinable
  public static func scale(_ a: UnsafeMutablePointer<Float>, by s: Float, count: Int) {
    for i in 0..<count { a[i] *= s }
  }

  /// y[i] += alpha·x[i].
  @inlinable
  public static func axpy(
    _ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int
  ) {
    for i in 0..<count { y[i] += alpha * x[i] }
  }

  /// Σ x[i]·x[i].
  @inlinable
  public static func sumOfSquares(_ x: UnsafePointer<Float>, count: Int) -> Float {
    var s: Float = 0
    for i in 0..<count { s += x[i] * x[i] }
    return s
  }

  /// Σ x[i], accumulated in Double.
  @inlinable
  public static func sum(_ x: UnsafePointer<Float>, count: Int) -> Double {
    var s: Double = 0
    for i in 0..<count { s += Double(x[i]) }
    return s
  }
}
