import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a child process in its own process group with its output sent to files.
///
/// Used for `swiftc` and for lesson programs. The child's group is killed as a whole on time-out
/// or when `poll` asks, helpers it started included, and when the renderer is interrupted
/// (SIGINT, SIGTERM, SIGHUP: `ChildProcesses`). When the renderer is killed outright (SIGKILL),
/// only lesson programs follow it (the Lab runtime sets Linux's parent-death signal): `swiftc`
/// and any helper a lesson program started keep running until they end on their own.
struct Subprocess {
  /// How a child process ended.
  enum Termination: Equatable {
    /// It exited with this status.
    case exited(Int32)
    /// A signal ended it (a trap is `SIGILL` or `SIGTRAP`).
    case signaled(Int32)
    /// It ran past the time limit and was killed.
    case timedOut
    /// `poll` asked for it to be stopped, and it was killed.
    case stopped

    /// Whether it exited with status 0.
    var succeeded: Bool { self == .exited(0) }
  }

  /// The program to run (an absolute path).
  var executable: String
  /// Its arguments, without the program name.
  var arguments: [String]
  /// The complete environment of the child.
  var environment: [String: String]
  /// Where the child's standard output goes.
  var outputPath: String
  /// Where the child's standard error goes (may equal ``outputPath``).
  var errorPath: String
  /// Seconds after which the whole process group is killed; no limit when `nil`.
  var timeout: Double?

  /// Starts the child and waits for it, calling `poll` about every 50 ms meanwhile; when `poll`
  /// returns true, the whole process group is killed.
  func run(poll: () -> Bool = { false }) throws -> Termination {
    var fileActions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&fileActions)
    defer { posix_spawn_file_actions_destroy(&fileActions) }
    posix_spawn_file_actions_addopen(&fileActions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(
      &fileActions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0o644)
    if errorPath == outputPath {
      posix_spawn_file_actions_adddup2(&fileActions, 1, 2)
    } else {
      posix_spawn_file_actions_addopen(
        &fileActions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0o644)
    }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
    posix_spawnattr_setpgroup(&attributes, 0)

    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp =
      environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in argv { free(pointer) }
      for pointer in envp { free(pointer) }
    }
    var pid: pid_t = 0
    let status = posix_spawn(&pid, executable, &fileActions, &attributes, argv, envp)
    guard status == 0 else {
      throw CocoaError(
        .executableLoad,
        userInfo: [
          NSLocalizedDescriptionKey:
            "cannot start \(executable): \(String(cString: strerror(status)))"
        ])
    }
    // The renderer stops its children when it is interrupted (`ChildProcesses`).
    defer { ChildProcesses.ended(pid) }
    if !ChildProcesses.started(pid) {
      kill(-pid, SIGKILL)
      kill(pid, SIGKILL)
    }
    let start = ContinuousClock.now
    var waitStatus: Int32 = 0
    while true {
      let result = waitpid(pid, &waitStatus, WNOHANG)
      if result == pid { break }
      if result < 0 && errno != EINTR { return .exited(-1) }
      let stop = poll()
      let late =
        timeout.map { ContinuousClock.now - start > .milliseconds(Int($0 * 1000)) } ?? false
      if stop || late {
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
        while waitpid(pid, &waitStatus, 0) < 0 && errno == EINTR {}
        return late ? .timedOut : .stopped
      }
      usleep(50_000)
    }
    _ = poll()
    let signal = waitStatus & 0x7f
    if signal == 0 { return .exited((waitStatus >> 8) & 0xff) }
    return .signaled(signal)
  }
}
