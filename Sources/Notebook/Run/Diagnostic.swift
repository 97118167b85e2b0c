import Foundation

/// A compiler message mapped to the lesson.
public struct Diagnostic: Codable, Equatable, Sendable, CustomStringConvertible {
  /// The file the compiler named (the lesson, thanks to `#sourceLocation`).
  public var file: String
  /// The 1-based line.
  public var line: Int
  /// The 1-based column; 0 for a message about a whole cell, such as a lesson program's
  /// warning (``isRunWarning``).
  public var column: Int
  /// `error`, `warning` or `note`.
  public var severity: String
  /// The compiler's message.
  public var message: String
  /// The cell the line belongs to, if any.
  public var cell: Int?

  /// Creates a diagnostic.
  public init(
    file: String, line: Int, column: Int, severity: String, message: String, cell: Int? = nil
  ) {
    self.file = file
    self.line = line
    self.column = column
    self.severity = severity
    self.message = message
    self.cell = cell
  }

  /// `file:line:column: severity: message` (`file:line: severity: message` without a column).
  public var description: String {
    column > 0
      ? "\(file):\(line):\(column): \(severity): \(message)"
      : "\(file):\(line): \(severity): \(message)"
  }

  /// Whether this is a warning the lesson program gave while it ran (a `LabRecord.warning`),
  /// not the compiler's: true of one run only, so never replayed from the cache.
  public var isRunWarning: Bool { severity == "warning" && column == 0 }

  /// Reads the `file:line:column: severity: message` lines of compiler output; other lines
  /// (source excerpts, carets) are skipped.
  public static func parse(_ output: String) -> [Diagnostic] {
    var found: [Diagnostic] = []
    for line in output.split(separator: "\n") {
      let parts = line.split(separator: ":", maxSplits: 4, omittingEmptySubsequences: false)
      guard parts.count == 5, let number = Int(parts[1]), let column = Int(parts[2]) else {
        continue
      }
      let severity = parts[3].trimmingCharacters(in: .whitespaces)
      guard ["error", "warning", "note"].contains(severity) else { continue }
      let message = parts[4].trimmingCharacters(in: .whitespaces)
      let diagnostic = Diagnostic(
        file: String(parts[0]), line: number, column: column, severity: severity,
        message: message)
      if !found.contains(diagnostic) { found.append(diagnostic) }
    }
    return found
  }
}
