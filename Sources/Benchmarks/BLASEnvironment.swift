import Foundation
import NeuralNet

/// The process's OpenBLAS set-up, which the command line fixes before it does anything else.
public enum BLASEnvironment {
  /// The OpenBLAS kernel family in use (such as `SkylakeX`): part of every result's key.
  public static var coreName: String { BLAS.coreName }

  /// Makes OpenBLAS use the kernels that suit this CPU.
  ///
  /// Debian's OpenBLAS picks its kernels once, when it is loaded, and falls back to its slowest
  /// (Prescott, SSE3) kernels on CPUs it does not recognise. When the user has not chosen with
  /// `OPENBLAS_CORETYPE` and that fallback happened, set the variable from CPUID and re-execute
  /// this program once; lesson programs inherit the choice. A user's own setting always wins.
  public static func selectKernels() {
    let env = ProcessInfo.processInfo.environment
    guard env["OPENBLAS_CORETYPE"] == nil, env["TICKETBOOK_BLAS_REEXEC"] == nil,
      let core = BLAS.recommendedCoreType, BLAS.coreName.lowercased() == "prescott"
    else { return }
    setenv("OPENBLAS_CORETYPE", core, 1)
    setenv("TICKETBOOK_BLAS_REEXEC", "1", 1)
    execv("/proc/self/exe", CommandLine.unsafeArgv)
    // execv returns only on failure: go on with the kernels already loaded.
  }

  /// Makes OpenBLAS start with a pool of one thread, re-executing this program once if it was
  /// loaded with another count.
  ///
  /// The engine runs OpenBLAS on the calling thread and splits large products itself (see
  /// `BLAS.setThreads`); OpenBLAS creates its own thread pool when it is loaded, and those extra
  /// threads spin in `sched_yield` after calls, stealing a core from the engine's threads.
  public static func requireSingleThreaded() {
    let env = ProcessInfo.processInfo.environment
    guard env["OPENBLAS_NUM_THREADS"] != "1", env["TICKETBOOK_THREADS_REEXEC"] == nil
    else { return }
    setenv("OPENBLAS_NUM_THREADS", "1", 1)
    setenv("TICKETBOOK_THREADS_REEXEC", "1", 1)
    execv("/proc/self/exe", CommandLine.unsafeArgv)
  }
}
