/// A fenced code block in a language other than Swift.
public struct CodeBlock: Codable, Equatable, Sendable {
  /// The info string's first word (`python`, `sh`, or empty).
  public var language: String
  /// The code, without the fences.
  public var text: String
  /// The Markdown line of the opening fence.
  public var line: Int

  /// Creates a code block.
  public init(language: String, text: String, line: Int) {
    self.language = language
    self.text = text
    self.line = line
  }
}
