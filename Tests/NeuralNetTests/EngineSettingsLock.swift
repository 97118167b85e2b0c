import Foundation

/// Serialises the tests that change settings global to the process (the engine's thread count,
/// the sparse kernels' SIMD cap) across suites: `.serialized` orders the tests of one suite
/// only, and two suites capping the SIMD level at once would make each other's kernels round
/// differently. Recursive: a region may nest another (a level, then a thread count).
let engineSettingsLock = NSRecursiveLock()

/// Runs `body` holding ``engineSettingsLock``.
func withEngineSettingsLocked<R>(_ body: () throws -> R) rethrows -> R {
  engineSettingsLock.lock()
  defer { engineSettingsLock.unlock() }
  return try body()
}
