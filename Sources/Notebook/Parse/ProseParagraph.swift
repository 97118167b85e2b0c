/// A paragraph of a lesson's prose as the course index's summary uses it.
public struct ProseParagraph: Codable, Equatable, Sendable {
  /// Its content as cmark's inline HTML with every link replaced by the link's text (math put
  /// back, inline placeholders kept).
  public var contentWithoutLinks: String
  /// Whether it ends in a colon, announcing what follows.
  public var endsWithColon: Bool
  /// Whether a block quote begins between the paragraph before it and this one.
  public var quoted: Bool

  /// Creates a paragraph.
  public init(contentWithoutLinks: String, endsWithColon: Bool, quoted: Bool) {
    self.contentWithoutLinks = contentWithoutLinks
    self.endsWithColon = endsWithColon
    self.quoted = quoted
  }
}
