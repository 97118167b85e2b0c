import Foundation

/// Serialises the tests that change settings global to the process (the engine's thread count,
/// the sparse kernels' SIMD cap), or whose bits depend on them, across suites and test targets: `.serialized` orders the tests of one suite
/// only, and two suites capping the SIMD level at once would make each other's kernels round
/// differently. Recursive: a region may nest another (a level, then a thread count).
public let engineSettingsLock = NSRecursiveLock()

/// Runs `body` holding ``engineSettingsLock``.
public func withEngineSettingsLocked<R>(_ body: () throws -> R) rethrows -> R {
  engineSettingsLock.lock()
  defer { engineSettingsLock.unlock() }
  return try body()
}
