import LabRecords

/// A lesson with its run: what a page and its JSON twin are made from.
public struct LessonPage: Codable, Equatable, Sendable {
  /// The parsed lesson.
  public var lesson: Lesson
  /// Its outputs.
  public var run: LessonRun
  /// The profile it ran in.
  public var profile: Profile
  /// What the run was made with (engine, toolchain, dataset), when known; pages written before
  /// these facts were recorded decode with `nil`.
  public var facts: RunFacts?

  /// Creates a page.
  public init(lesson: Lesson, run: LessonRun, profile: Profile, facts: RunFacts? = nil) {
    self.lesson = lesson
    self.run = run
    self.profile = profile
    self.facts = facts
  }

  /// How many checks passed and failed.
  public var checkCounts: (passed: Int, failed: Int) {
    let checks = run.checks
    return (checks.filter(\.passed).count, checks.filter(\.failed).count)
  }
}
