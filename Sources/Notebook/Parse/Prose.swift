/// A run of Markdown blocks between two code blocks.
public struct Prose: Codable, Equatable, Sendable {
  /// The first and last Markdown lines it spans (1-based, inclusive).
  public var lines: ClosedRange<Int>
  /// cmark's HTML for the prose; each inline expression `k` appears as
  /// ``Prose/placeholder(_:)`` and is replaced by its value when the page is rendered.
  public var html: String
  /// The inline expressions inside this prose, in order.
  public var inlines: [InlineExpression]

  /// Creates a prose block.
  public init(lines: ClosedRange<Int>, html: String, inlines: [InlineExpression]) {
    self.lines = lines
    self.html = html
    self.inlines = inlines
  }

  /// Whether the prose has math, which a page typesets with KaTeX.
  public var hasMath: Bool {
    MathExtraction.hasMath(html)
  }

  /// The text standing for inline expression `index` in ``html``: private-use characters that
  /// cmark passes through untouched and that no escaping changes.
  public static func placeholder(_ index: Int) -> String {
    "\u{E000}\(index)\u{E001}"
  }
}
