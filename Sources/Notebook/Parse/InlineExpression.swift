/// A `` `{swift} expr` `` code span in prose: evaluated where it stands, printed into the text.
public struct InlineExpression: Codable, Equatable, Sendable {
  /// Its position among all inline expressions of the lesson, from 0.
  public var index: Int
  /// The Swift expression.
  public var expression: String
  /// The Markdown line it is on (1-based).
  public var line: Int
  /// The 1-based column of the expression's first character on that line.
  public var column: Int

  /// Creates an inline expression.
  public init(index: Int, expression: String, line: Int, column: Int) {
    self.index = index
    self.expression = expression
    self.line = line
    self.column = column
  }
}
