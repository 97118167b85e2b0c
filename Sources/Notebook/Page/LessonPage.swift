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

  /// How many of the page's claims (its checks outside exercise grade cells) passed and failed.
  public var checkCounts: (passed: Int, failed: Int) { checks.counts(grades: false) }

  /// How many of the page's exercise grade checks passed and failed.
  public var gradeCounts: (passed: Int, failed: Int) { checks.counts(grades: true) }

  /// Every check of the page in page order, with its badge's id and, for a check made in an
  /// exercise's grade cell, that exercise and the cell's points.
  ///
  /// A grade cell's checks decide a student's grade; in the instructor's edition they run against
  /// the solution, so they pass by construction and are not claims of the course. A check is
  /// placed by the cell it was made in (a helper of `course.swift` called from a grade cell
  /// grades too), as ``Grader`` counts it.
  public var checks: [PageCheck] {
    let anchors = ClaimsPage.anchors(of: run.checks)
    var result: [PageCheck] = []
    for output in run.cells {
      let options =
        lesson.cells.indices.contains(output.index)
        ? lesson.cells[output.index].options : nil
      for case .check(let check) in output.items {
        let anchor =
          anchors.indices.contains(result.count) ? anchors[result.count] : "check-\(check.line)"
        result.append(
          PageCheck(
            check: check, anchor: anchor, exercise: options?.grade,
            points: options?.grade == nil ? 0 : options?.points ?? 1, cell: output.index))
      }
    }
    return result
  }
}

/// One check of a lesson page: a claim of the course, or a check that grades an exercise.
public struct PageCheck: Equatable, Sendable {
  /// What the check measured and whether it held.
  public var check: CheckRecord
  /// The id of its badge on the lesson page (`check-57`), which the claims page links to.
  public var anchor: String
  /// The exercise whose grade cell made the check; `nil` for a claim of the course.
  public var exercise: String?
  /// What the grade cell is worth (`points: N`, default 1); 0 for a claim.
  public var points: Double
  /// The index of the cell that made the check, when known (a grade cell's checks share it).
  public var cell: Int?

  /// Creates a page check; without `exercise` it is a claim.
  public init(
    check: CheckRecord, anchor: String, exercise: String? = nil, points: Double = 0,
    cell: Int? = nil
  ) {
    self.check = check
    self.anchor = anchor
    self.exercise = exercise
    self.points = points
    self.cell = cell
  }
}

extension [PageCheck] {
  /// How many of the claims (`grades: false`) or of the exercise grade checks (`grades: true`)
  /// passed, and how many failed where enforced.
  func counts(grades: Bool) -> (passed: Int, failed: Int) {
    let picked = filter { ($0.exercise != nil) == grades }.map(\.check)
    return (picked.filter(\.passed).count, picked.filter(\.failed).count)
  }
}
