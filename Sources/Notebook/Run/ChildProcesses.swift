import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The process groups of the children running now (`swiftc`, lesson programs), so that a
/// renderer told to stop (SIGINT from the terminal, SIGTERM) stops them too instead of leaving
/// them running: each runs in a process group of its own, which the terminal's SIGINT never
/// reaches.
public enum ChildProcesses {
  private final class Registry: @unchecked Sendable {
    let lock = NSLock()
    var groups: Set<pid_t> = []
    var stopping = false
    var slurmJobNames: [String] = []
  }

  private static let registry = Registry()

  /// Records the group of a child just started; false when ``stopAll()`` has begun, in which
  /// case the caller must kill the child itself.
  static func started(_ group: pid_t) -> Bool {
    registry.lock.withLock {
      guard !registry.stopping else { return false }
      registry.groups.insert(group)
      return true
    }
  }

  /// Forgets the group of a child that has been waited for.
  static func ended(_ group: pid_t) {
    _ = registry.lock.withLock { registry.groups.remove(group) }
  }

  /// Kills the process group of every child running now (SIGKILL), and of any started later,
  /// and cancels the Slurm job arrays the lesson programs submitted.
  public static func stopAll() {
    let names = registry.lock.withLock {
      registry.stopping = true
      for group in registry.groups { kill(-group, SIGKILL) }
      return registry.slurmJobNames
    }
    for name in names { scancel(named: name) }
  }

  /// Makes ``stopAll()`` cancel this user's Slurm jobs named `name` (`scancel`).
  public static func cancelSlurmJobs(named name: String) {
    registry.lock.withLock { registry.slurmJobNames.append(name) }
  }

  /// Cancels this user's Slurm jobs named `name` (nothing when there are none or `scancel` is
  /// missing), waiting at most 10 seconds for `scancel`.
  public static func scancel(named name: String) {
    let environment = ProcessInfo.processInfo.environment
    guard let scancel = Executables.onPath(["scancel"], environment: environment),
      let user = getpwuid(getuid()).map({ String(cString: $0.pointee.pw_name) })
    else { return }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: scancel)
    process.arguments = ["--name=\(name)", "--user=\(user)"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return }
    let deadline = Date().addingTimeInterval(10)
    while process.isRunning && Date() < deadline { usleep(20_000) }
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
  }

  /// Makes SIGINT, SIGTERM and SIGHUP stop every child before this process ends by the same
  /// signal (so the shell sees the usual status, 130 for Ctrl-C). Call once, early.
  public static func stopOnInterrupt() {
    for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
      signal(signalNumber, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
      source.setEventHandler {
        stopAll()
        // End by the signal itself: its default action, delivered to this thread, where it is
        // unblocked (the dispatch source may keep it blocked elsewhere).
        signal(signalNumber, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, signalNumber)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        pthread_kill(pthread_self(), signalNumber)
      }
      source.resume()
      sources.append(source)
    }
  }

  /// The signal sources, kept alive for the life of the process.
  nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []
}
