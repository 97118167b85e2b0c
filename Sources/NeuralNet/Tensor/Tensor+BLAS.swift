@_implementationOnly import CBLAS

/// The matrix kernels of the engine: every matrix product goes through OpenBLAS's `sgemm`.
public enum BLAS {
  /// Sets the number of threads OpenBLAS may use for matrix products (large ones; see
  /// `parallelThreshold`).
  public static func setThreads(_ n: Int) {
    maximumThreads = Swift.max(1, n)
    activeThreads = maximumThreads
    openblas_set_num_threads(Int32(maximumThreads))
  }

  /// The number of threads OpenBLAS may use for large matrix products.
  public static var threads: Int {
    if maximumThreads == 0 { maximumThreads = Int(openblas_get_num_threads()) }
    return maximumThreads
  }

  /// Products with fewer multiply-adds (m·n·k) than this run on one thread.
  ///
  /// The engine's training products are small (a batch of 60 through LeNet-300-100's first
  /// layer is 14M multiply-adds); OpenBLAS's second thread costs more than it saves there and
  /// made LeNet-5 training slower at 2 threads than at 1. Inference at batch 1000 (235M) gains
  /// from it. Results do not depend on the thread count: OpenBLAS computes each output element
  /// in one thread.
  public static let parallelThreshold = 32_000_000

  nonisolated(unsafe) static var maximumThreads = 0
  nonisolated(unsafe) static var activeThreads = 0

  /// Uses all allowed threads for a product of `work` multiply-adds only when it is large.
  @usableFromInline
  static func prepareThreads(for work: Int) {
    let limit = threads
    guard limit > 1 else { return }
    let wanted = work >= parallelThreshold ? limit : 1
    if wanted != activeThreads {
      activeThreads = wanted
      openblas_set_num_threads(Int32(wanted))
    }
  }

  /// OpenBLAS's build configuration string (version, core type, threading).
  public static var configuration: String { String(cString: openblas_get_config()) }

  /// The kernel family OpenBLAS chose at load time, such as "Haswell" or "Prescott".
  public static var coreName: String { String(cString: openblas_get_corename()) }

  /// C = alpha·op(A)·op(B) + beta·C for row-major matrices; op(A) is m×k, op(B) is k×n.
  @inlinable
  public static func gemm(
    transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
    alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    sgemmRowMajor(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
  }

  @usableFromInline
  static func sgemmRowMajor(
    _ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
    _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
    _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int
  ) {
    if m == 0 || n == 0 { return }
    prepareThreads(for: m * n * k)
    cblas_sgemm(
      CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
      Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
  }

  /// y = alpha·op(A)·x + beta·y for a row-major m×n matrix A.
  public static func gemv(
    trans: Bool = false, m: Int, n: Int, alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
    x: UnsafePointer<Float>, beta: Float = 0, y: UnsafeMutablePointer<Float>
  ) {
    if m == 0 || n == 0 { return }
    cblas_sgemv(
      CblasRowMajor, trans ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), alpha, a, Int32(lda),
      x, 1, beta, y, 1)
  }
}

extension Tensor {
  /// The matrix product of two 2-D tensors, `self`·`other` (a new tensor).
  public func matmul(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false)
    -> Tensor
  {
    precondition(shape.count == 2 && other.shape.count == 2, "matmul needs 2-D tensors")
    let (m, k) = transposeSelf ? (shape[1], shape[0]) : (shape[0], shape[1])
    let (k2, n) =
      transposeOther ? (other.shape[1], other.shape[0]) : (other.shape[0], other.shape[1])
    precondition(k == k2, "matmul: inner dimensions \(k) and \(k2) differ")
    let out = Tensor(shape: [m, n])
    BLAS.gemm(
      transA: transposeSelf, transB: transposeOther, m: m, n: n, k: k, a: pointer, lda: shape[1],
      b: other.pointer, ldb: other.shape[1], c: out.pointer, ldc: n)
    return out
  }
}
