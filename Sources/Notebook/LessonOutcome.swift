import LabRecords

/// What rendering one lesson came to.
public struct LessonOutcome: Sendable {
  /// The lesson file.
  public var path: String
  /// Its name (file name without extension).
  public var name: String
  /// Whether it compiled and ran (failed checks do not make it fail).
  public var succeeded: Bool
  /// Compiler diagnostics and the failure, as `file:line:column: error: …` lines.
  public var messages: [String]
  /// Its claims: the checks made outside exercise grade cells.
  public var checks: [CheckRecord]
  /// The checks of its exercises' grade cells (in the instructor's edition they grade the
  /// solutions, so a failure means a solution is wrong), with their exercise and points.
  public var grades: [PageCheck] = []
  /// Whether the run came from the cache.
  public var cached: Bool
  /// Why it ran (or did not), for `--explain`.
  public var explanation: String
  /// Whether its page and JSON were written.
  public var pageWritten: Bool
  /// Seconds it took, end to end.
  public var seconds: Double
  /// Seconds spent compiling its program (0 when cached or nothing to compile).
  public var compileSeconds: Double = 0

  /// The claims that failed where enforced.
  public var failedChecks: [CheckRecord] { checks.filter(\.failed) }

  /// The grade checks that failed where enforced.
  public var failedGrades: [PageCheck] { grades.filter(\.check.failed) }
}
