import Foundation
import LabRecords

/// One exercise's grade: passed or not, points, the measurements of its checks, the error that
/// zeroed it.
public struct ExerciseGrade: Codable, Equatable, Sendable {
  /// The lesson file.
  public var lesson: String
  /// The exercise id.
  public var exercise: String
  /// Whether every grade cell of the exercise passed.
  public var passed: Bool
  /// Points earned: the points of the grade cells that passed.
  public var points: Double
  /// Points possible: every grade cell's `points` (1 each when not given).
  public var maxPoints: Double
  /// Every check its grade cells made, with what it measured.
  public var checks: [CheckRecord]
  /// Why it scored zero without its checks being judged (a compile error, a trap, a time-out in
  /// its cells, or the lesson failing elsewhere).
  public var error: String?
}

/// Grades a lesson's exercises on a live run (`ticketbook grade`).
///
/// The lesson runs in the grading edition (``Edition/grading(disabled:)``): the student's cells
/// (or, in the instructor's lesson, the solutions) and everything else, with grade cells
/// isolated like `error: true` cells. When the program does not compile, or traps or times out,
/// in the cells of one exercise, that exercise scores zero with the error and the lesson runs
/// again without it, so the other exercises are still graded. A failure outside every exercise
/// zeroes the exercises not graded yet.
public struct Grader: Sendable {
  /// The options lessons run with (profile, cache, limits); pages go to a directory of the
  /// cache, never to the published output.
  public var options: NotebookOptions

  /// Creates a grader; runs share `options`' cache and memo store.
  public init(options: NotebookOptions) {
    var options = options
    options.outputDirectory = options.cacheDirectory + "/grade"
    options.force = true
    options.slides = false
    options.pdfChromium = nil
    // A student's grading runs on the student's machine: batches of experiments run as local
    // processes at most (`--executor slurm` is for renders).
    options.batches.executor = .local
    self.options = options
  }

  /// Grades every exercise of the lesson at `path`, in the order they appear.
  public func grade(
    _ path: String, onEvent: @escaping @Sendable (NotebookEvent) -> Void = { _ in }
  ) -> [ExerciseGrade] {
    let ids: [String]
    do {
      ids = try LessonParser().parse(path: path).exerciseIDs
    } catch {
      return []
    }
    var disabled: Set<String> = []
    var errors: [String: String] = [:]
    var lessonError: String?
    var last: LessonPage?
    defer {
      if let slots = Pipeline.jobSlots(options) {
        try? FileManager.default.removeItem(atPath: slots)
      }
    }
    for _ in 0...ids.count {
      var options = self.options
      options.edition = .grading(disabled: disabled)
      let (outcome, page) = Pipeline(options: options).run(path, onEvent: onEvent)
      guard let page else {
        lessonError = outcome.messages.joined(separator: "\n")
        break
      }
      last = page
      guard let failure = page.run.failure else { break }
      if let id = Self.culprit(of: failure, in: page), !disabled.contains(id) {
        disabled.insert(id)
        errors[id] = Self.message(for: id, failure: failure, in: page)
        continue
      }
      lessonError = failure.message
      break
    }
    return ids.map { id in
      let gradeCells = (last?.lesson.cells ?? []).filter { $0.options.grade == id }
      let possible = gradeCells.reduce(0) { $0 + ($1.options.points ?? 1) }
      var grade = ExerciseGrade(
        lesson: path, exercise: id, passed: false, points: 0, maxPoints: max(possible, 1),
        checks: [], error: errors[id] ?? lessonError)
      guard grade.error == nil, let page = last, !gradeCells.isEmpty else {
        if grade.error == nil { grade.error = "exercise '\(id)' has no grade cell" }
        return grade
      }
      var earned = 0.0
      var failures: [String] = []
      for cell in gradeCells {
        let output =
          page.run.cells.indices.contains(cell.index)
          ? page.run.cells[cell.index] : CellOutput(index: cell.index)
        let checks = output.items.compactMap { item -> CheckRecord? in
          if case .check(let check) = item { return check }
          return nil
        }
        grade.checks += checks
        if let error = output.error {
          failures.append("\(cell.displayName) failed: \(error)")
        } else if !output.finished {
          failures.append("\(cell.displayName) did not run")
        } else if checks.isEmpty {
          failures.append("\(cell.displayName) made no check")
        } else if checks.allSatisfy(\.passed) {
          earned += cell.options.points ?? 1
        }
      }
      grade.points = earned
      grade.passed = earned == possible && failures.isEmpty
      if !failures.isEmpty { grade.error = failures.joined(separator: "\n") }
      return grade
    }
  }

  /// The exercise whose cells a failure is in: the first compiler error in an exercise's
  /// cells, or the cell the program stopped in.
  static func culprit(of failure: RunFailure, in page: LessonPage) -> String? {
    let cells = page.lesson.cells
    func exercise(of index: Int?) -> String? {
      guard let index, cells.indices.contains(index) else { return nil }
      return cells[index].options.exerciseRole?.id
    }
    if failure.kind == .compile {
      for diagnostic in page.run.diagnostics where diagnostic.severity == "error" {
        if let id = exercise(of: diagnostic.cell) { return id }
      }
      return nil
    }
    return exercise(of: failure.cell)
  }

  /// The error shown for an exercise zeroed by `failure`: its compiler errors, or the failure.
  static func message(for id: String, failure: RunFailure, in page: LessonPage) -> String {
    guard failure.kind == .compile else { return failure.message }
    let cells = Set(page.lesson.cells.filter { $0.options.exerciseRole?.id == id }.map(\.index))
    let errors = page.run.diagnostics.filter {
      $0.severity == "error" && $0.cell.map(cells.contains) == true
    }
    return errors.isEmpty ? failure.message : errors.map(\.description).joined(separator: "\n")
  }
}
