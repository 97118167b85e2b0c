import LabRecords

/// One lesson of the course as the index and the previous/next links see it.
public struct SiteEntry: Equatable, Sendable {
  /// The lesson's name, `02-lottery`.
  public var name: String
  /// Its title.
  public var title: String
  /// Its first paragraph as HTML (cmark's inline markup, escaped inline values).
  public var summary: String
  /// The formulas ``summary`` can hold (those of the prose it comes from), typeset by the index.
  public var summaryMath: [MathSpan] = []
  /// Claims passed (checks outside exercise grade cells).
  public var passed: Int
  /// Claims failed where enforced.
  public var failed: Int
  /// Whether its run failed (compile error, crash, time-out).
  public var broken: Bool
  /// Every check of the lesson, in page order, claims and exercise grades (for the course's
  /// claims page).
  public var checks: [PageCheck]
  /// The day the lesson ran, when known.
  public var date: String?

  /// Creates an entry.
  public init(
    name: String, title: String, summary: String = "", passed: Int, failed: Int, broken: Bool,
    checks: [PageCheck] = []
  ) {
    self.name = name
    self.title = title
    self.summary = summary
    self.passed = passed
    self.failed = failed
    self.broken = broken
    self.checks = checks
  }

  /// The entry of a rendered lesson: its title, first paragraph, claim counts and checks.
  public init(page: LessonPage) {
    let counts = page.checkCounts
    let summary = PageBuilder.summary(of: page)
    self.init(
      name: page.lesson.name, title: page.lesson.title, summary: summary.html,
      passed: counts.passed, failed: counts.failed, broken: page.run.failure != nil,
      checks: page.checks)
    summaryMath = summary.math
    date = page.run.date
  }

  /// How many of the lesson's exercise grade checks passed and failed (not claims).
  public var gradeCounts: (passed: Int, failed: Int) { checks.counts(grades: true) }

  /// The page's file name, `02-lottery.html`.
  public var file: String { name + ".html" }
}
