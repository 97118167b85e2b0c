/// A stored successful run of a lesson.
public struct CacheEntry: Codable, Equatable, Sendable {
  /// The key it was computed under.
  public var key: CacheKey
  /// The outputs.
  public var run: LessonRun
  /// The Markdown line of each cell's fence when it ran, to move check lines after prose edits.
  public var fenceLines: [Int]

  /// Creates an entry.
  public init(key: CacheKey, run: LessonRun, fenceLines: [Int]) {
    self.key = key
    self.run = run
    self.fenceLines = fenceLines
  }

  /// The run with its line numbers moved to the cells' current places in `lesson`.
  public func run(relocatedTo lesson: Lesson) -> LessonRun {
    var moved = run
    let current = lesson.cells.map(\.fenceLine)
    for index in moved.cells.indices where index < current.count && index < fenceLines.count {
      let shift = current[index] - fenceLines[index]
      moved.cells[index].items = moved.cells[index].items.map { item in
        guard case .check(var check) = item else { return item }
        check.line += shift
        check.file = lesson.path
        return .check(check)
      }
    }
    for index in moved.diagnostics.indices {
      guard let cell = moved.diagnostics[index].cell, cell < current.count,
        cell < fenceLines.count
      else { continue }
      moved.diagnostics[index].line += current[cell] - fenceLines[cell]
      moved.diagnostics[index].file = lesson.path
    }
    return moved
  }
}
