/// One top-level Markdown block of a ``Prose`` run: a heading, a paragraph, a list, a quote, …
public struct ProseBlock: Codable, Equatable, Sendable {
  /// cmark's HTML for the block, math and tables put back, inline placeholders kept.
  public var html: String
  /// What the page needs of the block when it is a heading.
  public var heading: ProseHeading?
  /// The formulas in the block, in order, as ``MathExtraction`` found them.
  public var math: [MathSpan]

  /// Creates a block.
  public init(html: String, heading: ProseHeading? = nil, math: [MathSpan] = []) {
    self.html = html
    self.heading = heading
    self.math = math
  }
}
