import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A render's job budget shared by every process that computes for it: `count` slot files in a
/// directory, each held by at most one process through an exclusive `flock`.
///
/// A lesson program takes a slot when it starts and gives it back while it waits for its batch
/// of experiment processes (`memoAll`), each of which takes a slot before it computes; so a
/// render with `--jobs 2` never has more than two processes computing, however its lessons
/// split their work. A slot is released when its holder exits, however it exits (the kernel
/// drops the lock with the descriptor). Where locks cannot be taken, work goes on unlimited:
/// slots order work, they never decide results.
public struct JobSlots: Sendable {
  /// The directory of slot files.
  public let directory: String
  /// How many slots there are.
  public let count: Int

  /// The slots in `directory`, creating its `count` slot files.
  public init(directory: String, count: Int) {
    self.directory = directory
    self.count = max(1, count)
    try? FileManager.default.createDirectory(
      atPath: directory, withIntermediateDirectories: true)
  }

  /// A held slot; ``release()`` (or the process's exit) frees it.
  public final class Slot: @unchecked Sendable {
    private var descriptor: Int32
    /// The slot's index.
    public let index: Int

    init(descriptor: Int32, index: Int) {
      self.descriptor = descriptor
      self.index = index
    }

    /// Frees the slot.
    public func release() {
      if descriptor >= 0 { close(descriptor) }
      descriptor = -1
    }

    deinit { release() }
  }

  /// Waits for a free slot and takes it (nil when no slot file can be opened or locked at all).
  public func acquire() -> Slot? {
    var descriptors: [Int32] = []
    for index in 0..<count {
      let fd = open(
        directory + "/slot-\(index)", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
      descriptors.append(fd)
    }
    defer { for fd in descriptors where fd >= 0 { close(fd) } }
    guard descriptors.contains(where: { $0 >= 0 }) else { return nil }
    while true {
      for (index, fd) in descriptors.enumerated() where fd >= 0 {
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
          // The lock belongs to the open file description: keep a duplicate, close the rest.
          let held = fcntl(fd, F_DUPFD_CLOEXEC, 0)
          if held >= 0 { return Slot(descriptor: held, index: index) }
          flock(fd, LOCK_UN)
          return nil
        }
        if errno != EWOULDBLOCK && errno != EINTR { return nil }
      }
      usleep(20_000)
    }
  }
}
