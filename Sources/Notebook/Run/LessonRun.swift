import LabRecords

/// Everything one execution of a lesson's program produced, per cell, as plain data.
public struct LessonRun: Codable, Equatable, Sendable {
  /// One entry per cell of the lesson, `cells[i].index == i`, including cells that did not run.
  public var cells: [CellOutput]
  /// The text of each inline expression, by index; `nil` where it was not evaluated.
  public var inlines: [String?]
  /// Compiler diagnostics, mapped to the lesson's Markdown lines.
  public var diagnostics: [Diagnostic]
  /// Why the lesson failed, if it did.
  public var failure: RunFailure?
  /// Seconds spent compiling.
  public var compileSeconds: Double
  /// Seconds spent running, over all attempts.
  public var runSeconds: Double
  /// The day the lesson ran (`2026-12-01`, UTC, or the day of `$SOURCE_DATE_EPOCH`); a cached
  /// run keeps the day it ran.
  public var date: String?

  /// Creates a run result.
  public init(
    cells: [CellOutput], inlines: [String?], diagnostics: [Diagnostic] = [],
    failure: RunFailure? = nil, compileSeconds: Double = 0, runSeconds: Double = 0
  ) {
    self.cells = cells
    self.inlines = inlines
    self.diagnostics = diagnostics
    self.failure = failure
    self.compileSeconds = compileSeconds
    self.runSeconds = runSeconds
  }

  /// An empty run of `lesson`: every cell without output, every inline unevaluated.
  public static func empty(for lesson: Lesson) -> LessonRun {
    LessonRun(
      cells: lesson.cells.map { CellOutput(index: $0.index) },
      inlines: Array(repeating: nil, count: lesson.inlines.count))
  }

  /// Every check the lesson's cells made, in order.
  public var checks: [CheckRecord] {
    cells.flatMap { cell in
      cell.items.compactMap { item in
        if case .check(let check) = item { return check }
        return nil
      }
    }
  }

  /// Builds the per-cell outputs from the records of one execution.
  ///
  /// Records of cells outside `0..<cellCount` and inline values outside `0..<inlineCount` are
  /// ignored; a cell is finished when its `cellFinished` record is present.
  public static func assemble(records: [LabRecord], cellCount: Int, inlineCount: Int) -> LessonRun {
    var cells = (0..<cellCount).map { CellOutput(index: $0) }
    var inlines = [String?](repeating: nil, count: inlineCount)
    var warnings: [Diagnostic] = []
    for record in records {
      if case .inline(let index, let text) = record {
        if inlines.indices.contains(index) { inlines[index] = text }
        continue
      }
      guard let index = record.cell, cells.indices.contains(index) else { continue }
      if case .warning(_, let message) = record {
        // The file and line are the runner's to fill in: it knows the lesson.
        warnings.append(
          Diagnostic(
            file: "", line: 0, column: 0, severity: "warning", message: message, cell: index))
      }
      cells[index].apply(record)
    }
    return LessonRun(cells: cells, inlines: inlines, diagnostics: warnings)
  }
}
