import Foundation

/// The course: its lessons in order, for the index and every page's previous/next links.
public struct Site: Equatable, Sendable {
  /// The lessons, in course order (file-name order).
  public var entries: [SiteEntry]
  /// The course's name, from the first heading of `course.md` beside the lessons.
  public var title: String
  /// What the course is: the prose of `course.md` after its first heading, as HTML.
  public var introduction: String
  /// The formulas of ``introduction``, as its prose blocks hold them, typeset by the index.
  public var introductionMath: [MathSpan] = []

  /// Creates a site; an empty site gives pages without previous/next links.
  public init(entries: [SiteEntry] = [], title: String = "Lessons", introduction: String = "") {
    self.entries = entries
    self.title = title
    self.introduction = introduction
  }

  /// The site of `entries` introduced by the course page at `path` (its first heading is the
  /// course's name, the rest of its prose says what the course is); a missing page leaves the
  /// defaults.
  public init(entries: [SiteEntry], coursePage path: String?) throws(LessonError) {
    self.init(entries: entries)
    guard let path, FileManager.default.fileExists(atPath: path) else { return }
    let lesson = try LessonParser().parse(path: path)
    title = lesson.title
    var html = ""
    var droppedTitle = false
    for case .prose(let prose) in lesson.blocks {
      for block in prose.blocks {
        // The course's name is the page's title; the first heading is not repeated under it.
        if !droppedTitle, block.heading?.level == 1 {
          droppedTitle = true
          continue
        }
        html += block.html
        introductionMath += block.math
      }
    }
    introduction = html
  }

  /// The days the lessons ran: `2026-12-01`, or `2026-11-30 to 2026-12-01`; empty when unknown.
  public var runDays: String {
    let days = entries.compactMap(\.date).sorted()
    guard let first = days.first, let last = days.last else { return "" }
    return first == last ? first : "\(first) to \(last)"
  }

  /// The position of lesson `name`, if it is part of the site.
  public func position(of name: String) -> Int? {
    entries.firstIndex { $0.name == name }
  }

  /// The status's CSS class: `fail` when the run failed or a claim or grade check failed, `pass`
  /// when every claim and grade check counted passed and there is at least one, `none` otherwise.
  static func statusClass(
    passed: Int, failed: Int, gradesPassed: Int = 0, gradesFailed: Int = 0, broken: Bool
  ) -> String {
    broken || failed + gradesFailed > 0 ? "fail" : passed + gradesPassed > 0 ? "pass" : "none"
  }

  /// `3 of 4 claims hold`, `1 of 1 claim holds`, `no claims`, followed by
  /// `; 5 of 5 grade checks pass` when there are exercise grade checks, and prefixed with
  /// `failed to run; ` when the run failed.
  static func statusText(
    passed: Int, failed: Int, gradesPassed: Int = 0, gradesFailed: Int = 0, broken: Bool
  ) -> String {
    let claims = passed + failed
    var text =
      claims == 0
      ? "no claims" : "\(passed) of \(claims) \(claims == 1 ? "claim holds" : "claims hold")"
    let grades = gradesPassed + gradesFailed
    if grades > 0 {
      text +=
        "; \(gradesPassed) of \(grades) \(grades == 1 ? "grade check passes" : "grade checks pass")"
    }
    return broken ? "failed to run; " + text : text
  }
}
