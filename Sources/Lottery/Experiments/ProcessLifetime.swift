@_implementationOnly import CKernels

/// Ties a process's life to its parent's, for experiment processes a lesson program starts.
public enum ProcessLifetime {
  /// Arranges for this process to be killed when its parent dies, provided the parent is still
  /// `expectedParent` (a process started by an already-dead parent exits at once, with 137).
  /// Says whether it could (Linux only).
  @discardableResult
  public static func dieWithParent(_ expectedParent: Int32) -> Bool {
    tb_die_with_parent(expectedParent) == 0
  }
}
