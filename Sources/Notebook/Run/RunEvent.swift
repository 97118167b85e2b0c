/// What the runner reports while it works, for live progress.
public enum RunEvent: Equatable, Sendable {
  /// Compilation started.
  case compiling
  /// Execution started (attempt 1, or a later one after an `error: true` cell trapped).
  case running(attempt: Int)
  /// A cell started.
  case cellStarted(Int)
  /// A progress reporter advanced.
  case progress(cell: Int, label: String, done: Int, total: Int)
}
