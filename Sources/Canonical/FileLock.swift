import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// An exclusive `flock` on a lock file, held until ``release()`` or until the process exits,
/// however it exits (the kernel drops the lock with the last descriptor).
///
/// Used where two processes may work on the same thing at once: a memo entry being computed,
/// a lesson's build directory in a cache two renders share. When the lock cannot be taken (no
/// directory, a file system without locks) the caller goes on unlocked: the locks only order
/// work, they never decide results.
public final class FileLock {
  private var descriptor: Int32 = -1

  /// Opens (creating, never through a symbolic link) `path` and waits for an exclusive lock.
  public init(path: String) {
    try? FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
    guard fd >= 0 else { return }
    while flock(fd, LOCK_EX) != 0 {
      if errno != EINTR {
        close(fd)
        return
      }
    }
    descriptor = fd
  }

  /// Whether the lock is held.
  public var acquired: Bool { descriptor >= 0 }

  /// Releases the lock (closing the file releases it).
  public func release() {
    if descriptor >= 0 { close(descriptor) }
    descriptor = -1
  }
}
