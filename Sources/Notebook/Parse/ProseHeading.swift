/// A top-level heading of a lesson's prose, read from cmark's tree.
public struct ProseHeading: Codable, Equatable, Sendable {
  /// 1 to 6.
  public var level: Int
  /// Its content as cmark's inline HTML (math put back, inline placeholders kept).
  public var content: String
  /// The same content with every link replaced by the link's text, for the table of contents.
  public var contentWithoutLinks: String
  /// Its plain text (text and code, formulas as their TeX, inline placeholders kept): what its
  /// id is made from.
  public var text: String

  /// Creates a heading.
  public init(level: Int, content: String, contentWithoutLinks: String, text: String) {
    self.level = level
    self.content = content
    self.contentWithoutLinks = contentWithoutLinks
    self.text = text
  }
}
