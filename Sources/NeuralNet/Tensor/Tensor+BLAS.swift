@_implementationOnly import CBLAS
@_implementationOnly import CKernels

/// The matrix kernels of the engine: every matrix product goes through OpenBLAS's `sgemm`.
public enum BLAS {
  /// Sets the number of threads the engine may use. OpenBLAS itself always runs on the
  /// calling thread; the engine splits large products into blocks (`blocks(m:n:k:)`) and its
  /// own kernels split a batch's images (convolution, pooling), and runs the pieces on this
  /// many threads. The pieces depend on the shapes alone, so every thread count computes the
  /// same bits.
  public static func setThreads(_ n: Int) {
    maximumThreads = Swift.max(1, n)
    openblas_set_num_threads(1)
    tb_set_threads(Int32(maximumThreads))
  }

  /// The number of threads the engine may use: set by `setThreads`, or else OpenBLAS's default
  /// (`OPENBLAS_NUM_THREADS`, or the number of cores).
  public static var threads: Int {
    if maximumThreads == 0 { setThreads(Int(openblas_get_num_threads())) }
    return maximumThreads
  }

  /// Products with at least this many multiply-adds (m·n·k) are computed in blocks (see
  /// `blocks(m:n:k:)`), in parallel when there are threads for it.
  public static let parallelThreshold = 4_000_000

  /// How a product is cut into blocks that are computed independently.
  public enum Blocks: Equatable, Sendable {
    /// One `sgemm` call.
    case whole
    /// This many blocks of rows of C (each block repacks the whole right-hand matrix).
    case rows(Int)
    /// This many blocks of columns of C (each block repacks the whole left-hand matrix).
    case columns(Int)

    /// Whether the blocks are blocks of columns.
    public var byColumns: Bool {
      if case .columns = self { return true }
      return false
    }

    /// The number of blocks.
    public var count: Int {
      switch self {
      case .whole: 1
      case .rows(let n), .columns(let n): n
      }
    }
  }

  /// The blocks a product is computed in: a function of its shape alone, so the result is the
  /// same for every thread count. Every block repacks the other operand, so products cut along
  /// the longer of m and n: a training batch's first layer (60 rows, 300 columns) in two blocks
  /// of columns, inference at batch 1000 in two blocks of rows, LeNet-5's second convolution
  /// (3,840 rows) in four.
  public static func blocks(m: Int, n: Int, k: Int) -> Blocks {
    guard m * n * k >= parallelThreshold else { return .whole }
    if m >= 128, m >= n { return .rows(m >= 2048 ? 4 : 2) }
    if n >= 128 { return .columns(n >= 2048 ? 4 : 2) }
    return .whole
  }

  nonisolated(unsafe) static var maximumThreads = 0

  /// OpenBLAS's build configuration string (version, core type, threading).
  public static var configuration: String { String(cString: openblas_get_config()) }

  /// The kernel family OpenBLAS chose at load time, such as "Haswell" or "Prescott".
  public static var coreName: String { String(cString: openblas_get_corename()) }

  /// The instruction-set level of the engine's sparse kernels (3 AVX-512, 2 AVX2 and FMA,
  /// 1 baseline): with or without fused multiply-adds they round differently, so it is part of
  /// every memo key beside the OpenBLAS kernel family.
  public static var sparseSIMDLevel: Int { Int(tb_sparse_simd_level()) }

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
    if maximumThreads == 0 { _ = threads }
    let split = blocks(m: m, n: n, k: k)
    if split != .whole {
      var job = GemmJob(
        transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b,
        ldb: ldb, beta: beta, c: c, ldc: ldc, parts: split.count, byColumns: split.byColumns)
      withUnsafeMutablePointer(to: &job) { tb_parallel(gemmBlock, $0, Int32(split.count)) }
      return
    }
    sgemmWhole(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
  }

  /// One `cblas_sgemm` call for the whole product, on the calling thread.
  static func sgemmWhole(
    _ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
    _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
    _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int
  ) {
    cblas_sgemm(
      CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
      Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
  }

  struct GemmJob {
    var transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float
    var a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int
    var beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, parts: Int
    /// Whether the parts are blocks of columns of C (else of rows).
    var byColumns: Bool
  }

  /// y = alpha·op(A)·x + beta·y for a row-major m×n matrix A.
  public static func gemv(
    trans: Bool = false, m: Int, n: Int, alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
    x: UnsafePointer<Float>, beta: Float = 0, y: UnsafeMutablePointer<Float>
  ) {
    if m == 0 || n == 0 { return }
    if maximumThreads == 0 { _ = threads }
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

/// One block of a large product, on one thread: rows r0..<r1 of C (A's rows, or columns when A
/// is transposed), or columns c0..<c1 of C (B's columns, or rows when B is transposed).
private let gemmBlock: @convention(c) (UnsafeMutableRawPointer?, Int32) -> Void = {
  context, part in
  let job = context!.assumingMemoryBound(to: BLAS.GemmJob.self).pointee
  let length = job.byColumns ? job.n : job.m
  let from = Int(part) * length / job.parts
  let to = (Int(part) + 1) * length / job.parts
  var (m, n, a, b, c) = (job.m, job.n, job.a, job.b, job.c)
  if job.byColumns {
    n = to - from
    b += job.transB ? from * job.ldb : from
    c += from
  } else {
    m = to - from
    a += job.transA ? from : from * job.lda
    c += from * job.ldc
  }
  cblas_sgemm(
    CblasRowMajor, job.transA ? CblasTrans : CblasNoTrans, job.transB ? CblasTrans : CblasNoTrans,
    Int32(m), Int32(n), Int32(job.k), job.alpha, a, Int32(job.lda), b, Int32(job.ldb), job.beta,
    c, Int32(job.ldc))
}
