@_implementationOnly import CKernels

/// Floating-point control for the hot loops.
public enum FloatControl {
  /// Runs `body` with denormal numbers flushed to zero on this thread (x86 FTZ and DAZ).
  ///
  /// Adam's and momentum's state for weights whose gradient is always zero (border pixels,
  /// pruned weights) decays geometrically into the denormal range within an epoch, where
  /// arithmetic is up to 100× slower; flushing keeps every step at full speed. Results stay
  /// deterministic: the same inputs give the same bits.
  public static func withDenormalsFlushed<R>(_ body: () throws -> R) rethrows -> R {
    let saved = tb_enable_flush_denormals()
    defer { tb_restore_float_control(saved) }
    return try body()
  }
}

extension BLAS {
  /// The OpenBLAS kernel family that suits this CPU ("SkylakeX", "Haswell"), or nil when
  /// OpenBLAS's own detection is the best choice.
  ///
  /// Debian's OpenBLAS 0.3.21 does not recognise some recent Xeons and falls back to its
  /// Prescott (SSE3) kernels, several times slower; `OPENBLAS_CORETYPE` overrides it, and the
  /// command line sets it from this value when the user has not.
  public static var recommendedCoreType: String? {
    tb_openblas_core_for_cpu().map { String(cString: $0) }
  }
}
