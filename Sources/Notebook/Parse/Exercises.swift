/// Exercises: a student's cell (`//| exercise: ID`), the instructor's answer (`//| solution:
/// ID`) and the checks that grade it (`//| grade: ID`, worth `//| points: N`).
///
/// One lesson file serves every edition. The instructor's lesson holds the three; the student's
/// copy (``Lesson/studentSource(_:)``) has the solutions taken out, so the student's cell is
/// what runs there.
public enum Edition: Sendable, Equatable {
  /// The instructor's pages: a solution runs in place of its exercise cell (shown, not run),
  /// folded behind "Solution".
  case instructor
  /// The student's pages: no solutions; exercise and grade cells are shown and not run.
  case student
  /// Grading: an exercise cell runs unless its lesson holds a solution (which then runs); grade
  /// cells run as `error: true` cells, so one failing check cell does not stop the rest; the
  /// exercises in `disabled` (which failed to compile or trapped) are left out entirely.
  case grading(disabled: Set<String>)
}

extension Lesson {
  /// The exercise ids in order of their first cell.
  public var exerciseIDs: [String] {
    var ids: [String] = []
    for cell in cells {
      if let id = cell.options.exerciseRole?.id, !ids.contains(id) { ids.append(id) }
    }
    return ids
  }

  /// Checks that every solution and grade cell names an exercise of the lesson (its exercise
  /// cell, or in a student's copy, its grade cells) and that points sit on grade cells.
  ///
  /// - Throws: ``LessonError`` naming the cell's fence line.
  func validateExercises() throws(LessonError) {
    let exercises = Set(cells.compactMap(\.options.exercise))
    for cell in cells {
      if let id = cell.options.solution, !exercises.contains(id) {
        throw LessonError(
          file: path, line: cell.fenceLine,
          message: "solution '\(id)' has no exercise cell (`//| exercise: \(id)`) in the lesson")
      }
      if let id = cell.options.grade, !exercises.contains(id) {
        throw LessonError(
          file: path, line: cell.fenceLine,
          message: "grade '\(id)' has no exercise cell (`//| exercise: \(id)`) in the lesson")
      }
      if cell.options.points != nil && cell.options.grade == nil {
        throw LessonError(
          file: path, line: cell.fenceLine,
          message: "`points` belongs on a grade cell (`//| grade: ID`)")
      }
    }
  }

  /// The lesson as `edition` runs and shows it (cell options changed, nothing removed, so cell
  /// indices and line numbers stay).
  public func edition(_ edition: Edition) -> Lesson {
    let solved = Set(cells.compactMap(\.options.solution))
    guard !exerciseIDs.isEmpty else { return self }
    var lesson = self
    lesson.blocks = blocks.map { block in
      guard case .cell(var cell) = block, let (id, role) = cell.options.exerciseRole else {
        return block
      }
      switch (edition, role) {
      case (.instructor, .exercise):
        if solved.contains(id) { cell.options.eval = false }
      case (.instructor, .solution):
        cell.options.fold = true
      case (.instructor, .grade):
        break
      case (.student, .solution):
        cell.options.eval = false
        cell.options.echo = false
        cell.options.output = false
      case (.student, .exercise), (.student, .grade):
        cell.options.eval = false
      case (.grading(let disabled), _) where disabled.contains(id):
        cell.options.eval = false
      case (.grading, .exercise):
        if solved.contains(id) { cell.options.eval = false }
      case (.grading, .solution):
        break
      case (.grading, .grade):
        cell.options.error = true
      }
      return .cell(cell)
    }
    return lesson
  }

  /// The student's copy of the lesson's Markdown `source`: every solution cell's fenced block
  /// (its fence lines included) taken out, everything else byte for byte as it was.
  public func studentSource(_ source: String) -> String {
    var lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var drop: [ClosedRange<Int>] = []
    for cell in cells where cell.options.solution != nil {
      // From the opening fence to the closing one (the line after the last code line).
      let last = (cell.lineNumbers.last ?? cell.fenceLine) + 1
      var end = min(last, lines.count)
      // A blank line after the block goes too, so no double blank line is left behind.
      if end < lines.count, lines[end].trimmingCharacters(in: .whitespaces).isEmpty { end += 1 }
      drop.append(cell.fenceLine...end)
    }
    for range in drop.sorted(by: { $0.lowerBound > $1.lowerBound }) {
      let lower = range.lowerBound - 1
      let upper = min(range.upperBound, lines.count) - 1
      guard lower >= 0, lower <= upper else { continue }
      lines.removeSubrange(lower...upper)
    }
    return lines.joined(separator: "\n")
  }
}
