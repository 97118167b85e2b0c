/// Elementwise kernels on raw buffers: no allocation, loops the compiler vectorises.
public enum Elementwise {
  /// y[r, c] += bias[c] for a row-major rows×cols matrix.
  @inlinable
  public static func addRowVector(
    _ y: UnsafeMutablePointer<Float>, rows: Int, cols: Int, _ bias: UnsafePointer<Float>
  ) {
    for r in 0..<rows {
      let row = y + r * cols
      for c in 0..<cols { row[c] += bias[c] }
    }
  }

  /// out[c] = Σ_r g[r, c] (the bias gradient of a dense layer); overwrites `out`.
  @inlinable
  public static func columnSums(
    _ g: UnsafePointer<Float>, rows: Int, cols: Int, into out: UnsafeMutablePointer<Float>
  ) {
    out.update(repeating: 0, count: cols)
    for r in 0..<rows {
      let row = g + r * cols
      for c in 0..<cols { out[c] += row[c] }
    }
  }

  /// a[i] *= b[i].
  @inlinable
  public static func multiply(
    _ a: UnsafeMutablePointer<Float>, by b: UnsafePointer<Float>, count: Int
  ) {
    for i in 0..<count { a[i] *= b[i] }
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
