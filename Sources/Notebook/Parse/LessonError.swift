/// A problem in a lesson, located at a Markdown line and column.
public struct LessonError: Error, Codable, Equatable, Sendable, CustomStringConvertible {
  /// The lesson file.
  public var file: String
  /// The 1-based line, or 0 when the problem is the whole file.
  public var line: Int
  /// The 1-based column, or 0 when unknown.
  public var column: Int
  /// What is wrong.
  public var message: String

  /// Creates an error.
  public init(file: String, line: Int = 0, column: Int = 0, message: String) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  /// `file:line:column: error: message`, the form editors and terminals link to.
  public var description: String {
    var location = file
    if line > 0 { location += ":\(line)" }
    if line > 0 && column > 0 { location += ":\(column)" }
    return "\(location): error: \(message)"
  }
}
