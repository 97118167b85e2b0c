/// One top-level piece of a lesson.
public enum Block: Codable, Equatable, Sendable {
  /// Markdown prose between cells.
  case prose(Prose)
  /// A Swift cell that runs.
  case cell(Cell)
  /// A fenced block in another language, shown and never run.
  case code(CodeBlock)
}
