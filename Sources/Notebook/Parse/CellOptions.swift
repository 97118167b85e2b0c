/// The options of a cell, from its `//| key: value` lines.
public struct CellOptions: Codable, Equatable, Sendable {
  /// The longest time limit a cell option or `--timeout` may set, in seconds: one year. Longer
  /// limits (or `inf`) cannot be counted in the milliseconds the runner waits in.
  public static let maximumTimeout: Double = 365 * 24 * 3600

  /// A name for the cell, used in messages and as its anchor.
  public var label: String?
  /// Whether the page shows the code.
  public var echo: Bool = true
  /// Whether the cell runs.
  public var eval: Bool = true
  /// Whether the page shows the cell's output.
  public var output: Bool = true
  /// Whether the cell may fail at run time without failing the lesson.
  public var error: Bool = false
  /// A caption for the cell's figure or table.
  public var caption: String?
  /// Alternative text for the cell's figure.
  public var alt: String?
  /// Whether the code is shown folded (collapsed behind a summary).
  public var fold: Bool = false
  /// Seconds the cell may run before its program is stopped (no limit of its own when nil;
  /// the render's `--timeout` still bounds the whole program).
  public var timeout: Double?
  /// What a slide deck shows of the cell: its output (`nil`, the default), its code and output
  /// (`slide: code`), or nothing (`slide: hide`).
  public var slide: SlideContent?
  /// The exercise this cell is the student's part of (`exercise: ID`): a stub in the handed-out
  /// lesson, the student's answer in a submission.
  public var exercise: String?
  /// The exercise this cell is the instructor's answer to (`solution: ID`).
  public var solution: String?
  /// The exercise whose checks this cell holds (`grade: ID`).
  public var grade: String?
  /// What the grade cell's checks are worth (`points: N`, default 1).
  public var points: Double?

  /// Creates options with the defaults: shown, run, output shown, must not fail.
  public init() {}

  /// Every option key a cell may use.
  public static let keys = [
    "label", "echo", "eval", "output", "error", "caption", "alt", "fold", "timeout", "slide",
    "exercise", "solution", "grade", "points",
  ]

  /// The exercise the cell belongs to, as its exercise, solution or grade cell.
  public var exerciseRole: (id: String, role: ExerciseRole)? {
    if let exercise { return (exercise, .exercise) }
    if let solution { return (solution, .solution) }
    if let grade { return (grade, .grade) }
    return nil
  }
}

/// The part a cell plays in an exercise.
public enum ExerciseRole: String, Sendable {
  /// The student's cell.
  case exercise
  /// The instructor's answer.
  case solution
  /// The checks that grade it.
  case grade
}

/// What a slide deck shows of a cell.
public enum SlideContent: String, Codable, Sendable, CaseIterable {
  /// The output only (the default).
  case output
  /// The code, then the output.
  case code
  /// Nothing: the cell is left off the slides.
  case hide
}
