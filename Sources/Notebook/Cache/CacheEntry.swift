import Foundation
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
    for index in moved.cells.indices {
      moved.cells[index].items = moved.cells[index].items.map { item in
        // Only checks written in the lesson move with its cells; a check made by code in the
        // course's shared Swift file keeps its file and line.
        guard case .check(var check) = item, !check.file.hasSuffix(".swift") else { return item }
        // The cell whose code holds the check's line (a helper defined in one cell may be
        // called from another), by the fence lines of the cached run.
        if let cell = fenceLines.indices.last(where: { fenceLines[$0] <= check.line }),
          cell < current.count
        {
          check.line += current[cell] - fenceLines[cell]
        }
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
